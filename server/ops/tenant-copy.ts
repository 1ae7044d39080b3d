/**
 * Copies every row of one tenant from one database into another (same schema, the tenant absent at
 * the target), in one transaction of the target: the import half of move-tenant, and how a test
 * makes a point-in-time copy of a tenant on PostgreSQL. Encrypted columns can be rewritten on the way
 * (`transform`), e.g. re-encrypted under the target's master keys.
 */
import type { TenantScopes } from '../db/tenant-scope';
import type { TableRows } from './restore-tenant.service';
import { readTenantRows } from './restore-tenant.service';
import { TenantRowsRepository } from './restore-tenant.repository';

/** Tables the database maintains itself (PostgreSQL triggers write them when the rows they track change). */
const MAINTAINED = new Set(['tenant_config_versions']);

/** Every table of the tenant in `source`, children first (but the ones the database maintains). */
export function readAllTenantRows(source: TenantScopes, tenantId: string): Promise<TableRows[]> {
  return readTenantRows(source, tenantId, MAINTAINED);
}

/** Inserts `tables` (children first, as read) into `target`, parents first, in one transaction. */
export async function writeTenantRows(
  target: TenantScopes,
  tenantId: string,
  tables: readonly TableRows[],
  transform: (table: string, row: Record<string, unknown>) => Record<string, unknown> = (_t, row) => row,
): Promise<number> {
  return target.forTenant(tenantId).transaction(async (tx) => {
    const rows = tx.get(TenantRowsRepository);
    let written = 0;
    for (const { table, rows: data } of [...tables].reverse()) {
      const columns = await rows.writableColumns(table);
      await rows.insertRows(
        table,
        columns,
        data.map((row) => transform(table, row)),
      );
      written += data.length;
    }
    return written;
  });
}

/** {@link readAllTenantRows} then {@link writeTenantRows}. */
export async function copyTenant(
  source: TenantScopes,
  target: TenantScopes,
  tenantId: string,
): Promise<number> {
  return writeTenantRows(target, tenantId, await readAllTenantRows(source, tenantId));
}
