import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRls } from './tenant-rls';

/**
 * `sign_in_form_uses`: the signed sign-in forms (`form_token`, server/oauth/form-token.ts) that
 * already produced an authorization code, by SHA-256 of the token, until the token expires. A form
 * signs in once: posting it again is refused instead of giving a second code.
 */
export class SignInFormUses1764410000000 implements MigrationInterface {
  name = 'SignInFormUses1764410000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sign_in_form_uses (
        tenant_id uuid NOT NULL REFERENCES tenants (tenant_id),
        token_hash text NOT NULL,
        expires_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, token_hash)
      )`);
    await enableTenantRls(q, 'sign_in_form_uses', ['SELECT', 'INSERT', 'DELETE']);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE sign_in_form_uses`);
  }
}
