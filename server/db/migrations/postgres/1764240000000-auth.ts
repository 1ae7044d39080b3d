import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRls, grantLookupFunction } from './tenant-rls';

/**
 * Sign-in and audit storage (issue 3): the audit log in the shape server/audit/audit-chain.ts expects
 * (the platform migration's audit_events had no writer yet and lacked `id`/nullable actor), its anchor
 * and per-tenant chain state, per-user sign-in state (lockout, TOTP replay step), and two lookups for
 * maintenance jobs that walk every tenant (retention pruning, key rotation).
 */
export class Auth1764240000000 implements MigrationInterface {
  name = 'Auth1764240000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_events`);
    await q.query(`
      CREATE TABLE audit_events (
        tenant_id uuid NOT NULL REFERENCES tenants (tenant_id),
        seq bigint NOT NULL,
        id uuid NOT NULL,
        type text NOT NULL,
        actor_id text,
        at timestamptz NOT NULL,
        data jsonb NOT NULL,
        prev_hash text NOT NULL,
        hash text NOT NULL,
        PRIMARY KEY (tenant_id, seq),
        UNIQUE (tenant_id, id)
      )`);
    await q.query(`CREATE INDEX audit_events_at_idx ON audit_events (tenant_id, at)`);
    await q.query(`
      CREATE TABLE audit_anchors (
        tenant_id uuid NOT NULL REFERENCES tenants (tenant_id),
        seq bigint NOT NULL,
        hash text NOT NULL,
        mac text NOT NULL,
        pruned_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id)
      )`);
    await q.query(`
      CREATE TABLE audit_chains (
        tenant_id uuid NOT NULL REFERENCES tenants (tenant_id),
        hmac_key text NOT NULL,
        head_seq bigint NOT NULL,
        head_hash text NOT NULL,
        head_mac text NOT NULL,
        PRIMARY KEY (tenant_id)
      )`);
    await q.query(`
      CREATE TABLE user_sign_in_states (
        tenant_id uuid NOT NULL,
        user_id uuid NOT NULL,
        failure_count integer NOT NULL,
        window_started_at timestamptz,
        locked_until timestamptz,
        totp_last_step bigint,
        PRIMARY KEY (tenant_id, user_id),
        FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
      )`);

    // Append-only: the app may add and prune (retention) audit events, never rewrite them.
    await enableTenantRls(q, 'audit_events', ['SELECT', 'INSERT', 'DELETE']);
    await enableTenantRls(q, 'audit_anchors', ['SELECT', 'INSERT', 'UPDATE']);
    await enableTenantRls(q, 'audit_chains', ['SELECT', 'INSERT', 'UPDATE']);
    await enableTenantRls(q, 'user_sign_in_states', ['SELECT', 'INSERT', 'UPDATE', 'DELETE']);

    // Maintenance jobs act tenant by tenant; these return tenant ids only, never rows.
    await q.query(`
      CREATE FUNCTION bookdesk_tenant_ids() RETURNS TABLE (tenant_id uuid)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
        SELECT n.tenant_id FROM tenants n ORDER BY n.tenant_id
      $$`);
    await grantLookupFunction(q, 'bookdesk_tenant_ids()');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION bookdesk_tenant_ids()`);
    for (const table of ['user_sign_in_states', 'audit_chains', 'audit_anchors', 'audit_events']) {
      await q.query(`DROP TABLE ${table}`);
    }
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
    await enableTenantRls(q, 'audit_events', ['SELECT', 'INSERT', 'DELETE']);
  }
}
