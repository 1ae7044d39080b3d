import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Sign-in and audit storage on SQLite: same shape and keys as the PostgreSQL migration of the same name. */
export class Auth1764240000000 implements MigrationInterface {
  name = 'Auth1764240000000';

  async up(q: QueryRunner): Promise<void> {
    const statements = [
      `DROP TABLE audit_events`,
      `CREATE TABLE audit_events (
        tenant_id TEXT NOT NULL REFERENCES tenants (tenant_id),
        seq INTEGER NOT NULL,
        id TEXT NOT NULL,
        type TEXT NOT NULL,
        actor_id TEXT,
        at TEXT NOT NULL,
        data TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL,
        PRIMARY KEY (tenant_id, seq),
        UNIQUE (tenant_id, id)
      )`,
      `CREATE INDEX audit_events_at_idx ON audit_events (tenant_id, at)`,
      `CREATE TABLE audit_anchors (
        tenant_id TEXT NOT NULL REFERENCES tenants (tenant_id),
        seq INTEGER NOT NULL,
        hash TEXT NOT NULL,
        mac TEXT NOT NULL,
        pruned_at TEXT NOT NULL,
        PRIMARY KEY (tenant_id)
      )`,
      `CREATE TABLE audit_chains (
        tenant_id TEXT NOT NULL REFERENCES tenants (tenant_id),
        hmac_key TEXT NOT NULL,
        head_seq INTEGER NOT NULL,
        head_hash TEXT NOT NULL,
        head_mac TEXT NOT NULL,
        PRIMARY KEY (tenant_id)
      )`,
      `CREATE TABLE user_sign_in_states (
        tenant_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        failure_count INTEGER NOT NULL,
        window_started_at TEXT,
        locked_until TEXT,
        totp_last_step INTEGER,
        PRIMARY KEY (tenant_id, user_id),
        FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
      )`,
    ];
    for (const statement of statements) await q.query(statement);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['user_sign_in_states', 'audit_chains', 'audit_anchors', 'audit_events']) {
      await q.query(`DROP TABLE ${table}`);
    }
    await q.query(`CREATE TABLE audit_events (
        tenant_id TEXT NOT NULL REFERENCES tenants (tenant_id),
        seq INTEGER NOT NULL,
        type TEXT NOT NULL,
        actor TEXT NOT NULL,
        at TEXT NOT NULL,
        data TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL,
        PRIMARY KEY (tenant_id, seq)
      )`);
  }
}
