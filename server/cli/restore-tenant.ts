/**
 * `npm run restore-tenant -- --tenant <id> --at <time>`: restores one business to the newest backup
 * taken at or before `<time>`, leaving every other business untouched (README.md "Operations",
 * server/ops/restore-tenant.service.ts). Runs while the server runs; prints the report as JSON.
 * Embedded SQLite: from `npm run backup`'s files. PostgreSQL: not yet (see README.md "Operations").
 */
import { AuditLog } from '../audit/audit-log.service';
import { ConfigError, loadConfig } from '../config';
import { openDatabase } from '../db/data-source';
import { TenantScopes } from '../db/tenant-scope';
import { cipherOf, parseInstant, parseOptions, sqliteBackupsOf } from '../ops/ops-config';
import { restoreTenantFromSqliteBackup } from '../ops/restore-tenant.run';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function main(argv: string[]): Promise<number> {
  const options = parseOptions(argv, ['tenant', 'at']);
  if (!options.tenant || !UUID.test(options.tenant)) throw new ConfigError('--tenant <uuid> is required');
  const at = parseInstant(options.at);
  const config = loadConfig();
  const backups = sqliteBackupsOf(config);
  const now = () => new Date();
  const live = await openDatabase(config.database);
  try {
    const report = await restoreTenantFromSqliteBackup(
      { backups, live: new TenantScopes(live), audit: new AuditLog(cipherOf(config), { now }), now },
      options.tenant.toLowerCase(),
      at,
    );
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
