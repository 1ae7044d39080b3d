/** Reads and conditionally rewrites the values of one registered encrypted column in the scope's tenant. */
import { ScopedRepository } from '../db/scoped-repository';
import { placeholders } from '../db/sql-dialect';
import type { EncryptedColumn } from './encrypted-columns.registry';

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

function identifiers(column: EncryptedColumn): EncryptedColumn {
  // Names come from the static registry, never from input; checked anyway since they are interpolated.
  for (const name of [column.table, column.column, column.recordColumn]) {
    if (!IDENTIFIER.test(name))
      throw new Error(`unsafe identifier in the encrypted-column registry: ${name}`);
  }
  return column;
}

export class EncryptedColumnRepository extends ScopedRepository {
  /** Every non-null value of `column` in this tenant, with the record id bound into its AAD. */
  async values(column: EncryptedColumn): Promise<{ recordId: string; value: string }[]> {
    const { table, column: name, recordColumn } = identifiers(column);
    const rows = await this.rawQuery<{ record_id: string; value: string }>(
      placeholders(
        this.dialect,
        `SELECT ${recordColumn} AS record_id, ${name} AS value FROM ${table}
          WHERE tenant_id = ? AND ${name} IS NOT NULL ORDER BY ${recordColumn}`,
      ),
      [this.tenantId],
    );
    return rows.map((row) => ({ recordId: String(row.record_id), value: row.value }));
  }

  /** Writes `next` where the value is still `previous` (a concurrent change wins); true when written. */
  async replace(column: EncryptedColumn, recordId: string, previous: string, next: string): Promise<boolean> {
    const { table, column: name, recordColumn } = identifiers(column);
    const rows = await this.rawReturning(
      placeholders(
        this.dialect,
        `UPDATE ${table} SET ${name} = ? WHERE tenant_id = ? AND ${recordColumn} = ? AND ${name} = ? RETURNING tenant_id`,
      ),
      [next, this.tenantId, recordId, previous],
    );
    return rows.length > 0;
  }
}
