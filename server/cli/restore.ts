/**
 * `npm run restore -- --at <time>`: replaces the embedded SQLite database with the newest backup
 * taken at or before `<time>` (README.md "Operations"). The server must be stopped (refused while any
 * process has the file open); the current file is kept aside as `<file>.before-restore-<stamp>`.
 */
import { ConfigError, loadConfig } from '../config';
import { parseInstant, parseOptions, sqliteBackupsOf } from '../ops/ops-config';

async function main(argv: string[]): Promise<number> {
  const options = parseOptions(argv, ['at']);
  const at = parseInstant(options.at);
  const result = await sqliteBackupsOf(loadConfig()).restoreDatabase(at);
  console.log(
    JSON.stringify(
      {
        restored: result.backup.header.id,
        takenAt: result.backup.header.takenAt,
        requestedAt: at.toISOString(),
        /** Changes after the backup and up to the requested time are not in it. */
        gapSeconds: Math.round((at.getTime() - result.backup.takenAt.getTime()) / 1000),
        keptAside: result.keptAside,
        durationMs: result.durationMs,
      },
      null,
      2,
    ),
  );
  return 0;
}

main(process.argv.slice(2)).then(
  (status) => process.exit(status),
  (error: unknown) => {
    console.error(`restore: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(error instanceof ConfigError ? 2 : 1);
  },
);
