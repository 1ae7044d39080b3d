import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRls } from './tenant-rls';

/**
 * Sync protocol tables (issue 4, server/sync/README.md):
 * - `tenant_versions`: one counter row per tenant. Every change takes the next number with an
 *   upsert `... RETURNING version`; the row lock it takes is held until commit, which orders the
 *   commits of one tenant by version (a pull can never see version n+1 before n).
 * - `sync_changes`: the latest version and op (`put`/`del`) of every synced entity; a `del` row is
 *   the entity's tombstone. A pull reads `version > cursor` in version order through the unique
 *   `(tenant_id, version)` index, so an entity changed many times is sent once, at its last version.
 * - `sync_clients`: the last mutation id applied per desktop client (push idempotency).
 */
export class Sync1764270000000 implements MigrationInterface {
  name = 'Sync1764270000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE tenant_versions (
        tenant_id uuid NOT NULL PRIMARY KEY REFERENCES tenants (tenant_id),
        version bigint NOT NULL
      )`);
    await q.query(`
      CREATE TABLE sync_changes (
        tenant_id uuid NOT NULL REFERENCES tenants (tenant_id),
        entity text NOT NULL,
        entity_id uuid NOT NULL,
        op text NOT NULL CHECK (op IN ('put', 'del')),
        version bigint NOT NULL,
        PRIMARY KEY (tenant_id, entity, entity_id)
      )`);
    await q.query(
      `CREATE UNIQUE INDEX sync_changes_version_idx ON sync_changes (tenant_id, version) INCLUDE (entity, entity_id, op)`,
    );
    await q.query(`
      CREATE TABLE sync_clients (
        tenant_id uuid NOT NULL REFERENCES tenants (tenant_id),
        client_id text NOT NULL,
        last_mutation_id bigint NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, client_id)
      )`);
    await enableTenantRls(q, 'tenant_versions', ['SELECT', 'INSERT', 'UPDATE', 'DELETE']);
    await enableTenantRls(q, 'sync_changes', ['SELECT', 'INSERT', 'UPDATE', 'DELETE']);
    await enableTenantRls(q, 'sync_clients', ['SELECT', 'INSERT', 'UPDATE', 'DELETE']);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE sync_clients`);
    await q.query(`DROP TABLE sync_changes`);
    await q.query(`DROP TABLE tenant_versions`);
  }
}
