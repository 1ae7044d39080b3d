import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Sign-in throttling per (account, client address), on SQLite: same shape as the PostgreSQL migration. */
export class SignInThrottles1764420000000 implements MigrationInterface {
  name = 'SignInThrottles1764420000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sign_in_throttles (
        tenant_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        address TEXT NOT NULL,
        failures INTEGER NOT NULL,
        last_failure_at TEXT NOT NULL,
        blocked_until TEXT,
        PRIMARY KEY (tenant_id, user_id, address),
        FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE sign_in_throttles`);
  }
}
