/**
 * SQLite group commit. The one connection runs tenant transactions one after another (SerialQueue);
 * when several are waiting, they run back to back inside ONE database transaction, each in its own
 * savepoint, and commit together. A transaction that fails rolls back to its savepoint and leaves
 * the others untouched, exactly as if it had run alone; the rest commit as one.
 *
 * Why: a commit writes every page a transaction dirtied to the WAL (a booking touches the bookings
 * table and its indexes, the change log and the version counter) and now and then checkpoints; under
 * load those writes were the largest single cost of a booking. Committing a group writes each page
 * once per group.
 *
 * What callers see is unchanged: their transaction's promise settles only after the group's COMMIT,
 * a failure as much as a success (so nothing is acknowledged before it is durable, and
 * `afterCommit` signals still follow the commit); a statement outside a transaction
 * (Database.query) waits for the group like any queued task, so it never sees uncommitted rows.
 * Isolation is unchanged too: SQLite transactions were already serial, and a member of a group sees
 * what the members before it wrote, as it would have after their commits. If the COMMIT itself
 * fails, every member of the group fails with its error.
 */
import { AsyncResource } from 'node:async_hooks';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import type { SerialQueue } from './serial-queue';
import { markTransactionOpen } from './statements';

/** At most this many transactions commit together (bounds the wait of the first one). */
export const MAX_GROUP_SIZE = 32;

interface Member {
  fn: (manager: EntityManager) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export class SqliteGroupCommit {
  readonly #waiting: Member[] = [];
  #scheduled = false;

  constructor(
    private readonly queue: SerialQueue,
    private readonly dataSource: DataSource,
  ) {}

  /** Runs `fn` in a transaction (a savepoint of a group transaction); settles after the commit. */
  run<T>(fn: (manager: EntityManager) => Promise<T>): Promise<T> {
    // The member runs in its caller's async context (AsyncLocalStorage stores such as the sync push's
    // pending mutation must be seen inside it), marked as part of the queue's running task.
    // (An AsyncResource per call rather than AsyncResource.bind, which also builds deprecated accessors.)
    const context = new AsyncResource('bookdesk.groupCommitMember');
    const member = (manager: EntityManager) =>
      context.runInAsyncScope(() => this.queue.within(() => fn(manager)));
    return new Promise<T>((resolve, reject) => {
      this.#waiting.push({ fn: member, resolve: resolve as (value: unknown) => void, reject });
      this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    // After the event loop's current I/O phase: requests that arrived together (their handlers
    // run back to back in that phase) then join one group instead of committing one by one.
    setImmediate(() => {
      this.queue
        .run(() => this.#drain())
        .catch(() => undefined) // each member's promise carries its own outcome
        .finally(() => {
          this.#scheduled = false;
          // Someone may have joined after the last group closed and before this ran.
          if (this.#waiting.length > 0) this.#schedule();
        });
    });
  }

  /** Commits groups until nobody is waiting (one SerialQueue task: nothing else runs meanwhile). */
  async #drain(): Promise<void> {
    while (this.#waiting.length > 0) await this.#commitGroup();
  }

  async #commitGroup(): Promise<void> {
    const runner = this.dataSource.createQueryRunner();
    try {
      // IMMEDIATE: the group holds the write lock from its first statement, so a writer in another
      // process (the rotate-keys CLI, a sqlite3 shell) cannot stale its snapshot half-way through.
      await runner.query('BEGIN IMMEDIATE');
      markTransactionOpen(runner);
    } catch (error) {
      for (const member of this.#waiting.splice(0)) member.reject(error);
      return;
    }
    const settled: { member: Member; outcome: Outcome }[] = [];
    try {
      // Members that arrive while earlier ones run join the group (up to its size).
      while (settled.length < MAX_GROUP_SIZE && this.#waiting.length > 0) {
        const member = this.#waiting.shift()!;
        let outcome: Outcome;
        try {
          // Nested in the group's transaction: TypeORM runs it in SAVEPOINT typeorm_1 (release on
          // success, ROLLBACK TO on failure).
          outcome = { ok: true, value: await runner.manager.transaction(member.fn) };
        } catch (error) {
          outcome = { ok: false, error };
        }
        settled.push({ member, outcome });
        if (!inGroupTransaction(runner)) throw new Error('a savepoint could not be released or rolled back');
      }
      await runner.commitTransaction();
    } catch (error) {
      if (runner.isTransactionActive) await rollbackAll(runner);
      // Nothing of the group was kept, so every member fails with the group's error, also those
      // that had failed on their own: their failure may rest on rows that are gone now (a duplicate
      // of a key an earlier member wrote), and answering it would tell a client something untrue.
      for (const { member } of settled) member.reject(error);
      return;
    }
    for (const { member, outcome } of settled) {
      if (outcome.ok) member.resolve(outcome.value);
      else member.reject(outcome.error);
    }
  }
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** True when the runner is back at the group's own level (every member's savepoint closed). */
function inGroupTransaction(runner: QueryRunner): boolean {
  const depth = (runner as unknown as { transactionDepth: number }).transactionDepth;
  return runner.isTransactionActive && depth === 1;
}

/** Rolls the whole group back, whatever savepoints are still open. */
async function rollbackAll(runner: QueryRunner): Promise<void> {
  const state = runner as unknown as { isTransactionActive: boolean; transactionDepth: number };
  try {
    await runner.query('ROLLBACK');
  } catch {
    // Nothing to roll back: SQLite already ended the transaction (e.g. after an I/O error).
  }
  state.isTransactionActive = false;
  state.transactionDepth = 0;
}
