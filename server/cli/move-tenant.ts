/**
 * `npm run move-tenant -- --tenant <id> --to <url>`: moves a business to another region's API
 * (README.md "Operations", server/ops/tenant-move.ts): export, import at the target (which encrypts
 * the secrets again under its own keys), verify, then purge here. The target's operator token comes
 * from `MOVE_TARGET_OPS_TOKEN`. Reads the same environment as the server; prints a JSON report.
 */
import { ConfigError, loadConfig } from '../config';
import { openDatabase } from '../db/data-source';
import { TenantScopes } from '../db/tenant-scope';
import { cipherOf, parseOptions } from '../ops/ops-config';
import { moveTenant } from '../ops/tenant-move';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function main(argv: string[]): Promise<number> {
  const options = parseOptions(argv, ['tenant', 'to']);
  if (!options.tenant || !UUID.test(options.tenant)) throw new ConfigError('--tenant <uuid> is required');
  if (!options.to) throw new ConfigError("--to <url of the target region's API> is required");
  const opsToken = process.env.MOVE_TARGET_OPS_TOKEN;
  if (!opsToken) throw new ConfigError("MOVE_TARGET_OPS_TOKEN (the target's OPS_TOKEN) is required");
  const config = loadConfig();
  const db = await openDatabase(config.database);
  try {
    const report = await moveTenant(
      { scopes: new TenantScopes(db), cipher: cipherOf(config), region: config.region ?? 'default' },
      options.tenant.toLowerCase(),
      { url: options.to, opsToken },
    );
    console.log(JSON.stringify(report, null, 2));
    return 0;
  } finally {
    await db.close();
  }
}

main(process.argv.slice(2)).then(
  (status) => process.exit(status),
  (error: unknown) => {
    console.error(`move-tenant: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(error instanceof ConfigError ? 2 : 1);
  },
);
