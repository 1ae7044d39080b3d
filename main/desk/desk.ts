/**
 * One signed-in desk: the cache of one (API, tenant) and the engine that keeps it in step with the
 * API — the event stream, the puller, the pusher of the outbox — plus the desk's actions and reads.
 * The session opens a Desk after sign-in (or at start-up for the remembered account) and stops it on
 * sign-out; IPC channels reach the current one through {@link registerDeskChannels}.
 */
import type { DeskEvent } from '../../core/ipc/desk-events';
import type { SyncStatus } from '../../core/ipc/sync.ipc';
import type { CacheDatabase } from '../cache/cache.database';

/** Why the engine stopped using its credential. */
export type SignedOutReason = 'invalid_grant' | 'revoked';

export interface DeskDeps {
  /** The (API, tenant) cache, already open and migrated. */
  db: CacheDatabase;
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
}

export interface DeskEngine {
  /** Connects the event stream, pulls and pushes; returns at once (reads never wait for the network). */
  start(): void;
  /** Closes the stream and timers; waits for a push or pull in flight. */
  stop(): Promise<void>;
  status(): SyncStatus;
}
