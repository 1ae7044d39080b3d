/**
 * `npm run restore-tenant -- --tenant <id> --at <time>`: restores one business to the newest backup
 * taken at or before `<time>`, leaving every other business untouched (README.md "Operations",
 * server/ops/restore-tenant.service.ts). Runs while the server runs; prints the report as JSON.
 * Embedded SQLite: from `npm run backup`'s files. PostgreSQL: from a side cluster that pgBackRest
 * restored to `<time>` (scripts/pgbackrest/restore-drill.sh --keep): `--from <app url> --from-owner
 * <owner url>` of that cluster (a physical restore has the production roles; only the port differs).
 */
import { AuditLog } from '../audit/audit-log.service';
import { ConfigError, loadConfig } from '../config';
import { openDatabase } from '../db/data-source';
import { TenantScopes } from '../db/tenant-scope';
import { cipherOf, parseInstant, parseOptions, sqliteBackupsOf } from '../ops/ops-config';
import { restoreTenantFromSqliteBackup } from '../ops/restore-tenant.run';
import { RestoreTenantService } from '../ops/restore-tenant.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function main(argv: string[]): Promise<number> {
  const options = parseOptions(argv, ['tenant', 'at', 'from', 'from-owner']);
  if (!options.tenant || !UUID.test(options.tenant)) throw new ConfigError('--tenant <uuid> is required');
  const tenantId = options.tenant.toLowerCase();
  const at = parseInstant(options.at);
  const config = loadConfig();
  const now = () => new Date();
  if (config.database.store === 'postgres' && !(options.from && options['from-owner']))
    throw new ConfigError(
      '--from <app url> --from-owner <owner url> of the side cluster restored to --at are required on PostgreSQL',
    );
  const backups = config.database.store === 'sqlite' ? sqliteBackupsOf(config) : null;
  const live = await openDatabase(config.database);
  try {
    const deps = { live: new TenantScopes(live), audit: new AuditLog(cipherOf(config), { now }), now };
    let report: object;
    if (backups) {
      report = await restoreTenantFromSqliteBackup({ ...deps, backups }, tenantId, at);
    } else {
      const side = await openDatabase({
        store: 'postgres',
        url: options.from!,
        ownerUrl: options['from-owner'],
      });
      try {
        report = await new RestoreTenantService(deps).restore(tenantId, new TenantScopes(side), {
          at,
          backupId: `side cluster ${new URL(options.from!).host}`,
        });
      } finally {
        await side.close();
      }
    }
    console.log(JSON.stringify(report, null, 2));
    return 0;
  } finally {
    await live.close();
  }
}

main(process.argv.slice(2)).then(
  (status) => process.exit(status),
  (error: unknown) => {
    console.error(`restore-tenant: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(error instanceof ConfigError ? 2 : 1);
  },
);
