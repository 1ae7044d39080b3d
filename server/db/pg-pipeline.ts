/**
 * Several statements of one PostgreSQL transaction in one round trip: their Parse/Bind/Execute
 * messages go out in one write, followed by a single Sync (the extended protocol's pipelining; see
 * "Pipelining" in the PostgreSQL protocol docs). The server runs them in order; after a failure it
 * skips everything up to the Sync, so a statement never runs after one that failed (a transaction's
 * COMMIT behind a failed write never happens). Internal to server/db (./statements.ts).
 *
 * pg (8.x, pinned) sends one query at a time; its `pipeline` client option still ends every query
 * with its own Sync (so a failure does not stop the statements behind it). pg accepts "submittables"
 * (the interface pg-cursor uses). {@link PipelineQuery} is one: it submits pg's own Query objects
 * without their Syncs and routes each server message to the statement being answered.
 */
import pg from 'pg';

/** A statement to pipeline: SQL with `$n` placeholders and its values. */
export interface PgStatement {
  sql: string;
  parameters: unknown[];
  /** Named prepared statement (parsed once per connection), or unnamed when undefined. */
  name?: string;
}

/** What a pg Query's result looks like (command tag, rows, affected rows). */
export interface PgResult {
  command: string;
  rows: unknown[];
  rowCount: number | null;
}

/** The parts of pg's protocol connection a submittable uses (pg 8, pinned). */
interface PgConnectionInternals {
  stream: { cork(): void; uncork(): void };
  submittedNamedStatements: Record<string, string>;
  parsedStatements: Record<string, string>;
  sync(): void;
}

/** The parts of a pg Query a submittable drives (pg 8, pinned). */
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

/** The subset of a pg client this needs. */
export interface PgSubmitter {
  query(submittable: PipelineQuery): unknown;
}

/** A pipelined statement failed; `index` is its position in the list given to {@link pgPipeline}. */
export class PipelineError extends Error {
  constructor(
    readonly index: number,
    override readonly cause: Error,
  ) {
    super(cause.message);
    this.name = 'PipelineError';
  }
}

/**
 * Runs `statements` on `client` in one round trip and returns each one's result, in order. Rejects
 * with a {@link PipelineError} naming the first statement that failed (the ones after it never ran).
 * The caller owns the transaction: wrap the list in START TRANSACTION … COMMIT, or run it inside one.
 */
export function pgPipeline(client: PgSubmitter, statements: readonly PgStatement[]): Promise<PgResult[]> {
  return new Promise((resolve, reject) => {
    client.query(new PipelineQuery(statements, resolve, reject));
  });
}

/** Outcome of one statement of the pipeline, as its pg Query reported it. */
type Outcome = { result: PgResult } | { error: Error } | null;

/**
 * A pg submittable for {@link pgPipeline}. pg asks it for `name` and `text` when a ParseComplete
 * arrives (to remember the statement as prepared), so both follow the statement being answered;
 * a CommandComplete (or EmptyQuery) moves on to the next one.
 */
export class PipelineQuery {
  readonly #queries: PgQueryInternals[];
  readonly #outcomes: Outcome[];
  #current = 0;
  #settled = false;
  /** A statement pg could not even send (its values failed to serialise). */
  #localError: { index: number; error: Error } | null = null;

