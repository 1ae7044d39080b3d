import type { TenantScope, TenantTransaction } from '../db/tenant-scope';
import { GoneError } from '../errors';
import { ChangeFeedRepository } from './change-feed.repository';
import { decodeCursor, encodeCursor } from './sync-cursor';
import type { CursorPosition, SnapshotPosition } from './sync-cursor';
import type { SyncEntity } from './sync-entities';
import { SyncReadRepository } from './sync-read.repository';
import type { PullBody, PullResponse, SyncChange } from './sync.schemas';
import type { SyncSource, SyncSources, SyncWindow } from './sync-sources';
import { SyncRetentionRepository } from './sync-retention';

const DAY_MS = 86_400_000;
/**
 * How long a delta page waits for changes held back behind a commit in flight (a commit takes
 * milliseconds), looking again after 2, 4, 8… ms.
 */
const HOLD_BACK_WAIT_MS = 250;
const HOLD_BACK_FIRST_POLL_MS = 2;
/** The working set of a snapshot: bookings from 30 days back to 90 days ahead of its start. */
export const WINDOW_DAYS_BACK = 30;
export const WINDOW_DAYS_AHEAD = 90;
/**
 * The days a snapshot sends first: from a day before its start to two days after, so the desk's
 * today (in any zone) and tomorrow are complete long before the rest of the window has arrived.
 */
export const NEAR_DAYS_BACK = 1;
export const NEAR_DAYS_AHEAD = 2;
/** Page size when a source without `count` is counted by reading it (see {@link countByPaging}). */
const COUNT_PAGE = 5000;

/**
 * `POST /v1/sync/pull`. Without a cursor: a snapshot of the working set, then the changes since
 * the version the snapshot started at. With a cursor: where it left off. Each page is one transaction.
 *
 * Snapshot order: entity by entity in id order, in two passes so a desk is usable today first. The
 * first pass sends every entity, but of a windowed one (bookings, time off, busy blocks) only the rows
 * of the near days (NEAR_DAYS_*); the second sends the windowed entities' rest of the window. Each
 * row is in exactly one pass: the rest is the window's condition AND NOT the near days' condition.
 *
 * Why the snapshot is consistent although its pages are read at different times: it first records
 * the tenant's version V, and after the last snapshot page the client continues with every change
 * after V. Any row that changed after V may appear in the snapshot in its newer state, or be missing
 * (deleted), or be present although created later — and in every case the delta after V carries a
 * put or a tombstone for it with its state at the time of that later read. Puts carry whole
 * entities and deletes are idempotent, so applying snapshot + delta in order ends in the server's
 * state at the last page read. The same holds for each delta page (rows read after their change row).
 *
 * The first snapshot page also carries `total`, the number of items the snapshot will send (each
 * source's count of its working set, same filters as its pages, read in that page's transaction): a
 * progress bar's denominator, exact unless the working set changes while the snapshot is paged.
 *
 * A cursor (snapshot or delta) whose version is below the tenant's floor is answered 410
 * `/cursor-expired`: tombstones after it may have been pruned (./sync-retention.ts), so the client
 * would miss deletions; it takes a fresh snapshot instead.
 */
export class SyncPullService {
  constructor(
    private readonly sources: SyncSources,
    private readonly now: () => Date,
  ) {}

  pull(scope: TenantScope, body: PullBody): Promise<PullResponse> {
    const start = body.cursor !== undefined ? decodeCursor(body.cursor) : null;
    return scope.transaction(async (tx) => {
      const read = tx.get(SyncReadRepository);
      let position: CursorPosition = start ?? (await this.snapshotStart(tx));
      const total = position.p === 's' && start === null ? await this.snapshotTotal(tx, position) : undefined;
      const changes: SyncChange[] = [];
      if (position.p === 's') position = await this.snapshotPage(tx, position, body.limit, changes);
      let hasMore = position.p === 's';
      if (position.p === 'd' && changes.length < body.limit) {
        const delta = await this.deltaPage(tx, position.v, body.limit - changes.length, changes);
        position = { p: 'd', v: delta.lastVersion };
        hasMore = delta.hasMore;
      } else if (position.p === 'd') {
        hasMore = true;
      }
      const lastMutationIds = await read.lastMutationIds();
      // After the page's reads: a prune committed before them is seen by this later statement, so a
      // page that may lack a pruned tombstone is never served.
      if (start !== null && start.v < (await tx.get(SyncRetentionRepository).floor())) {
        throw new GoneError(
          'cursor-expired',
          'the change log no longer reaches back to this cursor; pull without a cursor (a fresh snapshot)',
        );
      }
      return {
        cursor: encodeCursor(position),
        hasMore,
        changes,
        lastMutationIds,
        ...(total !== undefined ? { total } : {}),
      };
    });
  }

  /** How many items the snapshot starting at `position` sends: every source's count of its working set. */
  private async snapshotTotal(tx: TenantTransaction, position: SnapshotPosition): Promise<number> {
    const window = snapshotWindow(position.t);
    let total = 0;
    for (const source of this.sources.ordered()) {
      total += source.count ? await source.count(tx, window) : await countByPaging(tx, source, window);
    }
    return total;
  }

  private async snapshotStart(tx: TenantTransaction): Promise<SnapshotPosition> {
    const first = this.sources.ordered()[0]!;
    return {
      p: 's',
      v: await tx.get(ChangeFeedRepository).currentVersion(),
      t: this.now().getTime(),
      e: first.entity,
      a: null,
      r: 'n',
    };
  }

