/**
 * What the front desk reads at a glance, as pure rules over cached rows: how long a walk-in has waited
 * and whether that is past its estimate, and who is with each staff member now and next. The day view
 * and the overlay both show these; keeping them here keeps the two windows in agreement.
 */
import type { Booking, WalkIn } from '../domain/schemas';

/** Minutes past its estimated wait after which a waiting walk-in is flagged to the receptionist. */
export const WAIT_OVERDUE_GRACE_MINUTES = 10;

/** Whole minutes a walk-in has waited since it arrived (never negative). */
export function waitedMinutes(walkIn: Pick<WalkIn, 'arrivedAt'>, now: number): number {
  return Math.max(0, Math.floor((now - Date.parse(walkIn.arrivedAt)) / 60_000));
}

/** True when a waiting walk-in has waited its estimate plus {@link WAIT_OVERDUE_GRACE_MINUTES}. */
export function isWaitOverdue(
  walkIn: Pick<WalkIn, 'arrivedAt' | 'estimatedWaitMinutes' | 'status'>,
  now: number,
): boolean {
  if (walkIn.status !== 'waiting' && walkIn.status !== 'called') return false;
  if (walkIn.estimatedWaitMinutes === null) return false;
  return waitedMinutes(walkIn, now) >= walkIn.estimatedWaitMinutes + WAIT_OVERDUE_GRACE_MINUTES;
}

/** A staff member's booking in the chair now (in service, or due now), and the next `count` after it. */
export interface NowAndNext<B> {
  now: B | null;
  next: B[];
}

const UPCOMING: readonly Booking['status'][] = ['booked', 'checked_in'];

/** Now and next for one staff member's bookings (any order), at epoch ms `now`. */
export function nowAndNext<B extends Pick<Booking, 'start' | 'end' | 'status'>>(
  bookings: readonly B[],
  now: number,
  count: number,
): NowAndNext<B> {
  const sorted = [...bookings].sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  const current =
    sorted.find((b) => b.status === 'in_service') ??
    sorted.find(
      (b) => UPCOMING.includes(b.status) && Date.parse(b.start) <= now && Date.parse(b.end) > now,
    ) ??
    null;
  const next = sorted
    .filter((b) => b !== current && UPCOMING.includes(b.status) && Date.parse(b.start) > now)
    .slice(0, count);
  return { now: current, next };
}
