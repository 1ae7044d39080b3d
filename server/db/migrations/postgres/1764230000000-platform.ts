import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRls, grantLookupFunction } from './tenant-rls';

/** Platform tables (tenants, users, locations, credentials, audit) with RLS and the lookup functions. */
export class Platform1764230000000 implements MigrationInterface {
  name = 'Platform1764230000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE tenants (
        tenant_id uuid PRIMARY KEY,
        name text NOT NULL,
        time_zone text NOT NULL,
        region text NOT NULL,
        status text NOT NULL CHECK (status IN ('active', 'cancelled')),
        created_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE users (
        tenant_id uuid NOT NULL REFERENCES tenants (tenant_id),
        id uuid NOT NULL,
        name text NOT NULL,
        email text NOT NULL,
        password_hash text NOT NULL,
        role text NOT NULL CHECK (role IN ('owner', 'admin', 'receptionist', 'staff')),
        mfa_secret text,
        mfa_enabled boolean NOT NULL DEFAULT false,
        mfa_recovery_hashes jsonb,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, id),
        UNIQUE (tenant_id, email)
      )`);
    await q.query(`CREATE INDEX users_email_idx ON users (email)`);
    await q.query(`
      CREATE TABLE locations (
        tenant_id uuid NOT NULL REFERENCES tenants (tenant_id),
        id uuid NOT NULL,
        name text NOT NULL,
        time_zone text NOT NULL,
        opening_hours jsonb NOT NULL,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, id)
      )`);
    await q.query(`
      CREATE TABLE access_tokens (
        tenant_id uuid NOT NULL,
        id uuid NOT NULL,
        user_id uuid NOT NULL,
        client_id text NOT NULL,
        token_hash text NOT NULL,
        family_id uuid,
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, id),
        UNIQUE (tenant_id, token_hash),
        FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX access_tokens_hash_idx ON access_tokens (token_hash)`);
    await q.query(`
      CREATE TABLE refresh_tokens (
        tenant_id uuid NOT NULL,
        id uuid NOT NULL,
        family_id uuid NOT NULL,
        user_id uuid NOT NULL,
        client_id text NOT NULL,
        token_hash text NOT NULL,
        expires_at timestamptz NOT NULL,
        spent_at timestamptz,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, id),
        UNIQUE (tenant_id, token_hash),
        FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX refresh_tokens_hash_idx ON refresh_tokens (token_hash)`);
    await q.query(`CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (tenant_id, family_id)`);
    await q.query(`
      CREATE TABLE oauth_authorization_codes (
        tenant_id uuid NOT NULL,
        id uuid NOT NULL,
        code_hash text NOT NULL,
        user_id uuid NOT NULL,
        client_id text NOT NULL,
        redirect_uri text NOT NULL,
        code_challenge text NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, id),
        UNIQUE (tenant_id, code_hash),
        FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX oauth_codes_hash_idx ON oauth_authorization_codes (code_hash)`);
    await q.query(`
      CREATE TABLE api_keys (
        tenant_id uuid NOT NULL,
        id uuid NOT NULL,
        name text NOT NULL,
        key_hash text NOT NULL,
        role text NOT NULL CHECK (role IN ('admin', 'receptionist', 'staff')),
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL,
        revoked_at timestamptz,
        PRIMARY KEY (tenant_id, id),
        UNIQUE (tenant_id, key_hash),
        FOREIGN KEY (tenant_id, created_by) REFERENCES users (tenant_id, id)
      )`);
    await q.query(`CREATE INDEX api_keys_hash_idx ON api_keys (key_hash)`);
    await q.query(`
      CREATE TABLE audit_events (
        tenant_id uuid NOT NULL REFERENCES tenants (tenant_id),
        seq bigint NOT NULL,
        type text NOT NULL,
        actor text NOT NULL,
        at timestamptz NOT NULL,
        data jsonb NOT NULL,
        prev_hash text NOT NULL,
        hash text NOT NULL,
        PRIMARY KEY (tenant_id, seq)
      )`);

    const dml = ['SELECT', 'INSERT', 'UPDATE', 'DELETE'] as const;
    await enableTenantRls(q, 'tenants', ['SELECT', 'INSERT', 'UPDATE'], { lookup: true });
    await enableTenantRls(q, 'users', dml, { lookup: true });
    await enableTenantRls(q, 'locations', dml);
    await enableTenantRls(q, 'access_tokens', dml, { lookup: true });
    await enableTenantRls(q, 'refresh_tokens', dml, { lookup: true });
    await enableTenantRls(q, 'oauth_authorization_codes', dml, { lookup: true });
    await enableTenantRls(q, 'api_keys', dml, { lookup: true });
    // Append-only: the app may add and prune (retention) audit events, never rewrite them.
    await enableTenantRls(q, 'audit_events', ['SELECT', 'INSERT', 'DELETE']);

    // Lookups needed before a request's tenant is known. Each returns only what the caller must
    // learn, only for a caller that already holds the secret (hash) or is signing in (email).
    await q.query(`
      CREATE FUNCTION bookdesk_authenticate(p_hash text)
      RETURNS TABLE (kind text, credential_id uuid, tenant_id uuid, user_id uuid, role text)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
        SELECT 'access_token', t.id, t.tenant_id, t.user_id, u.role
          FROM access_tokens t
          JOIN users u ON u.tenant_id = t.tenant_id AND u.id = t.user_id
          JOIN tenants n ON n.tenant_id = t.tenant_id
         WHERE t.token_hash = p_hash AND t.revoked_at IS NULL AND t.expires_at > now() AND n.status = 'active'
        UNION ALL
        SELECT 'api_key', k.id, k.tenant_id, NULL::uuid, k.role
          FROM api_keys k
          JOIN tenants n ON n.tenant_id = k.tenant_id
         WHERE k.key_hash = p_hash AND k.revoked_at IS NULL AND n.status = 'active'
        LIMIT 1
      $$`);
    await grantLookupFunction(q, 'bookdesk_authenticate(text)');
    await q.query(`
      CREATE FUNCTION bookdesk_tenant_of_secret(p_kind text, p_hash text) RETURNS uuid
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
        SELECT tenant_id FROM refresh_tokens WHERE p_kind = 'refresh_token' AND token_hash = p_hash
        UNION ALL
        SELECT tenant_id FROM oauth_authorization_codes WHERE p_kind = 'authorization_code' AND code_hash = p_hash
        LIMIT 1
      $$`);
    await grantLookupFunction(q, 'bookdesk_tenant_of_secret(text, text)');
    await q.query(`
      CREATE FUNCTION bookdesk_users_by_email(p_email text) RETURNS TABLE (tenant_id uuid, user_id uuid)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
        SELECT u.tenant_id, u.id FROM users u WHERE u.email = p_email
      $$`);
    await grantLookupFunction(q, 'bookdesk_users_by_email(text)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION bookdesk_users_by_email(text)`);
    await q.query(`DROP FUNCTION bookdesk_tenant_of_secret(text, text)`);
    await q.query(`DROP FUNCTION bookdesk_authenticate(text)`);
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
