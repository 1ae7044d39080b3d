/**
 * The plans a business can be on, and what each includes. Today the one difference is connected
 * calendars (the source's promise: integrations are disconnected automatically when an account is
 * downgraded). New businesses start on {@link DEFAULT_PLAN}; existing ones were migrated to it.
 */
export const PLANS = {
  basic: { calendars: false },
  professional: { calendars: true },
} as const;

export type PlanName = keyof typeof PLANS;
export const PLAN_NAMES = Object.keys(PLANS) as [PlanName, ...PlanName[]];
export const DEFAULT_PLAN: PlanName = 'professional';

/** Whether `plan` includes connected calendars (an unknown name includes nothing). */
export function planIncludesCalendars(plan: string): boolean {
  return (PLANS as Record<string, { calendars: boolean }>)[plan]?.calendars ?? false;
}