  constructor(
    statements: readonly PgStatement[],
    private readonly resolve: (results: PgResult[]) => void,
    private readonly reject: (error: PipelineError) => void,
  ) {
    this.#outcomes = statements.map(() => null);
    this.#queries = statements.map(
      (statement, index) =>
        new pg.Query(
          // Always the extended protocol: a simple Query message would end the pipeline with its own Sync.
          {
            name: statement.name,
            text: statement.sql,
            values: statement.parameters,
            queryMode: 'extended',
          } as pg.QueryConfig,
          undefined,
          (error: Error | undefined, result: unknown) => {
            this.#outcomes[index] = error ? { error } : { result: result as PgResult };
          },
        ) as unknown as PgQueryInternals,
    );
  }

  get name(): string | undefined {
    return this.#queries[this.#current]?.name;
  }

  get text(): string {
    return this.#queries[this.#current]?.text ?? '';
  }

  submit(connection: PgConnectionInternals): Error | null {
    // pg's Query ends its messages with a Sync; here one Sync ends the whole pipeline.
    const withoutSync = new Proxy(connection, {
      get: (target, key, receiver) =>
        key === 'sync' ? () => undefined : (Reflect.get(target, key, receiver) as unknown),
    });
    connection.stream.cork();
    try {
      for (const [index, query] of this.#queries.entries()) {
        const refused = query.submit(withoutSync);
        const outcome = this.#outcomes[index];
        const error = refused ?? (outcome && 'error' in outcome ? outcome.error : null);
        if (error) {
          // Not sent (pg refused it, or its values could not be serialised): end the pipeline here,
          // after what was already written, so nothing behind it runs; answered at ReadyForQuery.
          this.#localError = { index, error };
          break;
        }
      }
      connection.sync();
      return null;
    } finally {
      connection.stream.uncork();
    }
  }

  handleRowDescription(message: unknown): void {
    this.#queries[this.#current]?.handleRowDescription(message);
  }

  handleDataRow(message: unknown): void {
    this.#queries[this.#current]?.handleDataRow(message);
  }

  handleCommandComplete(message: unknown, connection: PgConnectionInternals): void {
    this.#queries[this.#current]?.handleCommandComplete(message, connection);
    this.#current += 1;
  }

  handleEmptyQuery(connection: PgConnectionInternals): void {
    this.#queries[this.#current]?.handleEmptyQuery(connection);
    this.#current += 1;
  }

  /**
   * The server answered the current statement with an error and skips the rest up to the Sync. pg
   * forgets this submittable here (its ReadyForQuery goes to nobody), so the pipeline ends now.
   */
  handleError(error: unknown, connection: PgConnectionInternals): void {
    const index = Math.min(this.#current, this.#queries.length - 1);
    const query = this.#queries[index]!;
    this.#forgetUnparsed(connection, index);
    query.handleError(error, connection);
    const outcome = this.#outcomes[index];
    this.#fail(index, outcome && 'error' in outcome ? outcome.error : (error as Error));
  }

  handleReadyForQuery(connection: PgConnectionInternals): void {
    // Every statement sent was answered: let each pg Query report its rows.
    for (let i = 0; i < this.#current; i++) this.#queries[i]!.handleReadyForQuery(connection);
    if (this.#localError) {
      // pg closed the statement it could not bind (and may just have recorded it as parsed).
      this.#forgetUnparsed(connection, this.#localError.index, true);
      return this.#fail(this.#localError.index, this.#localError.error);
    }
    const failed = this.#outcomes.findIndex((o) => o !== null && 'error' in o);
    if (failed >= 0) return this.#fail(failed, (this.#outcomes[failed] as { error: Error }).error);
    if (this.#settled) return;
    this.#settled = true;
    this.resolve(this.#outcomes.map((o) => (o as { result: PgResult }).result));
  }

  /**
   * pg marks a named statement as submitted when it sends its Parse, and as parsed on ParseComplete.
   * The server skipped the Parse of the failed statement and of everything behind it: they must be
   * parsed again next time, not bound to a statement that does not exist. `closed`: the first of
   * them was also closed on the server (pg does that when it cannot bind a statement's values).
   */
  #forgetUnparsed(connection: PgConnectionInternals, from: number, closed = false): void {
    for (const [i, query] of this.#queries.slice(from).entries()) {
      if (!query.name) continue;
      delete connection.submittedNamedStatements[query.name];
      if (closed && i === 0) delete connection.parsedStatements[query.name];
    }
  }

  #fail(index: number, error: Error): void {
    if (this.#settled) return;
    this.#settled = true;
    this.reject(new PipelineError(index, error));
  }

  handlePortalSuspended(connection: PgConnectionInternals): void {
    this.#queries[this.#current]?.handlePortalSuspended(connection);
  }
  handleCopyInResponse(connection: PgConnectionInternals): void {
    this.#queries[this.#current]?.handleCopyInResponse(connection);
  }
  handleCopyData(message: unknown, connection: PgConnectionInternals): void {
    this.#queries[this.#current]?.handleCopyData(message, connection);
  }
}
