/**
 * The only reads that happen before a tenant is known: which credential a bearer token is, which
 * tenant holds a refresh token / authorization code, which user an email signs in. On PostgreSQL
 * they call SECURITY DEFINER functions owned by the table owner (RLS stays FORCEd for the app role;
 * see migrations/postgres/1764230000000-platform.ts); each returns ids only, never rows.
 * Everything else is read afterwards through a TenantScope of the tenant found here.
 */
import type { Database } from './data-source';
import type { Role } from './entities/platform.entities';
import { readOptionalInstant } from './sql-dialect';

/** A valid (unexpired, unrevoked, active-tenant) credential found by the hash of its secret. */
export interface CredentialMatch {
  kind: 'access_token' | 'api_key';
  credentialId: string;
  tenantId: string;
  /** The user an access token acts for; null for an API key. */
  userId: string | null;
  role: Role;
  /** When an access token expires; null for an API key (valid until revoked). */
  expiresAt: Date | null;
}

export type SecretKind = 'refresh_token' | 'authorization_code';

/** A SQLite `datetime` column value as TypeORM writes it (UTC, `YYYY-MM-DD HH:MM:SS.SSS`). */
function sqliteNow(now: Date): string {
  return now.toISOString().replace('T', ' ').replace('Z', '');
}

export class GlobalLookups {
  constructor(private readonly db: Database) {}

  /** The credential whose secret hashes to `hash`, if it is currently valid. */
  async findCredential(hash: string, now = new Date()): Promise<CredentialMatch | null> {
    type Row = {
      kind: CredentialMatch['kind'];
      credential_id: string;
      tenant_id: string;
      user_id: string | null;
      role: Role;
      expires_at: Date | string | null;
    };
    const rows =
      this.db.dialect === 'postgres'
        ? await this.db.query<Row>('SELECT * FROM bookdesk_authenticate($1)', [hash])
        : await this.db.query<Row>(
            `SELECT 'access_token' AS kind, t.id AS credential_id, t.tenant_id, t.user_id, u.role, t.expires_at
               FROM access_tokens t
               JOIN users u ON u.tenant_id = t.tenant_id AND u.id = t.user_id
               JOIN tenants n ON n.tenant_id = t.tenant_id
              WHERE t.token_hash = ? AND t.revoked_at IS NULL AND t.expires_at > ? AND n.status = 'active'
             UNION ALL
             SELECT 'api_key', k.id, k.tenant_id, NULL, k.role, NULL
               FROM api_keys k JOIN tenants n ON n.tenant_id = k.tenant_id
              WHERE k.key_hash = ? AND k.revoked_at IS NULL AND n.status = 'active'
             LIMIT 1`,
            [hash, sqliteNow(now), hash],
          );
    const row = rows[0];
    return row
      ? {
          kind: row.kind,
          credentialId: row.credential_id,
          tenantId: row.tenant_id,
          userId: row.user_id,
          role: row.role,
          expiresAt: readOptionalInstant(row.expires_at),
        }
      : null;
  }

  /** The tenant holding the refresh token or authorization code whose hash is `hash` (any state). */
  async findTenantOfSecret(kind: SecretKind, hash: string): Promise<string | null> {
    const rows =
      this.db.dialect === 'postgres'
        ? await this.db.query<{ tenant_id: string | null }>(
            'SELECT bookdesk_tenant_of_secret($1, $2) AS tenant_id',
            [kind, hash],
          )
        : await this.db.query<{ tenant_id: string }>(
            kind === 'refresh_token'
              ? 'SELECT tenant_id FROM refresh_tokens WHERE token_hash = ? LIMIT 1'
              : 'SELECT tenant_id FROM oauth_authorization_codes WHERE code_hash = ? LIMIT 1',
            [hash],
          );
    return rows[0]?.tenant_id ?? null;
  }

  /** Users with this (normalised) email. Emails are unique across tenants, so at most one in practice. */
  async findUsersByEmail(email: string): Promise<{ tenantId: string; userId: string }[]> {
    const rows =
      this.db.dialect === 'postgres'
        ? await this.db.query<{ tenant_id: string; user_id: string }>(
            'SELECT * FROM bookdesk_users_by_email($1)',
            [email],
          )
        : await this.db.query<{ tenant_id: string; user_id: string }>(
            'SELECT tenant_id, id AS user_id FROM users WHERE email = ?',
            [email],
          );
    return rows.map((row) => ({ tenantId: row.tenant_id, userId: row.user_id }));
  }

  /** True when the database answers (readiness). */
  async ping(): Promise<boolean> {
    await this.db.query('SELECT 1');
    return true;
  }
}
