import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Walk-in queue and account cancellation on SQLite: same shape and keys as the PostgreSQL migration
 * of the same name (server/walk-ins, server/tenants/tenant-lifecycle.service.ts).
 */
export class WalkInsLifecycle1764261000000 implements MigrationInterface {
  name = 'WalkInsLifecycle1764261000000';

  async up(q: QueryRunner): Promise<void> {
    const statements = [
      `CREATE TABLE walk_ins (
        tenant_id TEXT NOT NULL,
        id TEXT NOT NULL,
        location_id TEXT NOT NULL,
        customer_id TEXT,
        service_id TEXT NOT NULL,
        staff_id TEXT,
        party_size INTEGER NOT NULL CHECK (party_size BETWEEN 1 AND 20),
        notes TEXT,
        status TEXT NOT NULL CHECK (status IN ('waiting', 'called', 'started', 'no_show', 'left')),
        queue_seq INTEGER NOT NULL,
        arrived_at TEXT NOT NULL,
        called_at TEXT,
        ended_at TEXT,
        booking_id TEXT,
        updated_at TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, location_id) REFERENCES locations (tenant_id, id),
        FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id),
        FOREIGN KEY (tenant_id, service_id) REFERENCES services (tenant_id, id),
        FOREIGN KEY (tenant_id, staff_id) REFERENCES staff (tenant_id, id),
        FOREIGN KEY (tenant_id, booking_id) REFERENCES bookings (tenant_id, id)
      )`,
      `CREATE INDEX walk_ins_queue_idx ON walk_ins (tenant_id, location_id, arrived_at)`,
      `CREATE INDEX walk_ins_customer_idx ON walk_ins (tenant_id, customer_id)`,
      `CREATE TABLE tenant_cancellations (
        tenant_id TEXT NOT NULL REFERENCES tenants (tenant_id),
        cancelled_at TEXT NOT NULL,
        cancelled_by TEXT,
        deletion_due_at TEXT NOT NULL,
        PRIMARY KEY (tenant_id)
      )`,
    ];
    for (const statement of statements) await q.query(statement);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE tenant_cancellations`);
    await q.query(`DROP TABLE walk_ins`);
  }
}
