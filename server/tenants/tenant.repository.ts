import type { TenantRow } from '../db/entities/platform.entities';
import { ENTITY } from '../db/entities/platform.entities';
import { ScopedRepository } from '../db/scoped-repository';
import { DEFAULT_PLAN } from './plans';
import type { PlanName } from './plans';

/** The scope's own tenant row (a scope can neither see nor create another tenant). */
export class TenantRepository extends ScopedRepository {
  private readonly tenants = this.table<TenantRow>(ENTITY.tenant);

  /** Creates the scope's tenant (signup). */
  async create(values: { name: string; timeZone: string; region: string; createdAt: Date }): Promise<void> {
    await this.tenants.insert({ ...values, status: 'active', plan: DEFAULT_PLAN });
  }

  get(): Promise<TenantRow | null> {
    return this.tenants.findOne({});
  }

  async setStatus(status: TenantRow['status']): Promise<void> {
    await this.tenants.update({}, { status });
  }

  async setPlan(plan: PlanName): Promise<void> {
    await this.tenants.update({}, { plan });
  }
}
