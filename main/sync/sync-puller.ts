/**
 * Fills the local cache from `POST /v1/sync/pull` (server/sync/README.md): from the stored cursor, or
 * a full snapshot when there is none, page after page until `hasMore` is false; then every change is
 * written in one cache transaction together with the new cursor, so a failed pull leaves the cache
 * and its cursor as they were.
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
}

/** What a pull did, or why it could not. */
export type PullOutcome =
  | { ok: true; snapshot: boolean; pages: number; changes: number }
  | { ok: false; status: number; reason: string };

/** The cache meta key of the pull cursor, per API (a cursor means nothing to another API). */
export const syncCursorKey = (apiBaseUrl: string) => `sync.cursor:${apiBaseUrl}`;

export class SyncPuller {
  constructor(
    private readonly apiBaseUrl: string,
    private readonly api: Pick<ApiClient, 'call'>,
    private readonly cache: Pick<ScheduleCache, 'applyChanges'>,
    private readonly meta: Pick<MetaStore, 'get' | 'set'>,
    private readonly pageSize = 1000,
  ) {}

  async pull(token: string): Promise<PullOutcome> {
    const start = this.meta.get<string>(syncCursorKey(this.apiBaseUrl));
    let cursor = start;
    const changes: SyncChange[] = [];
    let pages = 0;
    for (;;) {
      const page = await this.api.call<PullPage>('POST', '/v1/sync/pull', token, {
        ...(cursor ? { cursor } : {}),
        limit: this.pageSize,
      });
      if (!page.ok) {
        return {
          ok: false,
          status: page.status,
          reason: `${page.problem.title}${page.problem.detail ? ` (${page.problem.detail})` : ''}`,
        };
      }
      pages++;
      changes.push(...page.value.changes);
      cursor = page.value.cursor;
      if (!page.value.hasMore) break;
    }
    this.cache.applyChanges(changes, {
      replaceAll: start === null,
      alsoInTransaction: () => this.meta.set(syncCursorKey(this.apiBaseUrl), cursor),
    });
    return { ok: true, snapshot: start === null, pages, changes: changes.length };
  }
}
