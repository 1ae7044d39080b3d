/**
 * Opens the store selected by the config: embedded SQLite (better-sqlite3, WAL, busy timeout, foreign
 * keys) or PostgreSQL (migrations as the owner role, then the app role for everything else).
 * Nothing outside server/db sees the DataSource: repositories get an EntityManager through a
 * TenantScope transaction (./tenant-scope.ts), pre-tenant lookups go through ./global-lookups.ts.
 */
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSource, QueryFailedError } from 'typeorm';
import type { EntityManager, QueryRunner } from 'typeorm';
import type { DatabaseConfig } from '../config';
import { allEntities } from './entities';
import type { Dialect } from './entities/platform.entities';
import { POSTGRES_MIGRATIONS, SQLITE_MIGRATIONS } from './migrations';
import { SerialQueue } from './serial-queue';

/** Arbitrary constant: serialises migrations of several instances starting at once. */
const MIGRATION_LOCK = 7_466_010_001;

/** A tenant id as it may appear in SQL text: a canonical UUID and nothing else. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The subset of a pg client/pool this file uses (pg has no types installed here). */
interface PgQueryable {
  query(config: { name?: string; text: string; values?: unknown[] }): Promise<PgResult>;
}
interface PgResult {
  command: string;
  rows: unknown[];
  rowCount: number | null;
}

/** The subset of a better-sqlite3 connection and statement this file uses. */
interface SqliteConnection {
  prepare(sql: string): {
    reader: boolean;
    all(...values: unknown[]): unknown[];
    run(...values: unknown[]): unknown;
  };
}

/**
 * Most distinct statements kept prepared per PostgreSQL connection. Statements are named after a hash
 * of their text, so the set is bounded by the code's SQL shapes; the cap only guards against a
 * generated statement (e.g. a multi-row INSERT) growing every backend's memory without bound.
 */
const MAX_PREPARED_STATEMENTS = 400;
const preparedNames = new Map<string, string>();

/** The server-side prepared statement name for `sql`, or undefined once the cap is reached. */
function preparedName(sql: string): string | undefined {
  let name = preparedNames.get(sql);
  if (name === undefined && preparedNames.size < MAX_PREPARED_STATEMENTS) {
    name = `bd_${createHash('sha1').update(sql).digest('hex').slice(0, 24)}`;
    preparedNames.set(sql, name);
  }
  return name;
}

/**
 * Runs `sql` on a pg client or pool as a named prepared statement, so PostgreSQL parses and plans it
 * once per connection instead of on every request (planning a join under RLS costs more than running
 * it). Results and errors have the shapes TypeORM's `query` gives (rows; `[rows, count]` for UPDATE and
 * DELETE; QueryFailedError), so repositories see no difference.
 */
async function pgPreparedQuery<T>(pg: PgQueryable, sql: string, parameters: unknown[]): Promise<T> {
  try {
    const raw = await pg.query({ name: preparedName(sql), text: sql, values: parameters });
    return (raw.command === 'UPDATE' || raw.command === 'DELETE' ? [raw.rows, raw.rowCount] : raw.rows) as T;
  } catch (error) {
    throw new QueryFailedError(sql, parameters, error as Error);
  }
}

/**
 * A raw statement inside a tenant transaction (ScopedRepository.rawQuery): a prepared statement on
 * PostgreSQL's transaction connection, TypeORM's own statement cache on SQLite.
 */
export async function queryInTransaction<T>(
  manager: EntityManager,
  sql: string,
  parameters: unknown[],
): Promise<T> {
  const runner = manager.queryRunner;
  if (!runner || runner.isReleased) return manager.query(sql, parameters);
  if (runner.connection.options.type === 'postgres') {
    return pgPreparedQuery<T>((await runner.connect()) as PgQueryable, sql, parameters);
  }
  return sqliteQuery<T>((await runner.connect()) as SqliteConnection, sql, parameters);
}

type SqliteStatement = ReturnType<SqliteConnection['prepare']>;
const sqliteStatements = new WeakMap<SqliteConnection, Map<string, SqliteStatement>>();

/**
 * A statement on SQLite's one connection, prepared once, with what TypeORM's better-sqlite3 `query`
 * returns (rows for a reader, else the last insert rowid; booleans bound as 0/1; QueryFailedError),
 * minus its per-call logging and subscriber broadcasts. Runs inside the caller's transaction (the
 * same connection), so it is serialised exactly as before.
 */
function sqliteQuery<T>(connection: SqliteConnection, sql: string, parameters: unknown[]): T {
  let cache = sqliteStatements.get(connection);
  if (!cache) sqliteStatements.set(connection, (cache = new Map()));
  const values = parameters.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p));
  try {
    let statement = cache.get(sql);
    if (!statement) {
      statement = connection.prepare(sql);
      if (cache.size < MAX_PREPARED_STATEMENTS) cache.set(sql, statement);
    }
    if (statement.reader) return statement.all(...values) as T;
    return (statement.run(...values) as { lastInsertRowid: unknown }).lastInsertRowid as T;
  } catch (error) {
    throw new QueryFailedError(sql, values, error as Error);
  }
}

/** An open store. Internal to server/db: only TenantScopes and GlobalLookups use it. */
export class Database {
  /** SQLite has one connection: transactions must not interleave on it. */
  readonly #queue = new SerialQueue();

  constructor(
    readonly dialect: Dialect,
    readonly dataSource: DataSource,
  ) {}

