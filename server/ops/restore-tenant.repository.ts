/**
 * Raw, catalog-driven access to one tenant's rows for restore-tenant and move-tenant
 * (./restore-tenant.service.ts): read every row of a table (secrets included: they are copied, never
 * shown), write rows back, and the sync floor. Table names come from the catalog only (never from
 * input); every statement filters by, or sets, the scope's tenant_id (and RLS applies on PostgreSQL).
 */
import { SqlRepository } from '../db/sql-repository';

function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}

/** Most bound parameters per SQLite statement (its limit is 32766). */
const SQLITE_MAX_PARAMETERS = 30_000;
/** Rows per PostgreSQL insert statement (one JSON parameter). */
const PG_ROWS_PER_INSERT = 1_000;

export class TenantRowsRepository extends SqlRepository {
  /** Columns that can be written (not generated), in table order. */
  async writableColumns(table: string): Promise<string[]> {
    const rows = await this.sql<{ name: string }>(
      this.dialect === 'postgres'
        ? `SELECT a.attname AS name FROM pg_attribute a
             JOIN pg_class c ON c.oid = a.attrelid
             JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = current_schema() AND c.relname = ? AND a.attnum > 0 AND NOT a.attisdropped
              AND a.attgenerated = ''
            ORDER BY a.attnum`
        : `SELECT name FROM pragma_table_xinfo(?) WHERE hidden = 0 ORDER BY cid`,
      [table],
    );
    return rows.map((r) => r.name);
  }

  /**
   * One page of the tenant's rows of `table` (every column in `columns`), in `orderBy` order. On
   * PostgreSQL each row travels as its JSON form, which {@link insertRows} turns back into the row.
   */
  async page(
    table: string,
    columns: readonly string[],
    orderBy: readonly string[],
    offset: number,
    limit: number,
  ): Promise<Record<string, unknown>[]> {
    const order = orderBy.map(quote).join(', ');
    if (this.dialect === 'postgres') {
      const rows = await this.sql<{ j: string }>(
        `SELECT json_build_object(${columns.map((c) => `'${c.replace(/'/g, "''")}', t.${quote(c)}`).join(', ')})::text AS j
           FROM ${quote(table)} t WHERE t.tenant_id = ? ORDER BY ${orderBy.map((c) => `t.${quote(c)}`).join(', ')}
          LIMIT ${Math.trunc(limit)} OFFSET ${Math.trunc(offset)}`,
        [this.tenantId],
      );
      return rows.map((r) => JSON.parse(r.j) as Record<string, unknown>);
    }
    return this.sql(
      `SELECT ${columns.map(quote).join(', ')} FROM ${quote(table)} WHERE tenant_id = ?
        ORDER BY ${order} LIMIT ${Math.trunc(limit)} OFFSET ${Math.trunc(offset)}`,
      [this.tenantId],
    );
  }

  /** Inserts `rows` (as read by {@link page}) into `table`, each with this scope's tenant_id. */
  async insertRows(
    table: string,
    columns: readonly string[],
    rows: readonly Record<string, unknown>[],
  ): Promise<void> {
    if (rows.length === 0) return;
    const own: Record<string, unknown>[] = rows.map((row) => ({ ...row, tenant_id: this.tenantId }));
    const list = columns.map(quote).join(', ');
    if (this.dialect === 'postgres') {
      for (let i = 0; i < own.length; i += PG_ROWS_PER_INSERT) {
        await this.sql(
          `INSERT INTO ${quote(table)} (${list})
           SELECT ${list} FROM json_populate_recordset(NULL::${quote(table)}, ?::json)`,
          [JSON.stringify(own.slice(i, i + PG_ROWS_PER_INSERT))],
        );
      }
      return;
    }
    const perStatement = Math.max(1, Math.floor(SQLITE_MAX_PARAMETERS / columns.length));
    for (let i = 0; i < own.length; i += perStatement) {
      const chunk = own.slice(i, i + perStatement);
      const tuple = `(${columns.map(() => '?').join(', ')})`;
      await this.sql(
        `INSERT INTO ${quote(table)} (${list}) VALUES ${chunk.map(() => tuple).join(', ')}`,
        chunk.flatMap((row) => columns.map((c) => row[c] ?? null)),
      );
    }
  }

  /** How many rows of `table` the tenant has. */
  async count(table: string): Promise<number> {
    const [row] = await this.sql<{ n: unknown }>(
      `SELECT count(*) AS n FROM ${quote(table)} WHERE tenant_id = ?`,
      [this.tenantId],
    );
    return Number(row?.n ?? 0);
  }

  /** Customer ids erased (audit `data.erased`) after `since`, oldest first. */
  async customersErasedAfter(since: Date): Promise<string[]> {
    const rows = await this.sql<{ data: unknown }>(
      `SELECT data FROM audit_events WHERE tenant_id = ? AND type = 'data.erased' AND at > ? ORDER BY seq`,
      [this.tenantId, this.at(since)],
    );
    const ids: string[] = [];
    for (const { data } of rows) {
      const parsed = (typeof data === 'string' ? JSON.parse(data) : data) as { customerId?: unknown };
      if (typeof parsed.customerId === 'string' && !ids.includes(parsed.customerId))
        ids.push(parsed.customerId);
    }
    return ids;
  }

  /** Whether the tenant exists in this database. */
  async tenantExists(): Promise<boolean> {
    const rows = await this.sql(`SELECT tenant_id FROM tenants WHERE tenant_id = ?`, [this.tenantId]);
    return rows.length > 0;
  }

  /**
   * Takes a new version of the tenant and raises its sync floor to it: every cursor handed out before
   * is answered 410 `/cursor-expired` and its client takes a fresh snapshot (server/sync/sync-retention.ts).
   */
  async expireSyncCursors(now: Date): Promise<number> {
    let version: number;
    if (this.dialect === 'postgres') {
      const [row] = await this.sql<{ v: unknown }>(`SELECT nextval('sync_versions') AS v`);
      version = Number(row!.v);
    } else {
      const [row] = await this.sql<{ version: unknown }>(
        `INSERT INTO tenant_versions (tenant_id, version) VALUES (?, 1)
         ON CONFLICT (tenant_id) DO UPDATE SET version = tenant_versions.version + 1 RETURNING version`,
        [this.tenantId],
      );
      version = Number(row!.version);
    }
    await this.sql(
      `INSERT INTO sync_retention (tenant_id, floor_version, mark_version, mark_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (tenant_id) DO UPDATE SET floor_version = excluded.floor_version`,
      [this.tenantId, version, version, this.at(now)],
    );
    return version;
  }
}
