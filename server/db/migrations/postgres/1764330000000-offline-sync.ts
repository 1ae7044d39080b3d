import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRls } from './tenant-rls';

/**
 * The desk's offline work (../shared/API.md "Sync", server/sync/README.md "Retention"):
 * - `sync_retention`, one row per tenant: `floor_version`, the oldest cursor a pull still serves
 *   (raised when tombstones are pruned: a cursor below it is answered 410 `/cursor-expired`), and the
 *   mark (`mark_version` at `mark_at`) the next prune deletes tombstones up to once it is older than
 *   the retention period (server/sync/sync-retention.ts).
 * - `bookings.status_changed_at`: when the booking entered its current status, as the desk recorded
 *   it (`at` of a status move) or the server's clock; NULL while it keeps the status it was created
 *   with. Nullable without a default: adding it rewrites nothing.
 */
export class OfflineSync1764330000000 implements MigrationInterface {
  name = 'OfflineSync1764330000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sync_retention (
        tenant_id uuid NOT NULL PRIMARY KEY REFERENCES tenants (tenant_id),
        floor_version bigint NOT NULL DEFAULT 0,
        mark_version bigint NOT NULL,
        mark_at timestamptz NOT NULL
      )`);
    await enableTenantRls(q, 'sync_retention', ['SELECT', 'INSERT', 'UPDATE', 'DELETE']);
    await q.query(`ALTER TABLE bookings ADD COLUMN status_changed_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE bookings DROP COLUMN status_changed_at`);
    await q.query(`DROP TABLE sync_retention`);
  }
}
