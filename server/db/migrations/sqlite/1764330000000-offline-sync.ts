import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The desk's offline work on SQLite: same shape as the PostgreSQL migration of the same name
 * (`sync_retention`, `bookings.status_changed_at`).
 */
export class OfflineSync1764330000000 implements MigrationInterface {
  name = 'OfflineSync1764330000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sync_retention (
        tenant_id TEXT NOT NULL PRIMARY KEY REFERENCES tenants (tenant_id),
        floor_version INTEGER NOT NULL DEFAULT 0,
        mark_version INTEGER NOT NULL,
        mark_at TEXT NOT NULL
      )`);
    await q.query(`ALTER TABLE bookings ADD COLUMN status_changed_at TEXT`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE bookings DROP COLUMN status_changed_at`);
    await q.query(`DROP TABLE sync_retention`);
  }
}
