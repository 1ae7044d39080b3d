import type { MigrationInterface, QueryRunner } from 'typeorm';
import { AUTH_CHANNEL } from '../../auth-changes';
import { grantLookupFunction } from './tenant-rls';

/** The tables whose UPDATE or DELETE can change what a credential resolves to (../../auth-changes.ts). */
const AUTH_TABLES = ['tenants', 'users', 'access_tokens', 'api_keys'] as const;

/**
 * What the instances' credential caches need (server/auth/credential-cache.ts):
 * - `bookdesk_authenticate` also returns the credential's expiry, so a cached answer never outlives it;
 * - every UPDATE or DELETE of a credential table NOTIFYs `bookdesk_auth` with the tenant id. NOTIFY is
 *   transactional (delivered on commit, folded per transaction), so every instance drops that tenant's
 *   cached credentials right after the change is visible, whoever made it (another instance, a
 *   migration, an operator in psql).
 */
export class CredentialCache1764290000000 implements MigrationInterface {
  name = 'CredentialCache1764290000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION bookdesk_authenticate(text)`);
    await q.query(`
      CREATE FUNCTION bookdesk_authenticate(p_hash text)
      RETURNS TABLE (kind text, credential_id uuid, tenant_id uuid, user_id uuid, role text, expires_at timestamptz)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
        SELECT 'access_token', t.id, t.tenant_id, t.user_id, u.role, t.expires_at
          FROM access_tokens t
          JOIN users u ON u.tenant_id = t.tenant_id AND u.id = t.user_id
          JOIN tenants n ON n.tenant_id = t.tenant_id
         WHERE t.token_hash = p_hash AND t.revoked_at IS NULL AND t.expires_at > now() AND n.status = 'active'
        UNION ALL
        SELECT 'api_key', k.id, k.tenant_id, NULL::uuid, k.role, NULL::timestamptz
          FROM api_keys k
          JOIN tenants n ON n.tenant_id = k.tenant_id
         WHERE k.key_hash = p_hash AND k.revoked_at IS NULL AND n.status = 'active'
        LIMIT 1
      $$`);
    await grantLookupFunction(q, 'bookdesk_authenticate(text)');

    // tenant_id is part of every primary key and never changes, so OLD.tenant_id names the tenant
    // for both UPDATE and DELETE.
    await q.query(`
      CREATE FUNCTION bookdesk_notify_auth_change() RETURNS trigger
      LANGUAGE plpgsql SET search_path = pg_catalog AS $$
      BEGIN
        PERFORM pg_notify('${AUTH_CHANNEL}', OLD.tenant_id::text);
        RETURN NULL;
      END
      $$`);
    for (const table of AUTH_TABLES) {
      await q.query(`
        CREATE TRIGGER ${table}_notify_auth_change AFTER UPDATE OR DELETE ON ${table}
        FOR EACH ROW EXECUTE FUNCTION bookdesk_notify_auth_change()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of AUTH_TABLES) await q.query(`DROP TRIGGER ${table}_notify_auth_change ON ${table}`);
    await q.query(`DROP FUNCTION bookdesk_notify_auth_change()`);
    await q.query(`DROP FUNCTION bookdesk_authenticate(text)`);
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
  }
}
