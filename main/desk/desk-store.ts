/**
 * The desk's local state in one SQLite file: what the server said (written only by pulls), the
 * outbox of what the desk intends, and what the desk shows = server rows + pending mutations on top.
 *
 * Every row a pending mutation changed keeps the server's own version (./desk-base-rows.ts). A pull
 * (or a refusal) first puts those base rows back, applies the server's changes, drops the mutations
 * the server has confirmed (`lastMutationIds`), and applies the remaining ones again on top (a
 * rebase, as Replicache does), all in one transaction: a live change from another desk never hides a
 * local one, nor the reverse. Mutation ids come from a persisted counter in the same transaction as
 * the outbox row (./desk-outbox.ts), so a crash can never reuse one. A refused change is kept for the
 * receptionist (./desk-problems.ts).
 */
import type { DeskMutation, DeskRefusal, DeskRows } from '../../core/domain/desk-mutations';
import { applyDeskMutation } from '../../core/domain/desk-mutations';
import type { Booking, ExternalBusy, Staff, WalkIn } from '../../core/domain/schemas';
import type { DeskText } from '../../core/i18n/desk-texts';
import type { SyncProblem } from '../../core/ipc/sync.ipc';
import type { CacheCipher } from '../cache/cache.cipher';
import type { CacheDatabase } from '../cache/cache.database';
import { preparedStatement } from '../cache/cache.database';
import type { ScheduleCache, SyncChange } from '../cache/schedule.cache';
import { sayDeskText } from '../i18n/desk-text';
import { DeskBaseRows } from './desk-base-rows';
import type { ApplyHints, QueuedMutation } from './desk-outbox';
import { DeskOutbox, waitingChanges } from './desk-outbox';
import { DeskProblems } from './desk-problems';
import type { ShownRowsCache } from './desk-rows';
import { shownRows } from './desk-rows';
import { describeMutation, refusalInWords } from './desk-words';


/** What a local write or a pull changed, so the UI can re-read those dates. */
export interface TouchedInstants {
  /** Epoch ms of every start/arrival the change touched (old and new). */
  instants: number[];
  /** A full snapshot: any date may have changed. */
  everything?: boolean;
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

export class DeskStore {
  readonly clientId: string;
  private readonly outbox: DeskOutbox;
  private readonly base: DeskBaseRows;
  private readonly refusals: DeskProblems;

  constructor(
    private readonly db: CacheDatabase,
    private readonly cache: ShownRowsCache & Pick<ScheduleCache, 'applyChanges' | 'putSnapshot'>,
    cipher: CacheCipher,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.refusals = new DeskProblems(db, now);
    this.outbox = new DeskOutbox(db, cipher, this.refusals);
    this.base = new DeskBaseRows(db, cache, cipher, () => this.rows());
    this.clientId = this.outbox.clientId;
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
          const { checkConflicts: _check, ...kept } = hints;
          const mutationId = this.outbox.add(mutation, { ...kept, at });
          touched.instants.push(...this.base.writeOver(result.changes));
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
    return this.outbox.queued(afterId, limit);
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
      const touched: TouchedInstants = { instants: this.base.restore() };
      // A snapshot page may touch any date of the window: said once, not looked up row by row.
      if (options.replaceAll || options.snapshot) touched.everything = true;
      else touched.instants.push(...this.instantsOfPulled(changes));
      this.cache.applyChanges(changes, {
        ...(options.replaceAll ? { replaceAll: true } : {}),
        ...(options.alsoInTransaction ? { alsoInTransaction: options.alsoInTransaction } : {}),
      });
      if (options.confirmedThrough !== undefined) this.outbox.removeThrough(options.confirmedThrough);
      touched.instants.push(...this.reapplyPending());
      return touched;
    })();
  }

  /** The API refused a mutation: it leaves the outbox, its effect is undone, the problem is kept. */
  reject(mutationId: number, problem: { type: string; reason: DeskText | string }): TouchedInstants {
    return this.db.transaction(() => {
      const queued = this.outbox.find(mutationId);
      if (!queued) return { instants: [] };
      const { mutation } = queued;
      const reason = refusalInWords(this.rows(), mutation, problem) ?? problem.reason;
      const touched = this.base.restore();
      this.outbox.remove(mutationId);
      this.refusals.keep(
        mutationId,
        mutation.name,
        describeMutation(this.rows(), mutation),
        reason,
        problem.type,
      );
      touched.push(...this.reapplyPending());
      return { instants: touched };
    })();
  }

  /**
   * The refused changes kept for the receptionist, said by `say` (English by default); a reason that
   * is the server's own words, or a problem kept before texts were, stays as it was written.
   */
  problems(say: (text: DeskText) => string = (text) => sayDeskText('en', text)): SyncProblem[] {
    return this.refusals.list(say);
  }

  dismissProblem(id: number): void {
    this.refusals.dismiss(id);
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
    return shownRows(this.db, this.cache);
  }

  /** Applies the outbox again, in order, over the server's rows (no conflict check: the server decides). */
  private reapplyPending(): number[] {
    const touched: number[] = [];
    for (const { mutation, hints } of this.outbox.pending()) {
      const result = applyDeskMutation(this.rows(), mutation, {
        ...hints,
        now: hints.at,
        checkConflicts: false,
      });
      if (result.ok) touched.push(...this.base.writeOver(result.changes));
    }
    return touched;
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
}
