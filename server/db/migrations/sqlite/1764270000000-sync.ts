import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Sync protocol tables on SQLite: same shape and keys as the PostgreSQL migration of the same name. */
export class Sync1764270000000 implements MigrationInterface {
  name = 'Sync1764270000000';

  async up(q: QueryRunner): Promise<void> {
    const statements = [
      `CREATE TABLE tenant_versions (
        tenant_id TEXT NOT NULL PRIMARY KEY REFERENCES tenants (tenant_id),
        version INTEGER NOT NULL
      )`,
      `CREATE TABLE sync_changes (
        tenant_id TEXT NOT NULL REFERENCES tenants (tenant_id),
        entity TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        op TEXT NOT NULL CHECK (op IN ('put', 'del')),
        version INTEGER NOT NULL,
        PRIMARY KEY (tenant_id, entity, entity_id)
      )`,
      `CREATE UNIQUE INDEX sync_changes_version_idx ON sync_changes (tenant_id, version)`,
      `CREATE TABLE sync_clients (
        tenant_id TEXT NOT NULL REFERENCES tenants (tenant_id),
        client_id TEXT NOT NULL,
        last_mutation_id INTEGER NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (tenant_id, client_id)
      )`,
    ];
    for (const statement of statements) await q.query(statement);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['sync_clients', 'sync_changes', 'tenant_versions'])
      await q.query(`DROP TABLE ${table}`);
  }
}
