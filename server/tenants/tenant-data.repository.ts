import { ScopedRepository } from '../db/scoped-repository';

/**
 * Every row the scope's tenant has, table by table, for the tenant export and the purge of a
 * cancelled tenant. Tables are found in the catalog (every table with a `tenant_id` column), so a
 * feature's new table is exported and purged without being listed here. Table names come from the
 * catalog only, never from a request. Every statement filters by tenant_id (and RLS applies).
 */
export class TenantDataRepository extends ScopedRepository {
  /** Tables with a tenant_id column, children before the tables they reference (a safe delete order). */
  async tablesChildrenFirst(): Promise<string[]> {
    const tables = await this.rawQuery<{ name: string }>(
      this.dialect === 'postgres'
        ? `SELECT c.relname AS name FROM pg_attribute a
             JOIN pg_class c ON c.oid = a.attrelid
             JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND a.attname = 'tenant_id'
              AND NOT a.attisdropped
            ORDER BY 1`
        : `SELECT m.name AS name FROM sqlite_master m JOIN pragma_table_info(m.name) c
            WHERE m.type = 'table' AND c.name = 'tenant_id' ORDER BY 1`,
    );
    const edges = await this.rawQuery<{ child: string; parent: string }>(
      this.dialect === 'postgres'
        ? `SELECT ch.relname AS child, pa.relname AS parent FROM pg_constraint k
             JOIN pg_class ch ON ch.oid = k.conrelid
             JOIN pg_class pa ON pa.oid = k.confrelid
             JOIN pg_namespace n ON n.oid = ch.relnamespace
            WHERE k.contype = 'f' AND n.nspname = current_schema()`
        : `SELECT m.name AS child, f."table" AS parent FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f
            WHERE m.type = 'table'`,
    );
    return childrenFirst(
      tables.map((t) => t.name),
      edges.filter((e) => e.child !== e.parent),
    );
  }

  /** Columns of `table` in their order. */
  async columns(table: string): Promise<string[]> {
    const rows = await this.rawQuery<{ name: string }>(
      this.dialect === 'postgres'
        ? `SELECT a.attname AS name FROM pg_attribute a
             JOIN pg_class c ON c.oid = a.attrelid
             JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = current_schema() AND c.relname = $1 AND a.attnum > 0 AND NOT a.attisdropped
            ORDER BY a.attnum`
        : `SELECT name FROM pragma_table_info(?) ORDER BY cid`,
      [table],
    );
    return rows.map((r) => r.name);
  }

  /** Primary-key columns of `table` (every tenant table has one), for a stable page order. */
  async primaryKey(table: string): Promise<string[]> {
    const rows = await this.rawQuery<{ name: string }>(
      this.dialect === 'postgres'
        ? `SELECT a.attname AS name FROM pg_index i
             JOIN pg_class c ON c.oid = i.indrelid
             JOIN pg_namespace n ON n.oid = c.relnamespace
             JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = ANY (i.indkey)
            WHERE n.nspname = current_schema() AND c.relname = $1 AND i.indisprimary
            ORDER BY array_position(i.indkey::int2[], a.attnum)`
        : `SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk`,
      [table],
    );
    return rows.map((r) => r.name);
  }

  /** One page of the tenant's rows of `table`, only `columns`, in `orderBy` order. */
  page(
    table: string,
    columns: readonly string[],
    orderBy: readonly string[],
    offset: number,
    limit: number,
  ): Promise<Record<string, unknown>[]> {
    return this.rawQuery(
      `SELECT ${columns.map(quote).join(', ')} FROM ${quote(table)} WHERE tenant_id = ${this.dialect === 'postgres' ? '$1' : '?'}
        ORDER BY ${orderBy.map(quote).join(', ')}
        LIMIT ${Math.trunc(limit)} OFFSET ${Math.trunc(offset)}`,
      [this.tenantId],
    );
  }

  /** Deletes the tenant's rows of `table`. */
  async deleteAll(table: string): Promise<void> {
    // Whatever the table: the tenant's credentials and users go in this purge too.
    this.markAuthChanged();
    await this.rawQuery(
      `DELETE FROM ${quote(table)} WHERE tenant_id = ${this.dialect === 'postgres' ? '$1' : '?'}`,
      [this.tenantId],
    );
  }
}

function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}

/** Topological order: a table comes before every table it references (cycles fall back to name order). */
export function childrenFirst(
  tables: readonly string[],
  edges: readonly { child: string; parent: string }[],
): string[] {
  const known = new Set(tables);
  const referencedBy = new Map<string, Set<string>>(tables.map((t) => [t, new Set()]));
  for (const { child, parent } of edges) {
    if (known.has(child) && known.has(parent)) referencedBy.get(parent)!.add(child);
  }
  const order: string[] = [];
  const done = new Set<string>();
  const visiting = new Set<string>();
  const visit = (table: string): void => {
    if (done.has(table) || visiting.has(table)) return;
    visiting.add(table);
    for (const child of [...referencedBy.get(table)!].sort()) visit(child);
    visiting.delete(table);
    done.add(table);
    order.push(table);
  };
  for (const table of [...tables].sort()) visit(table);
  return order;
}
