import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRls, grantLookupFunction } from './tenant-rls';

/**
 * Connected calendars (issue 5): one row per connection with its credential and sync cursor in ONE
 * SecretCipher ciphertext (`credential`: tokens, the MSAL cache with id-token claims, a CalDAV
 * password and the provider's sync state), and short-lived OAuth states (PKCE verifier encrypted).
 * `next_sync_at`/`sync_lease_until` let several instances share the 5-minute background sync: an
 * instance claims due rows with `FOR UPDATE SKIP LOCKED` and holds a lease while it syncs them.
 * `bookdesk_calendar_due_tenants` (SECURITY DEFINER, ids only) tells the scheduler which tenants have
 * due connections (of active tenants only); the claim itself happens inside each tenant's own RLS-scoped transaction.
 */
export class CalendarConnections1764280000000 implements MigrationInterface {
  name = 'CalendarConnections1764280000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE calendar_connections (
        tenant_id uuid NOT NULL,
        id uuid NOT NULL,
        staff_id uuid NOT NULL,
        provider text NOT NULL CHECK (provider IN ('google', 'microsoft', 'caldav')),
        status text NOT NULL CHECK (status IN ('active', 'needs_reconnect', 'error')),
        credential text NOT NULL,
        sync_generation integer NOT NULL DEFAULT 0,
        last_synced_at timestamptz,
        last_error text,
        next_sync_at timestamptz NOT NULL,
        sync_lease_until timestamptz,
        created_at timestamptz NOT NULL,
        version bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, staff_id) REFERENCES staff (tenant_id, id) ON DELETE CASCADE
      )`);
    await q.query(
      `CREATE INDEX calendar_connections_staff_idx ON calendar_connections (tenant_id, staff_id)`,
    );
    await q.query(`CREATE INDEX calendar_connections_due_idx ON calendar_connections (next_sync_at)`);
    await q.query(`
      CREATE TABLE calendar_oauth_states (
        tenant_id uuid NOT NULL,
        id uuid NOT NULL,
        state_hash text NOT NULL,
        provider text NOT NULL CHECK (provider IN ('google', 'microsoft')),
        user_id uuid NOT NULL,
        staff_id uuid NOT NULL,
        code_verifier text NOT NULL,
        expires_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, id),
        UNIQUE (tenant_id, state_hash),
        FOREIGN KEY (tenant_id, staff_id) REFERENCES staff (tenant_id, id) ON DELETE CASCADE,
        FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
      )`);
    const dml = ['SELECT', 'INSERT', 'UPDATE', 'DELETE'] as const;
    await enableTenantRls(q, 'calendar_connections', dml, { lookup: true });
    await enableTenantRls(q, 'calendar_oauth_states', dml);
    await q.query(`
      CREATE FUNCTION bookdesk_calendar_due_tenants(at timestamptz) RETURNS TABLE (tenant_id uuid)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
        SELECT DISTINCT c.tenant_id FROM calendar_connections c
          JOIN tenants n ON n.tenant_id = c.tenant_id AND n.status = 'active'
         WHERE c.next_sync_at <= at AND (c.sync_lease_until IS NULL OR c.sync_lease_until < at)
         ORDER BY c.tenant_id
      $$`);
    await grantLookupFunction(q, 'bookdesk_calendar_due_tenants(timestamptz)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION bookdesk_calendar_due_tenants(timestamptz)`);
    await q.query(`DROP TABLE calendar_oauth_states`);
    await q.query(`DROP TABLE calendar_connections`);
  }
}
