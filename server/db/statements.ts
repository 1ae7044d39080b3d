/**
 * How statements reach the two drivers on the hot path: PostgreSQL statements as named prepared
 * statements (parsed and planned once per connection), a tenant transaction's opening statements
 * sent with its first statement, SQLite statements prepared once. Internal to server/db: used by
 * Database (./data-source.ts) and ScopedRepository.rawQuery (./scoped-repository.ts).
 */
import { createHash } from 'node:crypto';
import { QueryFailedError } from 'typeorm';
import type { EntityManager, QueryRunner } from 'typeorm';
import { PipelineError, pgPipeline } from './pg-pipeline';
import type { PgResult, PgStatement, PgSubmitter } from './pg-pipeline';

/** A tenant id as it may appear in SQL text: a canonical UUID and nothing else. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The subset of a pg client or pool used here. */
export interface PgQueryable extends PgSubmitter {
  query(config: { name?: string; text: string; values?: unknown[] }): Promise<PgResult>;
}

/** The subset of a better-sqlite3 connection and statement used here. */
export interface SqliteConnection {
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
export async function pgPreparedQuery<T>(
  client: PgQueryable,
  sql: string,
  parameters: unknown[],
): Promise<T> {
  try {
    return driverShape<T>(await client.query({ name: preparedName(sql), text: sql, values: parameters }));
  } catch (error) {
    throw new QueryFailedError(sql, parameters, error as Error);
  }
}

/** What TypeORM's `query` answers: rows, or `[rows, count]` for UPDATE and DELETE. */
function driverShape<T>(raw: PgResult): T {
  return (raw.command === 'UPDATE' || raw.command === 'DELETE' ? [raw.rows, raw.rowCount] : raw.rows) as T;
}

/**
 * READ COMMITTED stated, not inherited from a database or role default: each statement of a tenant
 * transaction must see what committed before it started (a booking's held time read after its staff
 * locks; a pull's changes read after its watermark, server/sync/change-feed.repository.ts).
 */
const START = 'START TRANSACTION ISOLATION LEVEL READ COMMITTED';
const SET_TENANT = `SELECT set_config('app.tenant_id', $1, true)`;
const COMMIT = 'COMMIT';

/** `sql` as a named prepared statement of the pipeline. */
function named(sql: string, parameters: unknown[] = []): PgStatement {
  return { sql, parameters, name: preparedName(sql) };
}

/** A raw statement of a tenant transaction, `$n` placeholders on PostgreSQL, `?` on SQLite. */
export interface RawStatement {
  sql: string;
  parameters: unknown[];
}

/**
 * Runs `statements` of the PostgreSQL transaction on `runner` in one round trip (./pg-pipeline.ts),
 * as named prepared statements, preceded by the transaction's opening statements if they are not on
 * the wire yet (see {@link deferTenantContext}) and followed by COMMIT when `commit` is set. Returns
 * each statement's result in the driver's shape; a failure is a QueryFailedError of the statement
 * that failed (nothing behind it ran: with `commit`, the transaction is left open and failed, for
 * the caller's ROLLBACK).
 */
async function pgRunPipelined<T>(
  runner: QueryRunner,
  statements: readonly RawStatement[],
  commit: boolean,
): Promise<T[]> {
  const client = (await runner.connect()) as PgQueryable;
  const tenantId = pendingTenantContext.get(runner);
  pendingTenantContext.delete(runner);
  // Named too (prepared once per connection): parsing them is most of what they cost.
  const opening: PgStatement[] = tenantId === undefined ? [] : [named(START), named(SET_TENANT, [tenantId])];
  const own = statements.map((s) => named(s.sql, s.parameters));
  const closing: PgStatement[] = commit ? [named(COMMIT)] : [];
  try {
    const results = await pgPipeline(client, [...opening, ...own, ...closing]);
    return results.slice(opening.length, opening.length + own.length).map((r) => driverShape<T>(r));
  } catch (error) {
    if (!(error instanceof PipelineError)) throw error;
    const failed = [...opening, ...own, ...closing][error.index]!;
    throw new QueryFailedError(failed.sql, failed.parameters, error.cause);
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
    if (!pendingTenantContext.has(runner))
      return pgPreparedQuery<T>((await runner.connect()) as PgQueryable, sql, parameters);
    // The transaction's first statement carries its opening statements.
    const [result] = await pgRunPipelined<T>(runner, [{ sql, parameters }], false);
    return result!;
  }
  return sqliteQuery<T>((await runner.connect()) as SqliteConnection, sql, parameters);
}

/**
 * Several raw statements of a tenant transaction, in order, each one's result in order: on
 * PostgreSQL in one round trip (each statement still sees what the ones before it did), on SQLite
 * one after the other. For reads that do not depend on each other's answers, e.g. a lock taken by
 * one statement and the rows read under it by the next.
 */
export async function queryBatchInTransaction<T>(
  manager: EntityManager,
  statements: readonly RawStatement[],
): Promise<T[]> {
  const runner = manager.queryRunner;
  if (runner && !runner.isReleased && runner.connection.options.type === 'postgres') {
    return pgRunPipelined<T>(runner, statements, false);
  }
  const results: T[] = [];
  for (const s of statements) results.push(await queryInTransaction<T>(manager, s.sql, s.parameters));
  return results;
}

/** A statement queued by {@link queueAtCommit}, with what to do with its rows once committed. */
interface AtCommitStatement extends RawStatement {
  onCommitted?: (rows: unknown[]) => void;
}
/** Statements queued by {@link queueAtCommit}, per PostgreSQL transaction. */
const atCommit = new WeakMap<QueryRunner, AtCommitStatement[]>();

/**
 * Queues a raw statement of a PostgreSQL tenant transaction to run just before its COMMIT, in the
 * COMMIT's round trip ({@link commitPostgres}): for a transaction's last write, which nothing later
 * in it reads. Its errors surface from the commit, and the transaction then rolls back. Savepoints
 * do not see it: a statement queued inside a savepoint that rolls back still runs at COMMIT (no
 * PostgreSQL path queues inside one). `onCommitted` gets its rows once the COMMIT succeeded.
 */
export function queueAtCommit(
  manager: EntityManager,
  sql: string,
  parameters: unknown[],
  onCommitted?: (rows: unknown[]) => void,
): void {
  const runner = manager.queryRunner;
  if (!runner || runner.isReleased) throw new Error('queueAtCommit outside a transaction');
  const queued = atCommit.get(runner) ?? [];
  queued.push({ sql, parameters, onCommitted });
  atCommit.set(runner, queued);
}

/**
 * Commits a PostgreSQL tenant transaction: its queued statements and COMMIT in one round trip (with
 * its opening statements too when nothing was sent yet). Without queued statements: TypeORM's
 * COMMIT, as before. A failing statement leaves the transaction open and failed: the caller rolls
 * back.
 */
export async function commitPostgres(runner: QueryRunner): Promise<void> {
  const queued = atCommit.get(runner) ?? [];
  atCommit.delete(runner);
  if (queued.length === 0) return runner.commitTransaction();
  let results: unknown[];
  try {
    results = await pgRunPipelined(runner, queued, true);
  } catch (error) {
    // A failed COMMIT (e.g. a deferred trigger) has already ended the transaction on the server.
    if ((error as QueryFailedError).query === 'COMMIT') markTransactionEnded(runner);
    throw error;
  }
  markTransactionEnded(runner);
  queued.forEach((statement, i) => statement.onCommitted?.(results[i] as unknown[]));
}

/** Leaves a query runner as TypeORM's commitTransaction would. */
function markTransactionEnded(runner: QueryRunner): void {
  const state = runner as unknown as { isTransactionActive: boolean; transactionDepth: number };
  state.isTransactionActive = false;
  state.transactionDepth = 0;
}

type SqliteStatement = ReturnType<SqliteConnection['prepare']>;
const sqliteStatements = new WeakMap<SqliteConnection, Map<string, SqliteStatement>>();

/**
 * A statement on SQLite's one connection, prepared once, with what TypeORM's better-sqlite3 `query`
 * returns (rows for a reader, else the last insert rowid; booleans bound as 0/1; QueryFailedError),
 * minus its per-call logging and subscriber broadcasts. Runs inside the caller's transaction (the
 * same connection), so it is serialised exactly as before.
 */
export function sqliteQuery<T>(connection: SqliteConnection, sql: string, parameters: unknown[]): T {
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

/**
 * Puts a query runner in the state TypeORM's `startTransaction` leaves it in (transaction active,
 * depth 1: nested `manager.transaction` calls use savepoints), without its START TRANSACTION round
 * trip. `transactionDepth` is protected in TypeORM 1.1's types (pinned in package.json).
 */
export function markTransactionOpen(runner: QueryRunner): void {
  const state = runner as unknown as { isTransactionActive: boolean; transactionDepth: number };
  state.isTransactionActive = true;
  state.transactionDepth = 1;
}

/** Tenant transactions whose START TRANSACTION + set_config is not on the wire yet. */
const pendingTenantContext = new WeakMap<QueryRunner, string>();

/**
 * Holds back a tenant transaction's opening statements until its first statement, so both reach
 * PostgreSQL in one round trip: a raw statement (queryInTransaction) carries them in the same
 * pipeline (./pg-pipeline.ts); anything else TypeORM sends on the runner (its own
 * queries, COMMIT, ROLLBACK) sends them first as a query of their own, exactly as before. Nothing
 * reaches the table before `app.tenant_id` is set in the transaction, and a failure in either opening
 * statement aborts the batch, so the statement behind it never runs (fail closed).
 */
export function deferTenantContext(runner: QueryRunner, tenantId: string): void {
  // Inlined below: only a canonical UUID (it always is: from a credential row or a new tenant's id).
  if (!UUID.test(tenantId)) throw new Error('tenant id is not a UUID');
  pendingTenantContext.set(runner, tenantId);
  const query = runner.query.bind(runner);
  runner.query = async (...args: Parameters<QueryRunner['query']>) => {
    const pending = pendingTenantContext.get(runner);
    if (pending !== undefined) {
      pendingTenantContext.delete(runner);
      // Nothing ran yet: a rollback has nothing to undo.
      if (args[0] === 'ROLLBACK') return undefined;
      await query(`${START}; SELECT set_config('app.tenant_id', '${pending}', true)`);
    }
    return query(...args);
  };
}
