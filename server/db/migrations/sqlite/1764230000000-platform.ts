import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Platform tables on SQLite: same shape and keys as the PostgreSQL migration of the same name, with
 * SQLite types (uuid → TEXT, timestamptz → TEXT 'YYYY-MM-DD HH:MM:SS.SSS' UTC, jsonb → TEXT).
 * SQLite has no RLS; isolation there is layer 1 only (one process, one tenant-scoped code path).
 */
export class Platform1764230000000 implements MigrationInterface {
  name = 'Platform1764230000000';

  async up(q: QueryRunner): Promise<void> {
    const statements = [
      `CREATE TABLE tenants (
        tenant_id TEXT PRIMARY KEY NOT NULL,
        name TEXT NOT NULL,
        time_zone TEXT NOT NULL,
        region TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('active', 'cancelled')),
        created_at TEXT NOT NULL
      )`,
      `CREATE TABLE users (
        tenant_id TEXT NOT NULL REFERENCES tenants (tenant_id),
        id TEXT NOT NULL,
        name TEXT NOT NULL,
        email TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'receptionist', 'staff')),
        mfa_secret TEXT,
        mfa_enabled BOOLEAN NOT NULL DEFAULT 0,
        mfa_recovery_hashes TEXT,
        created_at TEXT NOT NULL,
        PRIMARY KEY (tenant_id, id),
        UNIQUE (tenant_id, email)
      )`,
      `CREATE INDEX users_email_idx ON users (email)`,
      `CREATE TABLE locations (
        tenant_id TEXT NOT NULL REFERENCES tenants (tenant_id),
        id TEXT NOT NULL,
        name TEXT NOT NULL,
        time_zone TEXT NOT NULL,
        opening_hours TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (tenant_id, id)
      )`,
      `CREATE TABLE access_tokens (
        tenant_id TEXT NOT NULL,
        id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        client_id TEXT NOT NULL,
        token_hash TEXT NOT NULL,
        family_id TEXT,
        expires_at TEXT NOT NULL,
        revoked_at TEXT,
        created_at TEXT NOT NULL,
        PRIMARY KEY (tenant_id, id),
        UNIQUE (tenant_id, token_hash),
        FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
      )`,
      `CREATE INDEX access_tokens_hash_idx ON access_tokens (token_hash)`,
      `CREATE TABLE refresh_tokens (
        tenant_id TEXT NOT NULL,
        id TEXT NOT NULL,
        family_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        client_id TEXT NOT NULL,
        token_hash TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        spent_at TEXT,
        revoked_at TEXT,
        created_at TEXT NOT NULL,
        PRIMARY KEY (tenant_id, id),
        UNIQUE (tenant_id, token_hash),
        FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
      )`,
      `CREATE INDEX refresh_tokens_hash_idx ON refresh_tokens (token_hash)`,
      `CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (tenant_id, family_id)`,
      `CREATE TABLE oauth_authorization_codes (
        tenant_id TEXT NOT NULL,
        id TEXT NOT NULL,
        code_hash TEXT NOT NULL,
        user_id TEXT NOT NULL,
        client_id TEXT NOT NULL,
        redirect_uri TEXT NOT NULL,
        code_challenge TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        used_at TEXT,
        created_at TEXT NOT NULL,
        PRIMARY KEY (tenant_id, id),
        UNIQUE (tenant_id, code_hash),
        FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
      )`,
      `CREATE INDEX oauth_codes_hash_idx ON oauth_authorization_codes (code_hash)`,
      `CREATE TABLE api_keys (
        tenant_id TEXT NOT NULL,
        id TEXT NOT NULL,
        name TEXT NOT NULL,
        key_hash TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('admin', 'receptionist', 'staff')),
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        revoked_at TEXT,
        PRIMARY KEY (tenant_id, id),
        UNIQUE (tenant_id, key_hash),
        FOREIGN KEY (tenant_id, created_by) REFERENCES users (tenant_id, id)
      )`,
      `CREATE INDEX api_keys_hash_idx ON api_keys (key_hash)`,
      `CREATE TABLE audit_events (
        tenant_id TEXT NOT NULL REFERENCES tenants (tenant_id),
        seq INTEGER NOT NULL,
        type TEXT NOT NULL,
        actor TEXT NOT NULL,
        at TEXT NOT NULL,
        data TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL,
        PRIMARY KEY (tenant_id, seq)
      )`,
    ];
    for (const statement of statements) await q.query(statement);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'audit_events',
      'api_keys',
      'oauth_authorization_codes',
      'refresh_tokens',
      'access_tokens',
      'locations',
      'users',
      'tenants',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
