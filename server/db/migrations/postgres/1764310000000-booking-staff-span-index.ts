import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A btree index of each staff member's active bookings by the start of the time they hold, for the
 * held-time reads of every conflict check and availability answer (server/bookings/held-time.sql.ts).
 *
 * The exclusion constraint's GiST index cannot serve those reads: under row-level security a
 * condition reaches an index only if its operator is leakproof, and the range overlap `&&` is not,
 * so PostgreSQL searched the GiST index by tenant and staff member alone and filtered every active
 * booking the staff member has (218 buffers for one check of a staff member with 224 bookings; a
 * year of bookings made every check slower). Timestamp comparisons are leakproof: with this index a
 * check reads the staff member's latest booking starting at or before the span, then those starting
 * inside it. SQLite has had the same index (without the status predicate) since FrontDesk.
 *
 * Its predicate names the statuses that hold no time, and the reads say "none of those": that does
 * not imply the GiST index's predicate (the active statuses listed), so the planner cannot take the
 * GiST index for them. Given the same conditions on a new table without statistics, it took the
 * GiST index, searched by tenant and staff member alone.
 */
export class BookingStaffSpanIndex1764310000000 implements MigrationInterface {
  name = 'BookingStaffSpanIndex1764310000000';

  /** CONCURRENTLY: bookings stay writable while the index is built (it cannot run in a transaction). */
  transaction = false;

  async up(q: QueryRunner): Promise<void> {
    // A build interrupted before (an invalid index left behind) is built again.
    await q.query(`DROP INDEX CONCURRENTLY IF EXISTS bookings_staff_busy_idx`);
    await q.query(`
      CREATE INDEX CONCURRENTLY bookings_staff_busy_idx ON bookings (tenant_id, staff_id, busy_from)
       WHERE status NOT IN ('completed', 'no_show', 'cancelled')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX CONCURRENTLY bookings_staff_busy_idx`);
  }
}