  /** Appends snapshot items until `limit`; returns where to continue (a delta position once done). */
  private async snapshotPage(
    tx: TenantTransaction,
    position: SnapshotPosition,
    limit: number,
    out: SyncChange[],
  ): Promise<CursorPosition> {
    const steps = snapshotSteps(this.sources.ordered(), position);
    let index = steps.findIndex((s) => s.source.entity === position.e && s.pass === position.r);
    let afterId = position.a;
    const read = tx.get(SyncReadRepository);
    while (index >= 0 && index < steps.length) {
      const { source, pass, window } = steps[index]!;
      const wanted = limit - out.length;
      if (wanted === 0) return { ...position, e: source.entity, a: afterId, ...(pass ? { r: pass } : {}) };
      const items = await source.page(tx, window, afterId, wanted);
      const versions = await read.versions(
        source.entity,
        items.map((i) => i.id),
      );
      for (const item of items) {
        out.push({
          entity: source.entity,
          op: 'put',
          id: item.id,
          version: versions.get(item.id) ?? 0,
          data: item.data,
        });
      }
      if (items.length < wanted) {
        index += 1;
        afterId = null;
      } else {
        afterId = items[items.length - 1]!.id;
      }
    }
    return { p: 'd', v: position.v };
  }

  /**
   * Appends changes after `version` in version order, up to the feed's watermark (nothing at or
   * below it can still appear), with each put's current data. Changes above the watermark are being
   * committed along with one that drew a lower version (PostgreSQL, for the time of a commit): the
   * page waits for them (at most HOLD_BACK_WAIT_MS, then it answers `hasMore`) rather than answer
   * without them and have the client wait for another poke.
   */
  private async deltaPage(
    tx: TenantTransaction,
    version: number,
    limit: number,
    out: SyncChange[],
  ): Promise<{ lastVersion: number; hasMore: boolean }> {
    const feed = tx.get(ChangeFeedRepository);
    let rows: Awaited<ReturnType<SyncReadRepository['changesAfter']>>;
    let heldBack: boolean;
    const giveUpAt = Date.now() + HOLD_BACK_WAIT_MS;
    for (let pause = HOLD_BACK_FIRST_POLL_MS; ; pause *= 2) {
      // The watermark first: the changes are then read by a later statement, which sees every
      // change at or below it.
      const ceiling = await feed.watermark();
      const read = await tx.get(SyncReadRepository).changesAfter(version, limit + 1);
      rows = read.filter((r) => r.version <= ceiling);
      heldBack = rows.length < read.length;
      // Only worth waiting for when the page is not full without them.
      if (!heldBack || rows.length >= limit || Date.now() >= giveUpAt) break;
      await new Promise((resolve) => setTimeout(resolve, Math.min(pause, giveUpAt - Date.now())));
    }
    const hasMore = rows.length > limit || heldBack;
    const page = rows.length > limit ? rows.slice(0, limit) : rows;
    const data = new Map<SyncEntity, Map<string, unknown>>();
    for (const entity of new Set(page.filter((r) => r.op === 'put').map((r) => r.entity))) {
      const source = this.sources.get(entity);
      if (!source) continue;
      const ids = page.filter((r) => r.op === 'put' && r.entity === entity).map((r) => r.id);
      data.set(entity, new Map((await source.load(tx, ids)).map((item) => [item.id, item.data])));
    }
    for (const row of page) {
      const loaded = data.get(row.entity);
      // An entity without a registered source is not synced yet: skipped, its version still passes.
      if (!loaded && row.op === 'put') continue;
      const current = loaded?.get(row.id);
      if (row.op === 'put' && current !== undefined) {
        out.push({ entity: row.entity, op: 'put', id: row.id, version: row.version, data: current });
      } else {
        // Deleted, or deleted after this change row was read: a later tombstone follows anyway.
        out.push({ entity: row.entity, op: 'del', id: row.id, version: row.version });
      }
    }
    return { lastVersion: page.length > 0 ? page[page.length - 1]!.version : version, hasMore };
  }
}

/** The working window of a snapshot whose clock is `t` (epoch ms). */
function snapshotWindow(t: number): SyncWindow & { now: Date } {
  return {
    now: new Date(t),
    from: new Date(t - WINDOW_DAYS_BACK * DAY_MS),
    to: new Date(t + WINDOW_DAYS_AHEAD * DAY_MS),
  };
}

/** One read of a snapshot: a source, in a pass (`n` near days, `r` the rest), with its window. */
interface SnapshotStep {
  source: SyncSource;
  pass: 'n' | 'r' | undefined;
  window: SyncWindow & { now: Date };
}

/**
 * The reads of a snapshot in order. A cursor from before the two passes (no `r`) goes on in one pass
 * over the whole window, so a snapshot under way when the server is upgraded misses nothing.
 */
function snapshotSteps(sources: readonly SyncSource[], position: SnapshotPosition): SnapshotStep[] {
  const window = snapshotWindow(position.t);
  if (position.r === undefined) return sources.map((source) => ({ source, pass: undefined, window }));
  const near = {
    from: new Date(position.t - NEAR_DAYS_BACK * DAY_MS),
    to: new Date(position.t + NEAR_DAYS_AHEAD * DAY_MS),
  };
  return [
    ...sources.map((source) => ({
      source,
      pass: 'n' as const,
      window: source.windowed ? { now: window.now, ...near } : window,
    })),
    ...sources
      .filter((source) => source.windowed)
      .map((source) => ({ source, pass: 'r' as const, window: { ...window, except: near } })),
  ];
}

/** The size of a source's working set, read page by page (for a source that cannot count). */
async function countByPaging(
  tx: TenantTransaction,
  source: SyncSource,
  window: SyncWindow & { now: Date },
): Promise<number> {
  let count = 0;
  let afterId: string | null = null;
  for (;;) {
    const items = await source.page(tx, window, afterId, COUNT_PAGE);
    count += items.length;
    if (items.length < COUNT_PAGE) return count;
    afterId = items[items.length - 1]!.id;
  }
}
