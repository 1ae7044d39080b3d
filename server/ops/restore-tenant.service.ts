/**
 * One business restored to a point in time, the others untouched (README.md "Operations"):
 * `restore(tenantId, source, {at, backupId})` reads that tenant's rows from `source` (a scratch
 * database restored from a backup taken at or before `at`) and, in ONE transaction of the live
 * database, replaces the tenant's rows with them, table by table, then
 *
 * - applies again every customer erasure recorded (audit `data.erased`) after `at`;
 * - appends a `tenant.restored` event to the tenant's (live, never rolled back) audit chain;
 * - raises the tenant's sync floor, so every desk's cursor is answered 410 and takes a fresh snapshot.
 *
 * What is restored: every table with a tenant_id except {@link KEPT_LIVE}: identity and credentials
 * (a revoked token or key must not come back; users keep their current password and MFA), the audit
 * chain (security events are never rolled back), the sync bookkeeping (versions only move forward;
 * the desks' acknowledged mutation ids stay), the tenant row and its cancellation state.
 */
import type { AuditLog } from '../audit/audit-log.service';
import type { TenantScopes, TenantTransaction } from '../db/tenant-scope';
import { TenantDataRepository } from '../tenants/tenant-data.repository';
import { CustomerRepository } from '../customers/customer.repository';
import { PrivacyRepository } from '../privacy/privacy.repository';
import { WalkInRepository } from '../walk-ins/walk-in.repository';
import { TenantRowsRepository } from './restore-tenant.repository';

/** Tenant tables a restore leaves as they are (see the file comment for why). */
export const KEPT_LIVE: ReadonlySet<string> = new Set([
  'tenants',
  'tenant_cancellations',
  'users',
  'access_tokens',
  'refresh_tokens',
  'oauth_authorization_codes',
  'api_keys',
  'user_sign_in_states',
  // Sign-in throttling and single-use form state: going back would reopen what they closed.
  'sign_in_throttles',
  'sign_in_form_uses',
  'calendar_oauth_states',
  'audit_events',
  'audit_chains',
  'audit_anchors',
  'tenant_versions',
  'tenant_config_versions',
  'sync_changes',
  'sync_clients',
  'sync_retention',
]);

/** Rows read per page from the scratch database. */
const PAGE_ROWS = 2_000;

/** One table's rows, as read from the point-in-time copy. */
export interface TableRows {
  table: string;
  columns: string[];
  rows: Record<string, unknown>[];
}

export interface RestoreTenantReport {
  tenantId: string;
  at: string;
  backupId: string;
  /** Rows written per restored table. */
  tables: Record<string, number>;
  /** Rows of the tenant removed from the live database (before writing the restored ones). */
  rowsRemoved: number;
  erasuresReapplied: string[];
  /** The tenant's new sync floor (cursors below it get 410). */
  syncFloor: number;
  durationMs: number;
}

/** Thrown when the tenant is absent from the live database or from the copy. */
export class RestoreTenantError extends Error {
  override name = 'RestoreTenantError';
}

/** Reads every restorable table of `tenantId` from a database (a scratch copy). */
export async function readTenantRows(
  source: TenantScopes,
  tenantId: string,
  skip: ReadonlySet<string> = KEPT_LIVE,
): Promise<TableRows[]> {
  const scope = source.forTenant(tenantId);
  const plan = await scope.transaction(async (tx) => {
    if (!(await tx.get(TenantRowsRepository).tenantExists()))
      throw new RestoreTenantError(`tenant ${tenantId} is not in the backup (signed up after it was taken?)`);
    const data = tx.get(TenantDataRepository);
    const tables: { table: string; columns: string[]; orderBy: string[] }[] = [];
    for (const table of await data.tablesChildrenFirst()) {
      if (skip.has(table)) continue;
      const columns = await tx.get(TenantRowsRepository).writableColumns(table);
      const key = await data.primaryKey(table);
      tables.push({ table, columns, orderBy: key.length > 0 ? key : columns });
    }
    return tables;
  });
  const out: TableRows[] = [];
  for (const { table, columns, orderBy } of plan) {
    const rows: Record<string, unknown>[] = [];
    for (let offset = 0; ; offset += PAGE_ROWS) {
      const page = await scope.transaction((tx) =>
        tx.get(TenantRowsRepository).page(table, columns, orderBy, offset, PAGE_ROWS),
      );
      rows.push(...page);
      if (page.length < PAGE_ROWS) break;
    }
    out.push({ table, columns, rows });
  }
  return out;
}

