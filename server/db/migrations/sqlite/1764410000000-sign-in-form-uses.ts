import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The sign-in forms already used to sign in, on SQLite: same shape as the PostgreSQL migration. */
export class SignInFormUses1764410000000 implements MigrationInterface {
  name = 'SignInFormUses1764410000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sign_in_form_uses (
        tenant_id TEXT NOT NULL REFERENCES tenants (tenant_id),
        token_hash TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        PRIMARY KEY (tenant_id, token_hash)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE sign_in_form_uses`);
  }
}
