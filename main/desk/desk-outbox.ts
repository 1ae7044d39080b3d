/**
 * The outbox: what the desk intends, in order, until the API confirms or refuses it. Each row's args
 * (and the hints they were first applied with) are sealed: they hold customer names, phones and
 * notes. Mutation ids come from a persisted counter, written in the caller's transaction with the
 * row, so a crash can never reuse one.
 */
import { randomUUID } from 'node:crypto';
import type { DeskMutation } from '../../core/domain/desk-mutations';
import { deskText } from '../../core/i18n/desk-texts';
import type { CacheCipher } from '../cache/cache.cipher';
import type { CacheDatabase } from '../cache/cache.database';
import type { DeskProblems } from './desk-problems';

const CLIENT_ID_KEY = 'desk.clientId';
const NEXT_MUTATION_KEY = 'desk.nextMutationId';

/** One queued mutation as `POST /v1/sync/push` takes it. */
export interface QueuedMutation {
  id: number;
  name: DeskMutation['name'];
  args: DeskMutation['args'];
}

/** Options a mutation was first applied with, kept so a rebase makes the same guess again. */
export interface ApplyHints {
  assumedStaffId?: string | null;
  localBookingId?: string;
  at: number;
}

/** A queued mutation opened: what it asks, and how it was first applied. */
export interface PendingMutation {
  mutationId: number;
  mutation: DeskMutation;
  hints: ApplyHints;
}

interface OutboxRow {
  seq: number;
  mutation_id: number;
  name: string;
  /** Sealed JSON of the args and the hints they were first applied with. */
  args: Buffer;
  created_at: string;
}

export class DeskOutbox {
  /** This desk's id at the API: mutation ids are unique per client. */
  readonly clientId: string;

  constructor(
    private readonly db: CacheDatabase,
    private readonly cipher: CacheCipher,
    private readonly problems: Pick<DeskProblems, 'keep'>,
  ) {
    this.clientId = this.db.transaction(() => {
      const id = this.getMeta<string>(CLIENT_ID_KEY);
      if (id !== null) return id;
      const created = randomUUID();
      this.setMeta(CLIENT_ID_KEY, created);
      return created;
    })();
  }

  /** Queues `mutation` under the next mutation id; call inside the transaction that applies it. */
  add(mutation: DeskMutation, hints: ApplyHints): number {
    const mutationId = this.getMeta<number>(NEXT_MUTATION_KEY) ?? 1;
    this.setMeta(NEXT_MUTATION_KEY, mutationId + 1);
    this.db
      .prepare('INSERT INTO outbox (client_id, mutation_id, name, args, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(
        this.clientId,
        mutationId,
        mutation.name,
        this.sealArgs(mutationId, { args: mutation.args, hints }),
        new Date(hints.at).toISOString(),
      );
    return mutationId;
  }

  /** The outbox in order, after mutation id `afterId`, at most `limit`. */
  queued(afterId = 0, limit = 100): QueuedMutation[] {
    const rows = this.db
      .prepare('SELECT * FROM outbox WHERE mutation_id > ? ORDER BY mutation_id LIMIT ?')
      .all(afterId, limit) as OutboxRow[];
    const readable = rows.filter((r) => this.readableOrSetAside(r));
    if (readable.length < rows.length) return this.queued(afterId, limit);
    return readable.map((r) => ({
      id: r.mutation_id,
      name: r.name as DeskMutation['name'],
      args: this.openArgs(r).args,
    }));
  }

  /** Every queued mutation, in order, opened. */
  pending(): PendingMutation[] {
    const rows = this.db.prepare('SELECT * FROM outbox ORDER BY mutation_id').all() as OutboxRow[];
    return rows.map((row) => this.opened(row));
  }

  /** One queued mutation, opened; null when it is no longer queued. */
  find(mutationId: number): PendingMutation | null {
    const row = this.db.prepare('SELECT * FROM outbox WHERE mutation_id = ?').get(mutationId) as
      OutboxRow | undefined;
    return row ? this.opened(row) : null;
  }

  remove(mutationId: number): void {
    this.db.prepare('DELETE FROM outbox WHERE mutation_id = ?').run(mutationId);
  }

  /** Drops every mutation up to `mutationId`: the server has confirmed them. */
  removeThrough(mutationId: number): void {
    this.db.prepare('DELETE FROM outbox WHERE mutation_id <= ?').run(mutationId);
  }

  private opened(row: OutboxRow): PendingMutation {
    const { args, hints } = this.openArgs(row);
    return { mutationId: row.mutation_id, mutation: { name: row.name, args } as DeskMutation, hints };
  }

  /**
   * A queued row this desk cannot read (sealed under a key that is gone, or written by something
   * else) would block the queue for good: it leaves the outbox as a problem the receptionist sees.
   */
  private readableOrSetAside(row: OutboxRow): boolean {
    try {
      this.openArgs(row);
      return true;
    } catch {
      this.db.transaction(() => {
        this.remove(row.mutation_id);
        this.problems.keep(
          row.mutation_id,
          row.name,
          deskText('attempted.unreadable', { at: Date.parse(row.created_at) }),
          deskText('problem.unreadable'),
          'about:blank#unreadable',
        );
      })();
      return false;
    }
  }

  // Outbox args hold customer names, phones and notes: sealed like the rows themselves.
  private sealArgs(mutationId: number, value: { args: DeskMutation['args']; hints: ApplyHints }): Buffer {
    return this.cipher.encrypt(JSON.stringify(value), {
      table: 'outbox',
      column: 'args',
      rowId: String(mutationId),
    });
  }

  private openArgs(row: OutboxRow): { args: DeskMutation['args']; hints: ApplyHints } {
    const at = { table: 'outbox', column: 'args', rowId: String(row.mutation_id) };
    return JSON.parse(this.cipher.decrypt(row.args, at)) as { args: DeskMutation['args']; hints: ApplyHints };
  }

  private getMeta<T>(key: string): T | null {
    const row = this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as
      { value: string } | undefined;
    return row ? (JSON.parse(row.value) as T) : null;
  }

  private setMeta(key: string, value: unknown): void {
    this.db
      .prepare(
        'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      )
      .run(key, JSON.stringify(value));
  }
}

/** Changes in a cache's outbox waiting for the API (also read while no desk runs: signed out). */
export function waitingChanges(db: CacheDatabase): number {
  return (db.prepare('SELECT COUNT(*) AS n FROM outbox').get() as { n: number }).n;
}
