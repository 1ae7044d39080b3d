/**
 * `PATCH /v1/tenant {plan}` (owner): changes the business's plan. A plan without connected calendars
 * disconnects every calendar at once, as a cancellation does (revoked at the provider, credentials,
 * pending authorizations and imported blocks gone); connecting is refused until an upgrade
 * (CalendarConnectionService checks the plan). The change is audited (`tenant.plan_changed`).
 */
import type { AuditLog } from '../audit/audit-log.service';
import type { TenantScope } from '../db/tenant-scope';
import { NotFoundError } from '../errors';
import { planIncludesCalendars } from './plans';
import type { PlanName } from './plans';
import { TenantRepository } from './tenant.repository';

export interface TenantPlanView {
  id: string;
  name: string;
  plan: PlanName;
  calendarsIncluded: boolean;
  /** Calendar connections this change disconnected. */
  disconnectedCalendars: number;
}

export class TenantPlanService {
  constructor(
    private readonly deps: {
      audit: AuditLog;
      calendars: { disconnectAll(scope: TenantScope): Promise<number> };
    },
  ) {}

  async changePlan(scope: TenantScope, actorId: string, plan: PlanName): Promise<TenantPlanView> {
    const tenant = await scope.transaction(async (tx) => {
      const tenants = tx.get(TenantRepository);
      const current = await tenants.get();
      if (!current) throw new NotFoundError('tenant not found');
      if (current.plan !== plan) {
        await tenants.setPlan(plan);
        await this.deps.audit.append(tx, {
          type: 'tenant.plan_changed',
          actorId,
          data: { from: current.plan, to: plan },
        });
      }
      return current;
    });
    const calendarsIncluded = planIncludesCalendars(plan);
    // After the plan is committed: a connection finishing meanwhile is refused by the plan check, and
    // disconnectAll lists again inside its own transaction.
    const disconnectedCalendars = calendarsIncluded ? 0 : await this.deps.calendars.disconnectAll(scope);
    return { id: tenant.tenantId, name: tenant.name, plan, calendarsIncluded, disconnectedCalendars };
  }
}
