/**
 * Helpers every PostgreSQL migration uses for a tenant table, so that layer 2 of tenant isolation is
 * applied the same way everywhere (checked by tests/api/postgres-rls.test.ts).
 */
import type { QueryRunner } from 'typeorm';
import { APP_GROUP_ROLE } from '../../postgres-roles';

/**
 * The tenant of the current transaction, as set by `SELECT set_config('app.tenant_id', $1, true)`.
 * NULLIF: once a session has seen a transaction-local value, the unset setting reads as '' rather
 * than NULL, and ''::uuid would raise instead of matching nothing.
 */
export const CURRENT_TENANT = `NULLIF(current_setting('app.tenant_id', true), '')::uuid`;

/** Which statements the app role may run on a table (never DDL, never TRUNCATE). */
export type AppGrant = 'SELECT' | 'INSERT' | 'UPDATE' | 'DELETE';

/**
 * ENABLE + FORCE row-level security on `table` with the policy `tenant_isolation`
 * (USING and WITH CHECK `tenant_id = <current tenant>`), and grants the app role `grants`.
 * `lookup: true` adds a SELECT-only policy for the owner role, which is what lets the owner's
 * SECURITY DEFINER lookup functions (credential by hash, user by email) see across tenants.
 */
export async function enableTenantRls(
  queryRunner: QueryRunner,
  table: string,
  grants: readonly AppGrant[],
  options: { lookup?: boolean } = {},
): Promise<void> {
  await queryRunner.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
  await queryRunner.query(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
  await queryRunner.query(
    `CREATE POLICY tenant_isolation ON ${table} USING (tenant_id = ${CURRENT_TENANT}) WITH CHECK (tenant_id = ${CURRENT_TENANT})`,
  );
  if (options.lookup) {
    await queryRunner.query(`CREATE POLICY owner_lookup ON ${table} FOR SELECT TO CURRENT_USER USING (true)`);
  }
  await queryRunner.query(`GRANT ${grants.join(', ')} ON ${table} TO ${APP_GROUP_ROLE}`);
}

/** Makes a SECURITY DEFINER function callable by the app role only. */
export async function grantLookupFunction(queryRunner: QueryRunner, signature: string): Promise<void> {
  await queryRunner.query(`REVOKE ALL ON FUNCTION ${signature} FROM PUBLIC`);
  await queryRunner.query(`GRANT EXECUTE ON FUNCTION ${signature} TO ${APP_GROUP_ROLE}`);
}
