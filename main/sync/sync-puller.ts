/**
 * Fills the local cache from `POST /v1/sync/pull` (API.md "Sync"): from the stored cursor, or a full
 * snapshot when there is none. Each page is stored in one cache transaction together with the cursor
 * that follows it, so the desk shows what has arrived while the rest is on its way, and an
 * interrupted snapshot resumes where it stopped (a snapshot cursor is a position, not a version).
 * A cursor the API no longer serves (410 `/cursor-expired`) starts a fresh snapshot.
 */
import type { ApiClient } from '../api/api.client';
import type { MetaStore } from '../cache/meta.store';
import type { ScheduleCache, SyncChange } from '../cache/schedule.cache';

/** One page of `/v1/sync/pull`. */
export interface PullPage {
  cursor: string;
  hasMore: boolean;
  changes: SyncChange[];
  lastMutationIds: Record<string, number>;
  /** First snapshot page only: the rows the snapshot will send. */
  total?: number;
}

/** What a pull did, or why it could not (`status` 0: the API could not be reached). */
export type PullOutcome =
  | { ok: true; snapshot: boolean; pages: number; changes: number }
  | { ok: false; status: number; reason: string };

/** Where pulled pages go: the desk's store (rebase over pending mutations) or a plain cache. */
export interface PullTarget {
  applyPull(
    changes: readonly SyncChange[],
    options: {
      replaceAll?: boolean;
      /** A page of a snapshot (the first one also `replaceAll`). */
      snapshot?: boolean;
      confirmedThrough?: number;
      alsoInTransaction?: () => void;
    },
  ): unknown;
}

/** A plain cache as a pull target (no outbox: demo seeding, tests of the pull alone). */
export const cacheTarget = (cache: Pick<ScheduleCache, 'applyChanges'>): PullTarget => ({
  applyPull: (changes, { replaceAll, alsoInTransaction }) =>
    cache.applyChanges(changes, {
      ...(replaceAll ? { replaceAll } : {}),
      ...(alsoInTransaction ? { alsoInTransaction } : {}),
    }),
});

/**
 * Rows per pull page: the API's most (MAX_PULL_LIMIT). A snapshot then commits 5x fewer cache
 * transactions than at the API's default of 1000; each commit rewrites the random-keyed index pages
 * it touches (bench/initial-sync, 120k rows: desk CPU 2.4-2.8 s instead of 3.2-3.4 s, apply 2.6-3.1x
 * raw inserts instead of 3.5-4.2x). The price: a page blocks the main process ~100-250 ms while it is
 * stored, and the desk's peak RSS is ~250-320 MB instead of ~220 MB (GC slack, not live data).
 */
export const DEFAULT_PAGE_SIZE = 5000;

/** The cache meta key of the pull cursor, per API (a cursor means nothing to another API). */
export const syncCursorKey = (apiBaseUrl: string) => `sync.cursor:${apiBaseUrl}`;
/** Set while a snapshot is part-way: its pages so far, and the total it announced. */
const snapshotKey = (apiBaseUrl: string) => `sync.snapshot:${apiBaseUrl}`;

interface SnapshotMark {
  done: number;
  total: number;
}

export interface SyncPullerOptions {
  apiBaseUrl: string;
  api: Pick<ApiClient, 'call'>;
  target: PullTarget;
  meta: Pick<MetaStore, 'get' | 'set'>;
  /** This desk's push client id; its confirmed mutations leave the outbox. */
  clientId?: string;
  pageSize?: number;
  /** Called after each snapshot page with the rows stored so far. */
  onProgress?: (progress: { done: number; total: number }) => void;
}

export class SyncPuller {
  constructor(private readonly options: SyncPullerOptions) {}

  async pull(token: string): Promise<PullOutcome> {
    const { apiBaseUrl, meta } = this.options;
    const first = await this.pullFrom(token, meta.get<string>(syncCursorKey(apiBaseUrl)));
    if (first.ok || first.status !== 410) return first;
    // The API no longer keeps changes that far back: start over with a snapshot.
    meta.set(syncCursorKey(apiBaseUrl), null);
    meta.set(snapshotKey(apiBaseUrl), null);
    return this.pullFrom(token, null);
  }

  private async pullFrom(token: string, start: string | null): Promise<PullOutcome> {
    const { apiBaseUrl, api, target, meta, clientId, onProgress } = this.options;
    let cursor = start;
    let mark = meta.get<SnapshotMark>(snapshotKey(apiBaseUrl));
    const snapshot = start === null || mark !== null;
    let pages = 0;
    let count = 0;
    const ask = (from: string | null) =>
      api.call<PullPage>('POST', '/v1/sync/pull', token, {
        ...(from ? { cursor: from } : {}),
        limit: this.options.pageSize ?? DEFAULT_PAGE_SIZE,
      });
    let asked = ask(cursor);
    for (;;) {
      const page = await asked;
      if (!page.ok) {
        const { title, detail } = page.problem;
        return { ok: false, status: page.status, reason: `${title}${detail ? ` (${detail})` : ''}` };
      }
      const { changes, hasMore, lastMutationIds } = page.value;
      const replaceAll = cursor === null;
      if (replaceAll) mark = { done: 0, total: page.value.total ?? 0 };
      if (mark)
        mark = { done: mark.done + changes.length, total: Math.max(mark.total, mark.done + changes.length) };
      const next = page.value.cursor;
      const endOfSnapshot = mark !== null && !hasMore;
      const confirmed = clientId !== undefined ? lastMutationIds[clientId] : undefined;
      // The next page is asked for before this one is stored: the API reads and sends it while the
      // desk writes this one (a failed answer is met at the top of the loop; never thrown). The store
      // blocks the event loop, so first one turn of it lets fetch put the request on the wire.
      if (hasMore) {
        asked = ask(next);
        await new Promise((resolve) => setImmediate(resolve));
      }
      target.applyPull(changes, {
        ...(replaceAll ? { replaceAll } : {}),
        ...(mark ? { snapshot: true } : {}),
        ...(!hasMore && confirmed !== undefined ? { confirmedThrough: confirmed } : {}),
        alsoInTransaction: () => {
          meta.set(syncCursorKey(apiBaseUrl), next);
          meta.set(snapshotKey(apiBaseUrl), hasMore ? mark : null);
        },
      });
      pages++;
      count += changes.length;
      cursor = next;
      if (mark) onProgress?.(endOfSnapshot ? { done: mark.total, total: mark.total } : mark);
      if (!hasMore) break;
    }
    return { ok: true, snapshot, pages, changes: count };
  }
}