  /**
   * Runs `fn` in one transaction whose tenant context is `tenantId`: on PostgreSQL
   * `set_config('app.tenant_id', tenantId, true)` makes the RLS policies match that tenant only.
   */
  inTenantTransaction<T>(tenantId: string, fn: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (this.dialect === 'sqlite') return this.#queue.run(() => this.dataSource.transaction(fn));
    return this.#inPostgresTenantTransaction(tenantId, fn);
  }

  /**
   * TypeORM's `transaction` would spend two round trips (START TRANSACTION, then set_config) before the
   * first real statement; this sends both in one simple-protocol query. The tenant id is inlined, so it
   * must be a canonical UUID (it always is: it comes from a credential row or a new tenant's id).
   * The rest mirrors EntityManager.transaction: commit on success, roll back on any error, release.
   */
  async #inPostgresTenantTransaction<T>(
    tenantId: string,
    fn: (manager: EntityManager) => Promise<T>,
  ): Promise<T> {
    if (!UUID.test(tenantId)) throw new Error('tenant id is not a UUID');
    const runner = this.dataSource.createQueryRunner();
    try {
      // Marked open before the query, so a failure in it still ends in ROLLBACK (a no-op warning when
      // START TRANSACTION itself never ran) and the pooled connection is returned clean.
      markTransactionOpen(runner);
      await runner.query(`START TRANSACTION; SELECT set_config('app.tenant_id', '${tenantId}', true)`);
      const result = await fn(runner.manager);
      await runner.commitTransaction();
      return result;
    } catch (error) {
      await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }

  /** Runs one raw statement outside any tenant context (lookups, health checks), prepared once. */
  query<T>(sql: string, parameters: unknown[] = []): Promise<T[]> {
    if (this.dialect === 'postgres') {
      const pool = (this.dataSource.driver as unknown as { master: PgQueryable }).master;
      return pgPreparedQuery<T[]>(pool, sql, parameters);
    }
    const connection = (this.dataSource.driver as unknown as { databaseConnection: SqliteConnection })
      .databaseConnection;
    return this.#queue.run(async () => sqliteQuery<T[]>(connection, sql, parameters));
  }

  async close(): Promise<void> {
    await this.#queue.run(async () => {
      if (this.dataSource.isInitialized) await this.dataSource.destroy();
    });
  }
}

/**
 * Puts a query runner in the state TypeORM's `startTransaction` leaves it in (transaction active,
 * depth 1: nested `manager.transaction` calls use savepoints), without its START TRANSACTION round
 * trip. `transactionDepth` is protected in TypeORM 1.1's types (pinned in package.json).
 */
function markTransactionOpen(runner: QueryRunner): void {
  const state = runner as unknown as { isTransactionActive: boolean; transactionDepth: number };
  state.isTransactionActive = true;
  state.transactionDepth = 1;
}

/** Opens the database, runs pending migrations (as the owner on PostgreSQL) and checks the app role. */
export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  return config.store === 'sqlite' ? openSqlite(config.url) : openPostgres(config.url, config.ownerUrl ?? '');
}

async function openSqlite(file: string): Promise<Database> {
  if (file !== ':memory:') {
    // Personal data: owner-only folder and file (SQLite gives its -wal/-shm files the file's mode).
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    closeSync(openSync(file, 'a', 0o600));
  }
  const dataSource = new DataSource({
    type: 'better-sqlite3',
    database: file,
    entities: allEntities('sqlite'),
    migrations: SQLITE_MIGRATIONS,
    migrationsTransactionMode: 'each',
    enableWAL: true,
    timeout: 5000,
    prepareDatabase: (db: { pragma(source: string): unknown }) => {
      db.pragma('busy_timeout = 5000');
      db.pragma('synchronous = NORMAL');
    },
  });
  await dataSource.initialize();
  await dataSource.runMigrations();
  return new Database('sqlite', dataSource);
}

async function openPostgres(appUrl: string, ownerUrl: string): Promise<Database> {
  const owner = new DataSource({
    type: 'postgres',
    url: ownerUrl,
    entities: [],
    migrations: POSTGRES_MIGRATIONS,
    migrationsTransactionMode: 'each',
    // One connection holds the advisory lock while the migration runner uses another.
    extra: { max: 2 },
  });
  await owner.initialize();
  try {
    const runner = owner.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
      await owner.runMigrations();
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
      await runner.release();
    }
  } finally {
    await owner.destroy();
  }

  const dataSource = new DataSource({
    type: 'postgres',
    url: appUrl,
    entities: allEntities('postgres'),
    extra: { max: 10 },
  });
  await dataSource.initialize();
  try {
    await assertUnprivilegedAppRole(dataSource);
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return new Database('postgres', dataSource);
}

/** Layer 2 only holds if the app role cannot skip RLS: refuse to start otherwise. */
async function assertUnprivilegedAppRole(dataSource: DataSource): Promise<void> {
  const [role] = await dataSource.query<{ rolname: string; rolsuper: boolean; rolbypassrls: boolean }[]>(
    'SELECT rolname, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user',
  );
  const owned = await dataSource.query<{ tablename: string }[]>(
    `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND pg_has_role(current_user, tableowner, 'USAGE')`,
  );
  if (!role || role.rolsuper || role.rolbypassrls || owned.length > 0) {
    throw new Error(
      `DATABASE_URL connects as "${role?.rolname}", which is a superuser, has BYPASSRLS or owns tables ` +
        `(${owned.map((t) => t.tablename).join(', ') || 'none'}): row-level security would not apply. ` +
        'Use a separate app role (see server/db/README.md).',
    );
  }
}
