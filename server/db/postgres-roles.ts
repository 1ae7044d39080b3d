/**
 * PostgreSQL roles of a Bookdesk deployment (layer 2 of tenant isolation, see ./README.md):
 * - the OWNER role owns the schema and runs the migrations (DATABASE_OWNER_URL);
 * - the APP role is what the API connects as (DATABASE_URL): a member of {@link APP_GROUP_ROLE}, which
 *   migrations grant DML (never DDL) to; it owns nothing and has neither SUPERUSER nor BYPASSRLS, so
 *   the FORCEd row-level-security policies apply to every query it runs.
 */
import type pg from 'pg';

/** NOLOGIN group role that receives the app's grants; app login roles are its members. */
export const APP_GROUP_ROLE = 'bookdesk_app';

/** Names and passwords of the two login roles of one database. */
export interface PostgresProvisioning {
  database: string;
  ownerRole: string;
  ownerPassword: string;
  appRole: string;
  appPassword: string;
}

const identifier = /^[a-z_][a-z0-9_]{0,62}$/;
function ident(name: string): string {
  if (!identifier.test(name)) throw new Error(`unsafe PostgreSQL identifier: ${name}`);
  return name;
}
function literal(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * Creates the database and its owner and app roles, as a superuser (the test harness does this per
 * test file; in production a DBA runs the same statements once). {@link APP_GROUP_ROLE} must exist.
 */
export async function provisionPostgresDatabase(
  superuser: pg.Client,
  p: PostgresProvisioning,
): Promise<void> {
  await superuser.query(
    `CREATE ROLE ${ident(p.ownerRole)} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE PASSWORD ${literal(p.ownerPassword)}`,
  );
  await superuser.query(
    `CREATE ROLE ${ident(p.appRole)} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOCREATEDB ` +
      `PASSWORD ${literal(p.appPassword)} IN ROLE ${APP_GROUP_ROLE}`,
  );
  await superuser.query(`CREATE DATABASE ${ident(p.database)} OWNER ${ident(p.ownerRole)}`);
  // Only the two roles of this deployment may connect.
  await superuser.query(`REVOKE CONNECT, TEMPORARY ON DATABASE ${ident(p.database)} FROM PUBLIC`);
  await superuser.query(`GRANT CONNECT ON DATABASE ${ident(p.database)} TO ${ident(p.appRole)}`);
}
