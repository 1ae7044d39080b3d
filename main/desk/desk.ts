/**
 * One signed-in desk: the cache of one (API, tenant) and the engine that keeps it in step with the
 * API — the event stream, the puller, the pusher of the outbox — plus the desk's actions and reads.
 * The session opens a Desk after sign-in (or at start-up for the remembered account) and stops it on
 * sign-out; IPC channels reach the current one through {@link registerDeskChannels}.
 *
 * Sync runs as one loop: push what is queued, then pull; a poke, a reconnect, a local write, a wake
 * from sleep or the safety-net timer only ask for another round, so any burst collapses into one.
 */
import { DateTime } from 'luxon';
import type { DeskEvent } from '../../core/ipc/desk-events';
import type { SyncConnection, SyncProgress, SyncStatus } from '../../core/ipc/sync.ipc';
import { ApiClient } from '../api/api.client';
import type { CacheCipher } from '../cache/cache.cipher';
import type { CacheDatabase } from '../cache/cache.database';
import { MetaStore } from '../cache/meta.store';
import type { ScheduleCache } from '../cache/schedule.cache';
import { EventStream } from '../sync/event-stream';
import { SyncPuller } from '../sync/sync-puller';
import { SyncPusher } from '../sync/sync-pusher';
import { DeskActions } from './desk-actions';
import type { TouchedInstants } from './desk-store';
import { DeskStore } from './desk-store';

/** Why the engine stopped using its credential. */
export type SignedOutReason = 'invalid_grant' | 'revoked';

export interface DeskDeps {
  /** The (API, tenant) cache, already open and migrated. */
  db: CacheDatabase;
  /** The schedule over that cache. */
  cache: ScheduleCache;
  /** The cache's data key: the outbox and base rows are sealed with it like the rows. */
  cipher: CacheCipher;
  apiBaseUrl: string;
  /**
   * A valid access token (refreshed as needed). Resolves null when signed out; rejects with a
   * network error when the API cannot be reached (the desk then says "offline", never "signed out").
   */
  accessToken(): Promise<string | null>;
  /** The API refused the credential for good (invalid_grant, revoked): the session signs out. */
  onSignedOut(reason: SignedOutReason): void;
  /** main -> renderer events (schedule changed, sync status, progress). */
  emit(event: DeskEvent): void;
  now?: () => Date;
  fetchFn?: typeof fetch;
  /** Rows per pull page (SyncPuller's DEFAULT_PAGE_SIZE); tests take small pages to watch a snapshot arrive. */
  pullPageSize?: number;
  /** Timings, shortened by tests. */
  timing?: Partial<DeskTiming>;
}

export interface DeskTiming {
  /** Safety-net pull even without pokes. */
  safetyPullMs: number;
  /** First retry after a failed round; doubles up to `maxRetryMs`. */
  retryMs: number;
  maxRetryMs: number;
  /** Event stream silence taken for a dead connection (three 15 s heartbeats). */
  deadStreamMs: number;
  /** Clock check: a tick that comes this much late means the machine slept. */
  wakeCheckMs: number;
}

const DEFAULT_TIMING: DeskTiming = {
  safetyPullMs: 5 * 60_000,
  retryMs: 1_000,
  maxRetryMs: 30_000,
  deadStreamMs: 45_000,
  wakeCheckMs: 10_000,
};

export interface DeskEngine {
  /** Connects the event stream, pulls and pushes; returns at once (reads never wait for the network). */
  start(): void;
  /** Closes the stream and timers; waits for a push or pull in flight. */
  stop(): Promise<void>;
  status(): SyncStatus;
}