/**
 * Every table of the transaction's tenant but `skip`, children first, read inside `tx`: one
 * consistent snapshot of a live database (move-tenant), at the cost of holding the transaction.
 */
export async function readTenantRowsIn(
  tx: TenantTransaction,
  skip: ReadonlySet<string>,
): Promise<TableRows[]> {
  const data = tx.get(TenantDataRepository);
  const repo = tx.get(TenantRowsRepository);
  const out: TableRows[] = [];
  for (const table of await data.tablesChildrenFirst()) {
    if (skip.has(table)) continue;
    const columns = await repo.writableColumns(table);
    const key = await data.primaryKey(table);
    const rows: Record<string, unknown>[] = [];
    for (let offset = 0; ; offset += PAGE_ROWS) {
      const page = await repo.page(table, columns, key.length > 0 ? key : columns, offset, PAGE_ROWS);
      rows.push(...page);
      if (page.length < PAGE_ROWS) break;
    }
    out.push({ table, columns, rows });
  }
  return out;
}

export class RestoreTenantService {
  constructor(
    private readonly deps: {
      /** The live database. */
      live: TenantScopes;
      audit: Pick<AuditLog, 'append'>;
      now: () => Date;
    },
  ) {}

  /** Replaces the tenant's restorable rows in the live database with `source`'s, in one transaction. */
  async restore(
    tenantId: string,
    source: TenantScopes,
    meta: { at: Date; backupId: string; actorId?: string | null },
  ): Promise<RestoreTenantReport> {
    const started = performance.now();
    const snapshot = await readTenantRows(source, tenantId);
    const report = await this.deps.live.forTenant(tenantId).transaction(async (tx) => {
      const rowsRepo = tx.get(TenantRowsRepository);
      if (!(await rowsRepo.tenantExists()))
        throw new RestoreTenantError(`tenant ${tenantId} does not exist in the live database`);
      const data = tx.get(TenantDataRepository);
      const liveTables = (await data.tablesChildrenFirst()).filter((t) => !KEPT_LIVE.has(t));
      const restoring = new Map(snapshot.map((t) => [t.table, t]));
      let rowsRemoved = 0;
      // Children before parents: nothing deleted is still referenced.
      for (const table of liveTables) {
        rowsRemoved += await rowsRepo.count(table);
        await data.deleteAll(table);
      }
      // Parents before children, with the live table's columns (the copy was migrated to them).
      const tables: Record<string, number> = {};
      for (const table of [...liveTables].reverse()) {
        const copy = restoring.get(table);
        if (!copy) continue;
        const columns = await rowsRepo.writableColumns(table);
        await rowsRepo.insertRows(table, columns, copy.rows);
        tables[table] = copy.rows.length;
      }
      // Erasures made since the point are made again.
      const erasuresReapplied: string[] = [];
      const customers = tx.get(CustomerRepository);
      for (const customerId of await rowsRepo.customersErasedAfter(meta.at)) {
        const before = await customers.findById(customerId);
        if (!before) continue;
        await tx.get(PrivacyRepository).eraseCustomer(customerId, before);
        await tx.get(WalkInRepository).clearNotesOfCustomer(customerId);
        erasuresReapplied.push(customerId);
      }
      const syncFloor = await rowsRepo.expireSyncCursors(this.deps.now());
      tx.announceVersion(syncFloor);
      await this.deps.audit.append(tx, {
        type: 'tenant.restored',
        actorId: meta.actorId ?? null,
        data: {
          at: meta.at.toISOString(),
          backupId: meta.backupId,
          tables: Object.keys(tables).length,
          rows: Object.values(tables).reduce((a, b) => a + b, 0),
          erasuresReapplied: erasuresReapplied.length,
        },
      });
      return { tables, rowsRemoved, erasuresReapplied, syncFloor };
    });
    return {
      tenantId,
      at: meta.at.toISOString(),
      backupId: meta.backupId,
      ...report,
      durationMs: Math.round(performance.now() - started),
    };
  }
}
