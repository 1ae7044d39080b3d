import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRls } from './tenant-rls';

/**
 * `sign_in_throttles`: failed sign-ins per (account, client address) — the address as seen by the
 * API, IPv6 grouped by /64 — and until when that pair must wait (server/oauth/sign-in.service.ts).
 * Counting per pair instead of per account means a stranger's failures never lock the owner out.
 */
export class SignInThrottles1764420000000 implements MigrationInterface {
  name = 'SignInThrottles1764420000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sign_in_throttles (
        tenant_id uuid NOT NULL,
        user_id uuid NOT NULL,
        address text NOT NULL,
        failures integer NOT NULL,
        last_failure_at timestamptz NOT NULL,
        blocked_until timestamptz,
        PRIMARY KEY (tenant_id, user_id, address),
        FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
      )`);
    await enableTenantRls(q, 'sign_in_throttles', ['SELECT', 'INSERT', 'UPDATE', 'DELETE']);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE sign_in_throttles`);
  }
}
