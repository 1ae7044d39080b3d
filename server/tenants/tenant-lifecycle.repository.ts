import { readInstant } from '../db/sql-dialect';
import { SqlRepository } from '../db/sql-repository';

/** A cancelled account: when, by whom, and when its data is due for deletion. */
export interface TenantCancellation {
  cancelledAt: Date;
  cancelledBy: string | null;
  deletionDueAt: Date;
}

/** `tenant_cancellations` of the scope's tenant (at most one row). */
export class TenantLifecycleRepository extends SqlRepository {
  async insertCancellation(c: TenantCancellation): Promise<void> {
    await this.sql(
      `INSERT INTO tenant_cancellations (tenant_id, cancelled_at, cancelled_by, deletion_due_at) VALUES (?, ?, ?, ?)`,
      [this.tenantId, this.at(c.cancelledAt), c.cancelledBy, this.at(c.deletionDueAt)],
    );
  }

  async findCancellation(): Promise<TenantCancellation | null> {
    const [row] = await this.sql<{
      cancelled_at: unknown;
      cancelled_by: string | null;
      deletion_due_at: unknown;
    }>(`SELECT cancelled_at, cancelled_by, deletion_due_at FROM tenant_cancellations WHERE tenant_id = ?`, [
      this.tenantId,
    ]);
    return row
      ? {
          cancelledAt: readInstant(row.cancelled_at),
          cancelledBy: row.cancelled_by,
          deletionDueAt: readInstant(row.deletion_due_at),
        }
      : null;
  }
}
