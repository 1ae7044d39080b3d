import type { MigrationInterface, QueryRunner } from 'typeorm';
import { enableTenantRls } from './tenant-rls';

/** What a booking's conflict check reads besides held time (server/bookings/booking-context.ts). */
const CONFIG_TABLES = ['locations', 'services', 'staff', 'staff_services', 'custom_fields'] as const;

/**
 * A counter per tenant that every change to what a booking is checked against (locations, services,
 * staff, the services staff perform, custom booking fields) moves on, in the changing transaction.
 * An instance may check a booking against a copy of that configuration it keeps in memory, and
 * insert it only if the counter still has the value the copy was read at (BookingService's cached
 * create): the same configuration the booking would have read in its own transaction.
 *
 * - Written only by the trigger function (SECURITY DEFINER, as the owner, whose policy lets it write
 *   any tenant's row). The app role may read its tenant's row, and delete it with the tenant's data;
 *   the triggers of that purge, run at its commit, find the tenant gone and write nothing.
 * - Its values come from one sequence, so a tenant's version never takes a value it had before,
 *   even if its row was deleted (a copy read at an old version can never match again). An update
 *   draws its value once it holds the row's lock, so a tenant's versions also increase in commit
 *   order (BookingContextCache keeps the newest read). A tenant with no row reads as version 0: it
 *   never changed its configuration since this migration.
 * - The triggers are deferred constraint triggers: the counter row is locked at commit, after every
 *   other lock of the transaction, so two configuration changes never wait on each other in a cycle.
 */
export class BookingConfigVersion1764320000000 implements MigrationInterface {
  name = 'BookingConfigVersion1764320000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SEQUENCE config_versions AS bigint MINVALUE 1`);
    await q.query(`
      CREATE TABLE tenant_config_versions (
        tenant_id uuid PRIMARY KEY,
        version bigint NOT NULL
      )`);
    await enableTenantRls(q, 'tenant_config_versions', ['SELECT', 'DELETE']);
    await q.query(
      `CREATE POLICY owner_write ON tenant_config_versions TO CURRENT_USER USING (true) WITH CHECK (true)`,
    );
    await q.query(`
      CREATE FUNCTION bookdesk_bump_config_version() RETURNS trigger
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
      DECLARE
        changed uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD.tenant_id ELSE NEW.tenant_id END;
      BEGIN
        INSERT INTO tenant_config_versions AS v (tenant_id, version)
        SELECT changed, nextval('config_versions') WHERE EXISTS (SELECT 1 FROM tenants t WHERE t.tenant_id = changed)
        ON CONFLICT (tenant_id) DO UPDATE SET version = nextval('config_versions');
        RETURN NULL;
      END $$`);
    await q.query(`REVOKE ALL ON FUNCTION bookdesk_bump_config_version() FROM PUBLIC`);
    for (const table of CONFIG_TABLES) {
      await q.query(`
        CREATE CONSTRAINT TRIGGER ${table}_config_version AFTER INSERT OR UPDATE OR DELETE ON ${table}
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bookdesk_bump_config_version()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of CONFIG_TABLES) await q.query(`DROP TRIGGER ${table}_config_version ON ${table}`);
    await q.query(`DROP FUNCTION bookdesk_bump_config_version()`);
    await q.query(`DROP TABLE tenant_config_versions`);
    await q.query(`DROP SEQUENCE config_versions`);
  }
}
