/**
 * Test databases on both stores. `createTestDatabase('sqlite')` gives a fresh file in a temporary
 * folder; `createTestDatabase('postgres')` a fresh database with its own owner and app roles on the
 * run's embedded cluster (tests/support/postgres.global.ts). `superuserQuery` reads across tenants
 * (bypassing RLS) so tests can check what is really stored.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import pg from 'pg';
import { inject } from 'vitest';
import type { DatabaseConfig, Store } from '../../server/config';
import { provisionPostgresDatabase } from '../../server/db/postgres-roles';

/** Every database-backed suite runs on each of these: `describe.each(STORES)('%s', (store) => ...)`. */
export const STORES: readonly Store[] = ['sqlite', 'postgres'];

export interface TestDatabase {
  store: Store;
  /** What to put in ServerConfig.database. */
  config: DatabaseConfig;
  /** A temporary folder for the app's data dir; removed by `drop()`. */
  dataDir: string;
  /** PostgreSQL only: names of this database's roles. */
  roles?: { owner: string; app: string };
  /** PostgreSQL only: connection string of the app role (for raw RLS tests). */
  appUrl?: string;
  /** Runs SQL with full privileges (superuser on PostgreSQL, the file itself on SQLite). */
  superuserQuery<T = Record<string, unknown>>(sql: string, parameters?: unknown[]): Promise<T[]>;
  /** Every row of every table with a tenant_id column, for that tenant (sorted, for comparison). */
  snapshotTenant(tenantId: string): Promise<Record<string, unknown[]>>;
  drop(): Promise<void>;
}

export async function createTestDatabase(store: Store): Promise<TestDatabase> {
  const dataDir = await mkdtemp(join(tmpdir(), 'bookdesk-test-'));
  const db = store === 'sqlite' ? await sqliteDatabase(dataDir) : await postgresDatabase(dataDir);
  return {
    ...db,
    async snapshotTenant(tenantId) {
      const tables = await db.superuserQuery<{ table_name: string }>(
        store === 'sqlite'
          ? `SELECT m.name AS table_name FROM sqlite_master m JOIN pragma_table_info(m.name) c
              WHERE m.type = 'table' AND c.name = 'tenant_id' ORDER BY 1`
          : `SELECT table_name FROM information_schema.columns
              WHERE table_schema = 'public' AND column_name = 'tenant_id' ORDER BY 1`,
      );
      const snapshot: Record<string, unknown[]> = {};
      for (const { table_name } of tables) {
        snapshot[table_name] = await db.superuserQuery(
          `SELECT * FROM ${table_name} WHERE tenant_id = ${store === 'sqlite' ? '?' : '$1'} ORDER BY 1, 2`,
          [tenantId],
        );
      }
      return snapshot;
    },
  };
}

type BaseDatabase = Omit<TestDatabase, 'snapshotTenant'>;

async function sqliteDatabase(dataDir: string): Promise<BaseDatabase> {
  const file = join(dataDir, 'bookdesk.sqlite');
  return {
    store: 'sqlite',
    config: { store: 'sqlite', url: file },
    dataDir,
    async superuserQuery<T>(sql: string, parameters: unknown[] = []) {
      const connection = new Sqlite(file);
      try {
        const statement = connection.prepare(sql);
        return (statement.reader ? statement.all(...parameters) : (statement.run(...parameters), [])) as T[];
      } finally {
        connection.close();
      }
    },
    drop: () => rm(dataDir, { recursive: true, force: true }),
  };
}

async function postgresDatabase(dataDir: string): Promise<BaseDatabase> {
  const cluster = inject('postgres');
  const suffix = randomBytes(5).toString('hex');
  const p = {
    database: `bookdesk_${suffix}`,
    ownerRole: `bookdesk_owner_${suffix}`,
    ownerPassword: randomBytes(12).toString('hex'),
    appRole: `bookdesk_api_${suffix}`,
    appPassword: randomBytes(12).toString('hex'),
  };
  const superuser = (database: string) =>
    new pg.Client({
      host: cluster.host,
      port: cluster.port,
      user: cluster.user,
      password: cluster.password,
      database,
    });
  const admin = superuser('postgres');
  await admin.connect();
  try {
    await provisionPostgresDatabase(admin, p);
  } finally {
    await admin.end();
  }
  const url = (user: string, password: string) =>
    `postgres://${user}:${password}@${cluster.host}:${cluster.port}/${p.database}`;
  const dataClient = superuser(p.database);
  let connected = false;
  return {
    store: 'postgres',
    config: {
      store: 'postgres',
      url: url(p.appRole, p.appPassword),
      ownerUrl: url(p.ownerRole, p.ownerPassword),
    },
    dataDir,
    roles: { owner: p.ownerRole, app: p.appRole },
    appUrl: url(p.appRole, p.appPassword),
    async superuserQuery<T>(sql: string, parameters: unknown[] = []) {
      if (!connected) {
        await dataClient.connect();
        connected = true;
      }
      return (await dataClient.query(sql, parameters)).rows as T[];
    },
    async drop() {
      if (connected) await dataClient.end();
      const cleanup = superuser('postgres');
      await cleanup.connect();
      try {
        await cleanup.query(`DROP DATABASE IF EXISTS ${p.database} WITH (FORCE)`);
        await cleanup.query(`DROP ROLE IF EXISTS ${p.appRole}`);
        await cleanup.query(`DROP ROLE IF EXISTS ${p.ownerRole}`);
      } finally {
        await cleanup.end();
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** The tenant's security event types, oldest first, read straight from the database (not through the API). */
export async function auditEventTypes(db: TestDatabase, tenantId: string): Promise<string[]> {
  const rows = await db.superuserQuery<{ type: string }>(
    `SELECT type FROM audit_events WHERE tenant_id = ${db.store === 'postgres' ? '$1' : '?'} ORDER BY seq`,
    [tenantId],
  );
  return rows.map((row) => row.type);
}
