import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_GROUP_ROLE } from '../../postgres-roles';

/**
 * PostgreSQL sync versions come from one sequence instead of a counter row per tenant (see
 * server/sync/README.md "Versions on PostgreSQL"). A writer no longer holds a row lock that the
 * tenant's other writers queue on until its commit has been flushed; a pull serves versions only up
 * to a watermark below every version a transaction may still commit.
 *
 * CACHE 1 (the default, stated because the watermark depends on it): every nextval takes the next
 * number of the one sequence, so numbers drawn later are always higher. The sequence starts above
 * every version already handed out, so each tenant's versions keep increasing and the cursors
 * desktops hold stay valid. `tenant_versions` is no longer written on PostgreSQL.
 */
export class SyncVersionSequence1764300000000 implements MigrationInterface {
  name = 'SyncVersionSequence1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SEQUENCE sync_versions AS bigint MINVALUE 1 CACHE 1`);
    // Row-level security is forced on the owner too: lifted for this read only, inside this
    // migration's transaction, so the highest version of every tenant is seen.
    await q.query(`ALTER TABLE sync_changes NO FORCE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE tenant_versions NO FORCE ROW LEVEL SECURITY`);
    await q.query(`
      SELECT setval('sync_versions', greatest(
        (SELECT max(version) FROM sync_changes), (SELECT max(version) FROM tenant_versions), 1))`);
    await q.query(`ALTER TABLE sync_changes FORCE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE tenant_versions FORCE ROW LEVEL SECURITY`);
    // SELECT: the watermark reads the sequence's last value; USAGE: nextval.
    await q.query(`GRANT USAGE, SELECT ON SEQUENCE sync_versions TO ${APP_GROUP_ROLE}`);
    // An instance still running the previous version would go on numbering from the counter rows,
    // below the sequence (versions that clients past them never pull, or duplicates): its writes now
    // fail loudly instead. Deploy this migration with every instance updated.
    await q.query(`REVOKE INSERT, UPDATE ON tenant_versions FROM ${APP_GROUP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`GRANT INSERT, UPDATE ON tenant_versions TO ${APP_GROUP_ROLE}`);
    // Each tenant's counter continues from its highest version.
    await q.query(`ALTER TABLE sync_changes NO FORCE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE tenant_versions NO FORCE ROW LEVEL SECURITY`);
    await q.query(`
      INSERT INTO tenant_versions (tenant_id, version)
      SELECT tenant_id, max(version) FROM sync_changes GROUP BY tenant_id
      ON CONFLICT (tenant_id) DO UPDATE SET version = greatest(tenant_versions.version, excluded.version)`);
    await q.query(`ALTER TABLE sync_changes FORCE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE tenant_versions FORCE ROW LEVEL SECURITY`);
    await q.query(`DROP SEQUENCE sync_versions`);
  }
}
