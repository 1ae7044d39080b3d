/**
 * Cross-tenant enumeration for maintenance jobs (audit retention pruning, master-key rotation), which
 * then act on each tenant through its own TenantScope. On PostgreSQL this calls a SECURITY DEFINER
 * function that returns ids only (migrations/postgres/1764240000000-auth.ts). Never given to routes.
 */
import type { Database } from './data-source';

export class MaintenanceLookups {
  constructor(private readonly db: Database) {}

  /** Every tenant's id, in a stable order. */
  async tenantIds(): Promise<string[]> {
    const rows = await this.db.query<{ tenant_id: string }>(
      this.db.dialect === 'postgres'
        ? 'SELECT tenant_id FROM bookdesk_tenant_ids()'
        : 'SELECT tenant_id FROM tenants ORDER BY tenant_id',
    );
    return rows.map((row) => row.tenant_id);
  }
}