export class Desk implements DeskEngine {
  readonly store: DeskStore;
  readonly actions: DeskActions;
  readonly cache: ScheduleCache;
  private readonly meta: MetaStore;
  private readonly puller: SyncPuller;
  private readonly pusher: SyncPusher;
  private readonly stream: EventStream;
  private readonly timing: DeskTiming;
  private connection: SyncConnection = { state: 'connecting' };
  private lastSyncAt: string | null = null;
  private running = false;
  private round: Promise<void> | null = null;
  private again = false;
  private failures = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private safetyTimer: NodeJS.Timeout | null = null;
  private wakeTimer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: DeskDeps) {
    this.timing = { ...DEFAULT_TIMING, ...deps.timing };
    this.cache = deps.cache;
    this.meta = new MetaStore(deps.db);
    this.store = new DeskStore(deps.db, deps.cache, deps.cipher, this.now);
    // Every answer of the API says its clock (`Date`): the desk keeps its offset, so the times it
    // records (a walk-in's arrival, a status change) are in the server's time even when this
    // computer's clock is minutes off (the API refuses times more than a minute ahead of its own).
    this.clockOffsetMs = this.meta.get<number>(CLOCK_OFFSET_KEY) ?? 0;
    const baseFetch = deps.fetchFn ?? fetch;
    const fetchFn: typeof fetch = async (input, init) => {
      const sentAt = this.deskClock().getTime();
      const response = await baseFetch(input, init);
      this.observeServerClock(response.headers.get('date'), sentAt, this.deskClock().getTime());
      return response;
    };
    const api = new ApiClient(deps.apiBaseUrl, fetchFn);
    this.puller = new SyncPuller({
      apiBaseUrl: deps.apiBaseUrl,
      api,
      target: {
        applyPull: (changes, options) => {
          const touched = this.store.applyPull(changes, options);
          this.changed(touched);
          return touched;
        },
      },
      meta: this.meta,
      clientId: this.store.clientId,
      ...(deps.pullPageSize !== undefined ? { pageSize: deps.pullPageSize } : {}),
      onProgress: (progress) => this.onProgress(progress),
    });
    this.pusher = new SyncPusher(api, this.store);
    this.stream = new EventStream({
      url: new URL('/v1/sync/events', deps.apiBaseUrl).href,
      accessToken: () => deps.accessToken(),
      onPoke: () => this.requestSync(),
      onOpen: () => this.requestSync(),
      onDown: (reason) => (reason === 'unauthorized' ? void this.checkSignedIn() : this.wentOffline()),
      deadAfterMs: this.timing.deadStreamMs,
      backoffMs: this.timing.retryMs,
      maxBackoffMs: this.timing.maxRetryMs,
      fetchFn,
    });
    this.lastSyncAt = this.meta.get<string>(LAST_SYNC_KEY);
    this.actions = new DeskActions(this.store, this.now, {
      written: (touched) => {
        this.changed(touched);
        this.requestSync();
      },
      isOffline: () => this.connection.state !== 'online',
    });
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.setConnection({ state: 'connecting' });
    this.stream.start();
    this.requestSync();
    this.safetyTimer = setInterval(() => this.requestSync(), this.timing.safetyPullMs);
    let last = Date.now();
    this.wakeTimer = setInterval(() => {
      const late = Date.now() - last > this.timing.wakeCheckMs * 3;
      last = Date.now();
      if (late) this.syncNow(); // woken from sleep: the stream is likely dead and changes missed
    }, this.timing.wakeCheckMs);
    for (const timer of [this.safetyTimer, this.wakeTimer]) timer.unref();
  }

  async stop(): Promise<void> {
    this.running = false;
    for (const timer of [this.retryTimer, this.safetyTimer, this.wakeTimer]) if (timer) clearTimeout(timer);
    await this.stream.stop();
    await this.round;
  }

  status(): SyncStatus {
    return {
      connection: this.connection,
      waiting: this.store.waiting(),
      lastSyncAt: this.lastSyncAt,
      problems: this.store.problems().length,
    };
  }

  /** Push and pull now, and reconnect the stream (the user asked, or the machine woke). */
  syncNow(): void {
    this.failures = 0;
    this.stream.reconnectNow();
    this.requestSync();
  }

  /** Asks for one more push + pull round; rounds never overlap. */
  requestSync(): void {
    if (!this.running) return;
    if (this.round) {
      this.again = true;
      return;
    }
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.round = this.runRounds().finally(() => {
      this.round = null;
      // A request made after the loop's last look at `again` but before this callback (a poke or a
      // write in the microtasks between) would otherwise wait for the next poke or timer.
      if (this.again) this.requestSync();
    });
  }

  private async runRounds(): Promise<void> {
    do {
      this.again = false;
      const ok = await this.syncRound();
      if (!ok) {
        this.failures++;
        const delay = Math.min(this.timing.maxRetryMs, this.timing.retryMs * 2 ** (this.failures - 1));
        if (this.running) {
          this.retryTimer = setTimeout(
            () => this.requestSync(),
            Math.round(delay * (0.5 + Math.random() / 2)),
          );
          this.retryTimer.unref();
        }
        this.again = false; // the retry timer asks again, with backoff
        return;
      }
      this.failures = 0;
    } while (this.again && this.running);
  }

  /** One push then pull; false when the API could not be reached or refused. */
  private async syncRound(): Promise<boolean> {
    let token: string | null;
    try {
      token = await this.deps.accessToken();
    } catch {
      this.wentOffline();
      return false;
    }
    if (!token) {
      this.signedOut('invalid_grant');
      return false;
    }
    const pushed = await this.pusher.push(token);
    for (const touched of pushed.touched) this.changed(touched);
    if (!pushed.ok) return this.failed(pushed.status);
    const pulled = await this.puller.pull(token);
    if (!pulled.ok) return this.failed(pulled.status);
    this.lastSyncAt = this.now().toISOString();
    this.meta.set(LAST_SYNC_KEY, this.lastSyncAt);
    this.setConnection({ state: 'online' });
    return true;
  }

  private failed(status: number): false {
    if (status === 401) void this.checkSignedIn();
    else this.wentOffline();
    return false;
  }

  /** A 401: refresh may still work (a revoked access token); if not, the session signs out. */
  private async checkSignedIn(): Promise<void> {
    try {
      if ((await this.deps.accessToken()) === null) this.signedOut('revoked');
    } catch {
      this.wentOffline();
    }
  }

  private signedOut(reason: SignedOutReason): void {
    if (this.connection.state === 'signed-out') return;
    this.setConnection({ state: 'signed-out' });
    this.deps.onSignedOut(reason);
  }

  private wentOffline(): void {
    if (this.connection.state === 'offline' || this.connection.state === 'signed-out') return;
    this.setConnection({ state: 'offline', since: this.now().toISOString() });
  }

  private onProgress(progress: SyncProgress): void {
    this.deps.emit({ name: 'sync:progress', payload: progress });
    this.setConnection(progress.done < progress.total ? { state: 'syncing', progress } : { state: 'online' });
  }

  private setConnection(next: SyncConnection): void {
    const same = JSON.stringify(next) === JSON.stringify(this.connection);
    this.connection = next;
    if (!same) this.emitStatus();
  }

  private emitStatus(): void {
    this.deps.emit({ name: 'sync:status', payload: this.status() });
  }

  /** Tells the renderer which dates to read again, and the new count of waiting changes. */
  private changed(touched: TouchedInstants): void {
    const zone = this.store.rows().location()?.timeZone ?? 'UTC';
    // Only the first and last dates are told; a snapshot page touches thousands of instants, so
    // convert just the earliest and the latest (a date in one zone grows with the instant).
    let first = Infinity;
    let last = -Infinity;
    for (const ms of touched.instants) {
      if (!Number.isFinite(ms)) continue;
      if (ms < first) first = ms;
      if (ms > last) last = ms;
    }
    const dates =
      first <= last ? [first, last].map((ms) => DateTime.fromMillis(ms, { zone }).toISODate()!) : [];
    if (touched.everything) {
      const today = DateTime.fromJSDate(this.now(), { zone });
      dates.push(today.minus({ days: 30 }).toISODate()!, today.plus({ days: 90 }).toISODate()!);
    }
    if (dates.length > 0) {
      dates.sort();
      this.deps.emit({
        name: 'schedule:changed',
        payload: { from: dates[0]!, to: dates[dates.length - 1]! },
      });
    }
    this.emitStatus();
  }

  /** This computer's clock (tests give a skewed one). */
  private readonly deskClock = (): Date => (this.deps.now ?? (() => new Date()))();
  /** The server's time as this desk best knows it: its clock plus the offset last seen. */
  private readonly now = (): Date => new Date(this.deskClock().getTime() + this.clockOffsetMs);
  private clockOffsetMs = 0;

  /**
   * `Date` has whole seconds: the server's clock was in [date, date + 1 s) somewhere between sending
   * and receiving. The offset moves only when off by more than that uncertainty, so it does not jitter.
   */
  private observeServerClock(date: string | null, sentAt: number, receivedAt: number): void {
    const server = date ? Date.parse(date) : Number.NaN;
    if (!Number.isFinite(server)) return;
    const offset = Math.round(server + 500 - (sentAt + receivedAt) / 2);
    const uncertainty = 500 + (receivedAt - sentAt) / 2;
    if (Math.abs(offset - this.clockOffsetMs) <= uncertainty + CLOCK_OFFSET_SLACK_MS) return;
    this.clockOffsetMs = offset;
    this.meta.set(CLOCK_OFFSET_KEY, offset);
  }
}

/** The server-clock offset kept in the cache, so a desk restarted offline still records server time. */
const CLOCK_OFFSET_KEY = 'sync.clockOffsetMs';
/** Offsets within this of the kept one (beyond the `Date` header's own second) are left alone. */
const CLOCK_OFFSET_SLACK_MS = 1_000;

const LAST_SYNC_KEY = 'sync.lastSyncAt';
