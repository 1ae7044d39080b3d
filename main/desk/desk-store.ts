/**
 * The desk's local state in one SQLite file: what the server said (written only by pulls), the
 * outbox of what the desk intends, and what the desk shows = server rows + pending mutations on top.
 *
 * Every row a pending mutation changed keeps the server's own version in `desk_base_rows`. A pull
 * (or a refusal) first puts those base rows back, applies the server's changes, drops the mutations
 * the server has confirmed (`lastMutationIds`), and applies the remaining ones again on top (a
 * rebase, as Replicache does), all in one transaction: a live change from another desk never hides a
 * local one, nor the reverse. Mutation ids come from a persisted counter in the same transaction as
 * the outbox row, so a crash can never reuse one.
 */
import { randomUUID } from 'node:crypto';
import type { DeskMutation, DeskRefusal, DeskRows, RowChange } from '../../core/domain/desk-mutations';
import { applyDeskMutation } from '../../core/domain/desk-mutations';
import type { Booking, Customer, ExternalBusy, Service, Staff, WalkIn } from '../../core/domain/schemas';
import type { DeskText } from '../../core/i18n/desk-texts';
import { deskText } from '../../core/i18n/desk-texts';
import type { SyncProblem } from '../../core/ipc/sync.ipc';
import type { CacheCipher } from '../cache/cache.cipher';
import { describeMutation, refusalInWords } from './desk-words';
import { sayDeskText } from '../i18n/desk-text';
import type { CacheDatabase } from '../cache/cache.database';
import { preparedStatement } from '../cache/cache.database';
import type { ScheduleCache, SyncChange } from '../cache/schedule.cache';

const CLIENT_ID_KEY = 'desk.clientId';
const NEXT_MUTATION_KEY = 'desk.nextMutationId';

/** One queued mutation as `POST /v1/sync/push` takes it. */
export interface QueuedMutation {
  id: number;
  name: DeskMutation['name'];
  args: DeskMutation['args'];
}

/** What a local write or a pull changed, so the UI can re-read those dates. */
export interface TouchedInstants {
  /** Epoch ms of every start/arrival the change touched (old and new). */
  instants: number[];
  /** A full snapshot: any date may have changed. */
  everything?: boolean;
}

/** Options a mutation was first applied with, kept so a rebase makes the same guess again. */
interface ApplyHints {
  assumedStaffId?: string | null;
  localBookingId?: string;
  at: number;
}

/** How the desk applies a new action: the guesses kept for rebases, and whether to check conflicts. */
export interface EnqueueHints extends Omit<ApplyHints, 'at'> {
  /** Default true; false for a deliberate overlap (the server still decides). */
  checkConflicts?: boolean;
}

class Refused extends Error {
  constructor(readonly refusal: DeskRefusal) {
    super(refusal.text.id);
  }
}

interface OutboxRow {
  seq: number;
  mutation_id: number;
  name: string;
  /** Sealed JSON of the args and the hints they were first applied with. */
  args: Buffer;
  created_at: string;
}

type Entity = RowChange['entity'];
const TABLE_OF: Record<Entity, string> = { booking: 'bookings', walkIn: 'walk_ins', customer: 'customers' };

export class DeskStore {
  readonly clientId: string;

  constructor(
    private readonly db: CacheDatabase,
    private readonly cache: Pick<
      ScheduleCache,
      | 'applyChanges'
      | 'putSnapshot'
      | 'getBooking'
      | 'getWalkIn'
      | 'bookingsOfStaff'
      | 'customers'
      | 'deskLocation'
      | 'timeOffOfStaff'
    >,
    private readonly cipher: CacheCipher,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.clientId = this.db.transaction(() => {
      const row = this.db.prepare('SELECT value FROM meta WHERE key = ?').get(CLIENT_ID_KEY) as
        { value: string } | undefined;
      if (row) return JSON.parse(row.value) as string;
      const id = randomUUID();
      this.setMeta(CLIENT_ID_KEY, id);
      return id;
    })();
  }

