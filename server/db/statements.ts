/**
 * How statements reach the two drivers on the hot path: PostgreSQL statements as named prepared
 * statements (parsed and planned once per connection), a tenant transaction's opening statements
 * sent with its first statement, SQLite statements prepared once. Internal to server/db: used by
 * Database (./data-source.ts) and ScopedRepository.rawQuery (./scoped-repository.ts).
 */
import { createHash } from 'node:crypto';
import pg from 'pg';
import { QueryFailedError } from 'typeorm';
import type { EntityManager, QueryRunner } from 'typeorm';

/** A tenant id as it may appear in SQL text: a canonical UUID and nothing else. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The subset of a pg client or pool used here. */
export interface PgQueryable {
  query(config: { name?: string; text: string; values?: unknown[] }): Promise<PgResult>;
  query(submittable: TenantOpeningQuery): unknown;
}
interface PgResult {
  command: string;
  rows: unknown[];
  rowCount: number | null;
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
  openTenantId?: string,
): Promise<T> {
  try {
    const config = { name: preparedName(sql), text: sql, values: parameters };
    const raw =
      openTenantId === undefined
        ? await client.query(config)
        : await new Promise<PgResult>((resolve, reject) => {
            const query = new pg.Query(config, undefined, (error: Error | undefined, result: unknown) =>
              error ? reject(error) : resolve(result as PgResult),
            );
            client.query(new TenantOpeningQuery(query as unknown as PgQueryInternals, openTenantId));
          });
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
    const client = (await runner.connect()) as PgQueryable;
    const openTenantId = pendingTenantContext.get(runner);
    pendingTenantContext.delete(runner);
    return pgPreparedQuery<T>(client, sql, parameters, openTenantId);
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
 * extended-protocol batch (TenantOpeningQuery); anything else TypeORM sends on the runner (its own
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
      await query(`START TRANSACTION; SELECT set_config('app.tenant_id', '${pending}', true)`);
    }
    return query(...args);
  };
}

/** What TenantOpeningQuery uses of pg's protocol connection and Query (pg 8, pinned). */
interface PgConnectionInternals {
  stream: { cork(): void; uncork(): void };
  submittedNamedStatements: Record<string, string>;
  parse(config: { text: string; name: string; types: unknown[] }): void;
  bind(config: { values: unknown[] }): void;
  execute(config: Record<string, never>): void;
}
interface PgQueryInternals {
  readonly name?: string;
  readonly text: string;
  submit(connection: PgConnectionInternals): Error | null;
  handleRowDescription(message: unknown): void;
  handleDataRow(message: unknown): void;
  handleCommandComplete(message: unknown, connection: PgConnectionInternals): void;
  handleEmptyQuery(connection: PgConnectionInternals): void;
  handlePortalSuspended(connection: PgConnectionInternals): void;
  handleError(error: unknown, connection: PgConnectionInternals): void;
  handleReadyForQuery(connection: PgConnectionInternals): void;
  handleCopyInResponse(connection: PgConnectionInternals): void;
  handleCopyData(message: unknown, connection: PgConnectionInternals): void;
}

/**
 * A pg "submittable" (the interface pg-cursor uses) sending START TRANSACTION and
 * `set_config('app.tenant_id', $1, true)` ahead of a statement in one write and one Sync; their
 * results are swallowed and everything else goes to the statement's own pg Query. The statement's
 * prepared name is reported to pg only once the two openers are done, so pg records it as parsed
 * only after its own ParseComplete.
 */
class TenantOpeningQuery {
  /** Results of the two opening statements still to swallow. */
  #openers = 2;

  constructor(
    private readonly statement: PgQueryInternals,
    private readonly tenantId: string,
  ) {}

  get name(): string | undefined {
    return this.#openers === 0 ? this.statement.name : undefined;
  }

  get text(): string {
    return this.statement.text;
  }

  submit(connection: PgConnectionInternals): Error | null {
    connection.stream.cork();
    try {
      connection.parse({ text: 'START TRANSACTION', name: '', types: [] });
      connection.bind({ values: [] });
      connection.execute({});
      connection.parse({ text: `SELECT set_config('app.tenant_id', $1, true)`, name: '', types: [] });
      connection.bind({ values: [this.tenantId] });
      connection.execute({});
      return this.statement.submit(connection);
    } finally {
      connection.stream.uncork();
    }
  }

  handleDataRow(message: unknown): void {
    if (this.#openers === 0) this.statement.handleDataRow(message);
  }

  handleCommandComplete(message: unknown, connection: PgConnectionInternals): void {
    if (this.#openers > 0) this.#openers -= 1;
    else this.statement.handleCommandComplete(message, connection);
  }

  handleError(error: unknown, connection: PgConnectionInternals): void {
    // The server skipped the statement's Parse too: it must be sent again next time.
    const name = this.statement.name;
    if (this.#openers > 0 && name) delete connection.submittedNamedStatements[name];
    this.statement.handleError(error, connection);
  }

  handleRowDescription(message: unknown): void {
    this.statement.handleRowDescription(message);
  }
  handleEmptyQuery(connection: PgConnectionInternals): void {
    this.statement.handleEmptyQuery(connection);
  }
  handlePortalSuspended(connection: PgConnectionInternals): void {
    this.statement.handlePortalSuspended(connection);
  }
  handleReadyForQuery(connection: PgConnectionInternals): void {
    this.statement.handleReadyForQuery(connection);
  }
  handleCopyInResponse(connection: PgConnectionInternals): void {
    this.statement.handleCopyInResponse(connection);
  }
  handleCopyData(message: unknown, connection: PgConnectionInternals): void {
    this.statement.handleCopyData(message, connection);
  }
}
