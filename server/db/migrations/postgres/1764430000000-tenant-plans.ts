import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `tenants.plan`: the business's plan (server/tenants/plans.ts), which says whether connected
 * calendars are included. Existing businesses keep what they had: `professional`, calendars included.
 */
export class TenantPlans1764430000000 implements MigrationInterface {
  name = 'TenantPlans1764430000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tenants ADD COLUMN plan text NOT NULL DEFAULT 'professional'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tenants DROP COLUMN plan`);
  }
}