  /**
   * Queues a mutation and shows its effect, in one transaction; refuses (writing nothing) when the
   * cache already shows it cannot work.
   */
  enqueue(
    steps: readonly { mutation: DeskMutation; hints?: EnqueueHints }[],
  ): { ok: true; mutationIds: number[]; touched: TouchedInstants } | { ok: false; refusal: DeskRefusal } {
    try {
      return this.db.transaction(() => {
        const at = this.now().getTime();
        const mutationIds: number[] = [];
        const touched: TouchedInstants = { instants: [] };
        for (const { mutation, hints = {} } of steps) {
          const result = applyDeskMutation(this.rows(), mutation, {
            ...hints,
            now: at,
            checkConflicts: hints.checkConflicts ?? true,
          });
          if (!result.ok) throw new Refused(result.refusal); // rolls the whole action back
          const mutationId = this.getMeta<number>(NEXT_MUTATION_KEY) ?? 1;
          this.setMeta(NEXT_MUTATION_KEY, mutationId + 1);
          const { checkConflicts: _check, ...kept } = hints;
          this.db
            .prepare(
              'INSERT INTO outbox (client_id, mutation_id, name, args, created_at) VALUES (?, ?, ?, ?, ?)',
            )
            .run(
              this.clientId,
              mutationId,
              mutation.name,
              this.sealArgs(mutationId, { args: mutation.args, hints: { ...kept, at } }),
              new Date(at).toISOString(),
            );
          touched.instants.push(...this.writeOptimistic(result.changes).instants);
          mutationIds.push(mutationId);
        }
        return { ok: true as const, mutationIds, touched };
      })();
    } catch (error) {
      if (error instanceof Refused) return { ok: false, refusal: error.refusal };
      throw error;
    }
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

  /** Changes waiting for the API. */
  waiting(): number {
    return waitingChanges(this.db);
  }

  /**
   * Stores one pull page: the server's changes under the pending mutations, in one transaction with
   * `alsoInTransaction` (the cursor). With `confirmedThrough` (the page that ends a pull), mutations
   * up to that id leave the outbox: their effect is now whatever the server sent.
   */
  applyPull(
    changes: readonly SyncChange[],
    options: {
      replaceAll?: boolean;
      snapshot?: boolean;
      confirmedThrough?: number;
      alsoInTransaction?: () => void;
    },
  ): TouchedInstants {
    return this.db.transaction(() => {
      const touched = this.restoreBase();
      // A snapshot page may touch any date of the window: said once, not looked up row by row.
      if (options.replaceAll || options.snapshot) touched.everything = true;
      else touched.instants.push(...this.instantsOfPulled(changes));
      this.cache.applyChanges(changes, {
        ...(options.replaceAll ? { replaceAll: true } : {}),
        ...(options.alsoInTransaction ? { alsoInTransaction: options.alsoInTransaction } : {}),
      });
      if (options.confirmedThrough !== undefined) {
        this.db.prepare('DELETE FROM outbox WHERE mutation_id <= ?').run(options.confirmedThrough);
      }
      touched.instants.push(...this.reapplyPending().instants);
      return touched;
    })();
  }

  /** The API refused a mutation: it leaves the outbox, its effect is undone, the problem is kept. */
  reject(mutationId: number, problem: { type: string; reason: DeskText | string }): TouchedInstants {
    return this.db.transaction(() => {
      const row = this.db.prepare('SELECT * FROM outbox WHERE mutation_id = ?').get(mutationId) as
        OutboxRow | undefined;
      if (!row) return { instants: [] };
      const { args } = this.openArgs(row);
      const mutation = { name: row.name, args } as DeskMutation;
      const reason = refusalInWords(this.rows(), mutation, problem) ?? problem.reason;
      const touched = this.restoreBase();
      this.db.prepare('DELETE FROM outbox WHERE mutation_id = ?').run(mutationId);
      this.keepProblem(mutationId, row.name, describeMutation(this.rows(), mutation), reason, problem.type);
      touched.instants.push(...this.reapplyPending().instants);
      return touched;
    })();
  }

  /**
   * The refused changes kept for the receptionist, said by `say` (English by default); a reason that
   * is the server's own words, or a problem kept before texts were, stays as it was written.
   */
  problems(say: (text: DeskText) => string = (text) => sayDeskText('en', text)): SyncProblem[] {
    const rows = this.db.prepare('SELECT * FROM desk_problems ORDER BY id').all() as {
      id: number;
      name: string;
      attempted: string;
      reason: string;
      type: string;
      at: string;
      attempted_text: string | null;
      reason_text: string | null;
    }[];
    const said = (text: string | null, written: string) => {
      if (text === null) return written;
      try {
        return say(JSON.parse(text) as DeskText);
      } catch {
        return written; // a text this build's catalogue no longer has: its English words
      }
    };
    return rows.map((r) => ({
      id: r.id,
      mutation: r.name,
      attempted: said(r.attempted_text, r.attempted),
      reason: said(r.reason_text, r.reason),
      type: r.type,
      at: r.at,
    }));
  }

  /** Keeps a refused change: its texts, and their English words for anything that reads the table. */
  private keepProblem(
    mutationId: number,
    name: string,
    attempted: DeskText,
    reason: DeskText | string,
    type: string,
  ): void {
    const english = (text: DeskText) => sayDeskText('en', text);
    this.db
      .prepare(
        `INSERT INTO desk_problems (mutation_id, name, attempted, reason, type, at, attempted_text, reason_text)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        mutationId,
        name,
        english(attempted),
        typeof reason === 'string' ? reason : english(reason),
        type,
        this.now().toISOString(),
        JSON.stringify(attempted),
        typeof reason === 'string' ? null : JSON.stringify(reason),
      );
  }

  dismissProblem(id: number): void {
    this.db.prepare('DELETE FROM desk_problems WHERE id = ?').run(id);
  }

  /** Every cached staff member of the desk's location, in the schedule's order. */
  allStaff(): Staff[] {
    const location = this.rows().location();
    if (!location) return [];
    return (
      this.db.prepare('SELECT data FROM staff WHERE location_id = ? ORDER BY sort').all(location.id) as {
        data: string;
      }[]
    ).map((r) => JSON.parse(r.data) as Staff);
  }

  /** Whether the business's staff work at more than one location (the desk shows one of them). */
  staffAtSeveralLocations(): boolean {
    return (
      (
        preparedStatement(this.db, 'SELECT COUNT(DISTINCT location_id) AS n FROM staff').get() as {
          n: number;
        }
      ).n > 1
    );
  }

  /** Read access to the rows the desk shows, for the mutation functions and the desk's reads. */
  rows(): DeskRows {
    // Prepared once per database: free times look up a service for each booking around a date.
    const one = <T>(sql: string, ...params: unknown[]) => {
      const row = preparedStatement(this.db, sql).get(...params) as { data: string } | undefined;
      return row ? (JSON.parse(row.data) as T) : null;
    };
    const many = <T>(sql: string, ...params: unknown[]) =>
      (preparedStatement(this.db, sql).all(...params) as { data: string }[]).map(
        (r) => JSON.parse(r.data) as T,
      );
    return {
      location: () => this.cache.deskLocation(),
      booking: (id) => this.cache.getBooking(id),
      walkIn: (id) => this.cache.getWalkIn(id),
      customer: (id) => this.customer(id),
      service: (id) => one<Service>('SELECT data FROM services WHERE id = ?', id),
      staffMember: (id) => one<Staff>('SELECT data FROM staff WHERE id = ?', id),
      bookingsOf: (staffId, from, to) => this.cache.bookingsOfStaff(staffId, from, to),
      timeOffOf: (staffId, from, to) => this.cache.timeOffOfStaff(staffId, from, to),
      busyOf: (staffId, from, to) =>
        many<ExternalBusy>(
          'SELECT data FROM busy_blocks WHERE staff_id = ? AND start_ms < ? AND end_ms > ?',
          staffId,
          to,
          from,
        ),
    };
  }

  /** Writes a mutation's rows, keeping each row's server version first (once per row). */
  private writeOptimistic(changes: readonly RowChange[]): TouchedInstants {
    const touched: number[] = [];
    const keepBase = this.db.prepare(
      `INSERT INTO desk_base_rows (entity, id, data) VALUES (?, ?, ?) ON CONFLICT(entity, id) DO NOTHING`,
    );
    for (const change of changes) {
      const current = this.current(change.entity, change.id);
      keepBase.run(
        change.entity,
        change.id,
        current ? this.sealBase(change.entity, change.id, current) : null,
      );
      if (current) touched.push(...instantsOfRow(change.entity, current));
      this.writeRow(change.entity, change.id, change.row, true);
      if (change.row) touched.push(...instantsOfRow(change.entity, change.row));
    }
    return { instants: touched };
  }

  /** Puts every row a pending mutation changed back to what the server said. */
  private restoreBase(): TouchedInstants {
    const rows = this.db.prepare('SELECT entity, id, data FROM desk_base_rows').all() as {
      entity: Entity;
      id: string;
      data: Buffer | null;
    }[];
    const touched: number[] = [];
    for (const r of rows) {
      const shown = this.current(r.entity, r.id);
      if (shown) touched.push(...instantsOfRow(r.entity, shown));
      this.writeRow(r.entity, r.id, r.data === null ? null : this.openBase(r.entity, r.id, r.data), false);
    }
    this.db.prepare('DELETE FROM desk_base_rows').run();
    return { instants: touched };
  }

  /** Applies the outbox again, in order, over the server's rows (no conflict check: the server decides). */
  private reapplyPending(): TouchedInstants {
    const touched: number[] = [];
    const rows = this.db.prepare('SELECT * FROM outbox ORDER BY mutation_id').all() as OutboxRow[];
    for (const row of rows) {
      const { args, hints } = this.openArgs(row);
      const result = applyDeskMutation(this.rows(), { name: row.name, args } as DeskMutation, {
        ...hints,
        now: hints.at,
        checkConflicts: false,
      });
      if (result.ok) touched.push(...this.writeOptimistic(result.changes).instants);
    }
    return { instants: touched };
  }

  private writeRow(
    entity: Entity,
    id: string,
    row: Booking | WalkIn | Customer | null,
    pending: boolean,
  ): void {
    const table = TABLE_OF[entity];
    if (entity === 'customer') {
      if (row === null) this.cache.customers.deleteCustomer(id);
      else this.cache.customers.putCustomers([row as Customer], { pending });
      return;
    }
    if (row === null) {
      this.db.prepare(`DELETE FROM ${table} WHERE id = ?`).run(id);
      return;
    }
    if (entity === 'booking') this.cache.putSnapshot({ bookings: [row as Booking] });
    else this.cache.putSnapshot({ walkIns: [row as WalkIn] });
    this.db.prepare(`UPDATE ${table} SET pending = ? WHERE id = ?`).run(pending ? 1 : 0, id);
  }

  /** Starts of pulled rows, and of the cached rows a pulled deletion removes. */
  private instantsOfPulled(changes: readonly SyncChange[]): number[] {
    const out: number[] = [];
    const tables: Record<string, [string, (row: never) => string]> = {
      booking: ['bookings', (b: Booking) => b.start],
      walkIn: ['walk_ins', (w: WalkIn) => w.arrivedAt],
      externalBusy: ['busy_blocks', (x: ExternalBusy) => x.start],
    };
    for (const c of changes) {
      const entry = tables[c.entity];
      if (!entry) continue;
      const [table, startOf] = entry;
      const cached = preparedStatement(this.db, `SELECT data FROM ${table} WHERE id = ?`).get(c.id) as
        { data: string } | undefined;
      if (cached) out.push(Date.parse(startOf(JSON.parse(cached.data) as never)));
      if (c.op === 'put' && c.data) out.push(Date.parse(startOf(c.data as never)));
    }
    return out;
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
        this.db.prepare('DELETE FROM outbox WHERE mutation_id = ?').run(row.mutation_id);
        this.keepProblem(
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

  private customer(id: string): Customer | null {
    const cached = this.cache.customers.get(id);
    if (!cached) return null;
    const { pending: _pending, ...customer } = cached;
    return customer;
  }

  private current(entity: Entity, id: string): Booking | WalkIn | Customer | null {
    if (entity === 'booking') return this.cache.getBooking(id);
    if (entity === 'walkIn') return this.cache.getWalkIn(id);
    return this.customer(id);
  }

  // Outbox args and base rows hold customer names, phones and notes: sealed like the rows themselves.
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

  private sealBase(entity: Entity, id: string, row: unknown): Buffer {
    return this.cipher.encrypt(JSON.stringify(row), {
      table: 'desk_base_rows',
      column: 'data',
      rowId: `${entity}:${id}`,
    });
  }

  private openBase<T>(entity: Entity, id: string, sealed: Buffer): T {
    const at = { table: 'desk_base_rows', column: 'data', rowId: `${entity}:${id}` };
    return JSON.parse(this.cipher.decrypt(sealed, at)) as T;
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

function instantsOfRow(entity: Entity, row: unknown): number[] {
  if (entity === 'booking') return [Date.parse((row as Booking).start)];
  if (entity === 'walkIn') return [Date.parse((row as WalkIn).arrivedAt)];
  return [];
}

/** Changes in a cache's outbox waiting for the API (also read while no desk runs: signed out). */
export function waitingChanges(db: CacheDatabase): number {
  return (db.prepare('SELECT COUNT(*) AS n FROM outbox').get() as { n: number }).n;
}
