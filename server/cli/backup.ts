/**
 * `npm run backup [-- --daily | --point] [--list]`: takes one online backup of the embedded SQLite
 * database (verified, encrypted, retention applied; README.md "Operations") and prints its report as
 * JSON; `--list` prints the stored backups instead. Safe while the server runs.
 */
import { ConfigError, loadConfig } from '../config';
import { parseOptions, sqliteBackupsOf } from '../ops/ops-config';

async function main(argv: string[]): Promise<number> {
  const options = parseOptions(argv, [], ['daily', 'point', 'list']);
  const backups = sqliteBackupsOf(loadConfig());
  if (options.list) {
    const entries = await backups.list();
    console.log(
      JSON.stringify(
        entries.map((e) => ({
          id: e.header.id,
          kind: e.header.kind,
          takenAt: e.header.takenAt,
          storedBytes: e.storedBytes,
        })),
        null,
        2,
      ),
    );
    return 0;
  }
  if (options.daily && options.point) throw new ConfigError('--daily and --point exclude each other');
  const report = await backups.take(options.daily ? 'daily' : options.point ? 'point' : undefined);
  console.log(JSON.stringify(report, null, 2));
  return 0;
}

main(process.argv.slice(2)).then(
  (status) => process.exit(status),
  (error: unknown) => {
    console.error(`backup: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(error instanceof ConfigError ? 2 : 1);
  },
);
