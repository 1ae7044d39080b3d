/**
 * The one interface every external calendar adapter (Google, Microsoft, CalDAV/iCloud) implements.
 * Adapters know nothing about the database: they take a credential and the previous sync state and
 * return busy blocks to upsert, block ids to delete, the next state and, when tokens were refreshed,
 * the updated credential. The caller stores all of it (credential encrypted).
 */

export type ProviderKind = 'google' | 'microsoft' | 'caldav';

/** The time range imported (e.g. 30 days back to 90 ahead). Half-open: [from, to). */
export interface SyncWindow {
  from: Date;
  to: Date;
  /**
   * IANA zone for times that name none: floating iCalendar times and all-day events whose calendar
   * has no zone (e.g. the staff member's location zone). Defaults to UTC.
   */
  timeZone?: string;
}

/**
 * One busy block as the adapter hands it out. By design it carries nothing else: no attendees,
 * descriptions, locations or bodies ever leave the adapter.
 */
export interface BusyBlockInput {
  /** SHA-256 (hex) of the provider's event/instance id; stable across syncs, unique per connection. */
  eventIdHash: string;
  /** The event's title, truncated to {@link MAX_SUBJECT_LENGTH} characters. */
  subject: string;
  /** UTC instant the block starts. */
  start: Date;
  /** UTC instant the block ends (exclusive). */
  end: Date;
  /** Whole minutes between start and end (an all-day block on a 25-hour DST day is 1500). */
  durationMinutes: number;
}

/**
 * Provider-specific, JSON-serialisable sync cursor (Google sync token, Graph delta link, CalDAV
 * sync tokens/etags). Opaque to the caller: store it as JSON and hand it back unchanged.
 */
export interface SyncState {
  readonly provider: ProviderKind;
  /** The window the cursor was made for; a different window triggers a full sync. */
  readonly window: { from: string; to: string };
}

/** What one sync produced. */
export interface SyncResult<TCredential, TState extends SyncState = SyncState> {
  /** True when `upserts` replaces all blocks of the connection (initial import or forced resync). */
  full: boolean;
  upserts: BusyBlockInput[];
  /** eventIdHash values of blocks to remove (cancelled, deleted, declined, now free, left the window). */
  deletes: string[];
  nextState: TState;
  /** Present when the adapter refreshed tokens: store it (encrypted) in place of the old one. */
  credential?: TCredential;
}

/** An external calendar adapter. */
export interface CalendarProvider<TCredential, TState extends SyncState = SyncState> {
  readonly kind: ProviderKind;
  /**
   * Imports busy time in `window`. With `state === null` (or a state made for another window) the
   * result is full; otherwise incremental. Throws {@link ProviderAuthError} when the credential is no
   * longer usable (the caller marks the connection "needs reconnect" and keeps its blocks) and
   * {@link ProviderUnavailableError} when the provider kept failing after bounded retries.
   */
  sync(
    credential: TCredential,
    state: TState | null,
    window: SyncWindow,
  ): Promise<SyncResult<TCredential, TState>>;
  /** Revokes/forgets the credential at the provider (best effort; the caller deletes it anyway). */
  disconnect(credential: TCredential): Promise<void>;
}

/** Subjects longer than this are cut; nothing else about an event is kept. */
export const MAX_SUBJECT_LENGTH = 200;

/** The credential was revoked or expired for good: the user must reconnect. */
export class ProviderAuthError extends Error {
  override readonly name = 'ProviderAuthError';
  constructor(
    readonly provider: ProviderKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The provider could not be reached or kept failing (timeout, 5xx, 429) after bounded retries. */
export class ProviderUnavailableError extends Error {
  override readonly name = 'ProviderUnavailableError';
  constructor(
    readonly provider: ProviderKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
