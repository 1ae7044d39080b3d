/**
 * Opens the store selected by the config: embedded SQLite (better-sqlite3, WAL, busy timeout, foreign
 * keys) or PostgreSQL (migrations as the owner role, then the app role for everything else).
 * Nothing outside server/db sees the DataSource: repositories get an EntityManager through a
 * TenantScope transaction (./tenant-scope.ts), pre-tenant lookups go through ./global-lookups.ts.
 */
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';
import type { DatabaseConfig } from '../config';
import { AppError, UnavailableError } from '../errors';
import { AuthChangeSignal } from './auth-changes';
import { CommittedChanges } from './committed-changes';
import { allEntities } from './entities';
import type { Dialect } from './entities/platform.entities';
import { POSTGRES_MIGRATIONS, SQLITE_MIGRATIONS } from './migrations';
import { SqliteGroupCommit } from './group-commit';
import { SerialQueue } from './serial-queue';
import { BACKSTOP_PAGES, SqliteCheckpointer } from './sqlite-checkpointer';
import {
  commitPostgres,
  deferTenantContext,
  markTransactionOpen,
  pgPreparedQuery,
  sqliteQuery,
} from './statements';
import type { PgQueryable, SqliteConnection } from './statements';

/** Arbitrary constant: serialises migrations of several instances starting at once. */
const MIGRATION_LOCK = 7_466_010_001;

/** An open store. Internal to server/db: only TenantScopes and GlobalLookups use it. */
export class Database {
  /** SQLite has one connection: transactions must not interleave on it. */
  readonly #queue = new SerialQueue();
  /** SQLite: transactions waiting behind each other commit together (./group-commit.ts). */
  readonly #groups: SqliteGroupCommit;
  /** Emitted after a tenant transaction that changed credentials ended (./auth-changes.ts). */
  readonly authChanges = new AuthChangeSignal();
  /** Emitted after a tenant transaction that recorded sync changes committed (./committed-changes.ts). */
  readonly changes = new CommittedChanges();

  constructor(
    readonly dialect: Dialect,
    readonly dataSource: DataSource,
    /** SQLite file databases: WAL checkpoints off the request thread (./sqlite-checkpointer.ts). */
    private readonly checkpointer: SqliteCheckpointer | null = null,
  ) {
    this.#groups = new SqliteGroupCommit(this.#queue, dataSource);
  }

  /**
   * Runs `fn` in one transaction whose tenant context is `tenantId`: on PostgreSQL
   * `set_config('app.tenant_id', tenantId, true)` makes the RLS policies match that tenant only.
   */
  inTenantTransaction<T>(tenantId: string, fn: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (this.dialect === 'sqlite') {
      // A transaction opened inside another one (same connection) is a savepoint of it.
      return this.#queue.insideTask ? this.dataSource.transaction(fn) : this.#groups.run(fn);
    }
    return this.#inPostgresTenantTransaction(tenantId, fn);
  }

  /**
   * TypeORM's `transaction` would spend two round trips (START TRANSACTION, then set_config) before the
   * first real statement; here they travel with it (see deferTenantContext). The rest mirrors
   * EntityManager.transaction: commit on success, roll back on any error, release.
   */
  async #inPostgresTenantTransaction<T>(
    tenantId: string,
    fn: (manager: EntityManager) => Promise<T>,
  ): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    try {
      // Refuses a tenant id that is not a UUID before anything is sent.
      deferTenantContext(runner, tenantId);
      // From here on any failure ends in ROLLBACK (skipped while nothing has been sent), so the pooled
      // connection is returned clean.
      markTransactionOpen(runner);
      const result = await fn(runner.manager);
      await commitPostgres(runner);
      return result;
    } catch (error) {
      // The connection died under the transaction (the database stopped or restarted): TypeORM has
      // released the runner already and what surfaces is a follow-up error (runner released, no
      // transaction). Nothing was committed, or a lost COMMIT's answer is unknown: retryable, a 503.
      if (runner.isReleased && !(error instanceof AppError))
        throw new UnavailableError('the database connection was lost; retry shortly', { cause: error });
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
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
    await this.checkpointer?.close();
  }
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
      if (file !== ':memory:') db.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
    },
  });
  await dataSource.initialize();
  await dataSource.runMigrations();
  const checkpointer =
    file === ':memory:'
      ? null
      : SqliteCheckpointer.start(file, { log: (message) => process.emitWarning(message) });
  return new Database('sqlite', dataSource, checkpointer);
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
