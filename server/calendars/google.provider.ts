/**
 * Google Calendar adapter (googleapis). Full import: `events.list` on the primary calendar with
 * singleEvents=true (recurring events come as instances) inside the window, paged; the last page's
 * nextSyncToken is the cursor. Incremental: `events.list` with that syncToken (Google forbids
 * timeMin/timeMax with it, so the window is applied here); 410 Gone means the token is dead: full
 * resync. `fields` asks only for what decides busy time; attendees are read for `self`'s response only.
 */
import { DateTime } from 'luxon';
import { calendar, type calendar_v3 } from 'googleapis/build/src/apis/calendar';
import {
  ProviderAuthError,
  ProviderUnavailableError,
  type BusyBlockInput,
  type CalendarProvider,
  type SyncResult,
  type SyncState,
  type SyncWindow,
} from './calendar-provider';
import {
  allDayRange,
  fallbackZone,
  hashEventId,
  isSameWindow,
  overlapsWindow,
  toBusyBlock,
  windowKey,
} from './busy-block';
import {
  createGoogleOAuthClient,
  exchangeGoogleCode,
  googleAuthorizeUrl,
  isInvalidGrant,
  type GoogleConfig,
  type GoogleCredential,
  type GoogleOAuthClient,
} from './google-oauth';
import {
  DEFAULT_RETRY_POLICY,
  isTransientNetworkError,
  verdictForStatus,
  withRetries,
  type RetryPolicy,
  type RetryVerdict,
} from './provider-retry';

/** Partial response: only what decides whether and when the user is busy. */
export const GOOGLE_EVENT_FIELDS =
  'nextPageToken,nextSyncToken,timeZone,items(id,status,summary,start,end,transparency,attendees(self,responseStatus))';
const PAGE_SIZE = 2500; // Google's maximum for events.list
const HAS_OFFSET = /(?:Z|[+-]\d{2}:\d{2})$/i;

export interface GoogleSyncState extends SyncState {
  readonly provider: 'google';
  readonly syncToken: string;
  /** The calendar's zone, for all-day events (incremental pages carry it too, but may be empty). */
  readonly timeZone: string;
}

type Event = calendar_v3.Schema$Event;

class SyncTokenGone extends Error {}

export class GoogleCalendarProvider implements CalendarProvider<GoogleCredential, GoogleSyncState> {
  readonly kind = 'google' as const;

  constructor(
    private readonly config: GoogleConfig,
    private readonly policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  ) {}

  /** URL to send the user to; keep `codeVerifier` (from createPkcePair) with `state` until the callback. */
  authorizeUrl(state: string, codeChallenge: string): string {
    return googleAuthorizeUrl(this.config, state, codeChallenge);
  }

  exchangeCode(code: string, codeVerifier: string): Promise<GoogleCredential> {
    return exchangeGoogleCode(this.config, code, codeVerifier, this.policy.timeoutMs);
  }

  async sync(
    credential: GoogleCredential,
    state: GoogleSyncState | null,
    window: SyncWindow,
  ): Promise<SyncResult<GoogleCredential, GoogleSyncState>> {
    const client = createGoogleOAuthClient(this.config, this.policy.timeoutMs);
    client.setCredentials({
      access_token: credential.accessToken,
      refresh_token: credential.refreshToken,
      expiry_date: credential.expiresAt,
    });
    await this.ensureFreshToken(client);
    const api = calendar({ version: 'v3', rootUrl: this.config.apiBase, auth: client });

    let result: Omit<SyncResult<GoogleCredential, GoogleSyncState>, 'credential'> | undefined;
    if (state && isSameWindow(state, window)) {
      try {
        result = await this.incremental(api, state, window);
      } catch (error) {
        if (!(error instanceof SyncTokenGone)) throw error;
      }
    }
    result ??= await this.full(api, window);

    const now = client.credentials;
    const refreshed = now.access_token && now.access_token !== credential.accessToken;
    return refreshed
      ? {
          ...result,
          credential: {
            accessToken: now.access_token!,
            refreshToken: now.refresh_token ?? credential.refreshToken,
            expiresAt: now.expiry_date ?? Date.now() + 3600_000,
          },
        }
      : result;
  }

  /** Revokes the refresh token (which also kills its access tokens) at Google's revoke endpoint. */
  async disconnect(credential: GoogleCredential): Promise<void> {
    const client = createGoogleOAuthClient(this.config, this.policy.timeoutMs);
    try {
      await client.revokeToken(credential.refreshToken);
    } catch (error) {
      // Already revoked or expired is what we wanted anyway.
      if ((error as { status?: number }).status !== 400) throw error;
    }
  }

  private async ensureFreshToken(client: GoogleOAuthClient): Promise<void> {
    try {
      // Refreshes only when the access token is (nearly) expired.
      await client.getAccessToken();
    } catch (error) {
      if (isInvalidGrant(error)) {
        throw new ProviderAuthError('google', 'Google refused the refresh token (revoked or expired)', {
          cause: error,
        });
      }
      // gaxios has already retried the token call with back-off; what is left is an outage.
      const status = statusOf(error);
      if ((status !== undefined && (status === 429 || status >= 500)) || isTransientNetworkError(error)) {
        throw new ProviderUnavailableError('google', 'Google token endpoint unavailable', { cause: error });
      }
      throw error;
    }
  }

  private async full(api: calendar_v3.Calendar, window: SyncWindow) {
    const upserts: BusyBlockInput[] = [];
    const { syncToken, timeZone } = await this.listPages(
      api,
      { timeMin: window.from.toISOString(), timeMax: window.to.toISOString() },
      (items, zone) => {
        for (const item of items) {
          const block = toBlock(item, zone, window);
          if (block) upserts.push(block);
        }
      },
    );
    return { full: true, upserts, deletes: [], nextState: nextState(window, syncToken, timeZone) };
  }

  private async incremental(api: calendar_v3.Calendar, state: GoogleSyncState, window: SyncWindow) {
    const changed = new Map<string, BusyBlockInput | null>();
    const { syncToken, timeZone } = await this.listPages(
      api,
      { syncToken: state.syncToken },
      (items, zone) => {
        for (const item of items) {
          if (!item.id) continue;
          // Cancelled, free, declined or moved out of the window: whatever we had for it goes.
          changed.set(hashEventId(item.id), toBlock(item, zone || state.timeZone, window));
        }
      },
    );
    const upserts = [...changed.values()].filter((b): b is BusyBlockInput => b !== null);
    const deletes = [...changed].filter(([, b]) => b === null).map(([hash]) => hash);
    return {
      full: false,
      upserts,
      deletes,
      nextState: nextState(window, syncToken, timeZone || state.timeZone),
    };
  }

  /** Follows nextPageToken to the end; returns the nextSyncToken from the last page. */
  private async listPages(
    api: calendar_v3.Calendar,
    query: { timeMin?: string; timeMax?: string; syncToken?: string },
    onPage: (items: Event[], timeZone: string) => void,
  ): Promise<{ syncToken: string; timeZone: string }> {
    let pageToken: string | undefined;
    let timeZone = '';
    for (;;) {
      const { data } = await withRetries(
        'google',
        this.policy,
        () =>
          api.events.list(
            {
              calendarId: 'primary',
              singleEvents: true,
              maxResults: PAGE_SIZE,
              fields: GOOGLE_EVENT_FIELDS,
              pageToken,
              ...query,
            },
            { timeout: this.policy.timeoutMs, retry: false },
          ),
        classifyGoogleError,
      ).catch((error: unknown) => {
        if (statusOf(error) === 410) throw new SyncTokenGone();
        if (isInvalidGrant(error))
          throw new ProviderAuthError('google', 'Google refused the credential', { cause: error });
        if (statusOf(error) === 401)
          throw new ProviderAuthError('google', 'Google rejected the access token', { cause: error });
        throw error;
      });
      timeZone ||= data.timeZone ?? '';
      onPage(data.items ?? [], timeZone);
      if (data.nextPageToken) {
        pageToken = data.nextPageToken;
        continue;
      }
      if (!data.nextSyncToken) throw new Error('Google returned neither nextPageToken nor nextSyncToken');
      return { syncToken: data.nextSyncToken, timeZone };
    }
  }
}

function nextState(window: SyncWindow, syncToken: string, timeZone: string): GoogleSyncState {
  return { provider: 'google', window: windowKey(window), syncToken, timeZone };
}

/** The block an event instance contributes, or null when it does not block time in the window. */
function toBlock(item: Event, calendarZone: string, window: SyncWindow): BusyBlockInput | null {
  if (!item.id || item.status === 'cancelled' || item.transparency === 'transparent') return null;
  if (item.attendees?.some((a) => a.self && a.responseStatus === 'declined')) return null;
  const range = instantRange(item, calendarZone || fallbackZone(window));
  if (!range || !overlapsWindow(range.start, range.end, window)) return null;
  return toBusyBlock(hashEventId(item.id), item.summary, range.start, range.end);
}

function instantRange(item: Event, calendarZone: string): { start: Date; end: Date } | null {
  const { start, end } = item;
  if (start?.date) return allDayRange(start.date, end?.date ?? null, start.timeZone || calendarZone);
  if (!start?.dateTime) return null;
  // RFC 3339 dateTime carries its offset (the common, fast path); only a value without one is read
  // as wall-clock time in its timeZone.
  const at = (dt: calendar_v3.Schema$EventDateTime) =>
    HAS_OFFSET.test(dt.dateTime!)
      ? new Date(dt.dateTime!)
      : DateTime.fromISO(dt.dateTime!, { zone: dt.timeZone || calendarZone }).toJSDate();
  const startAt = at(start);
  const endAt = end?.dateTime ? at(end) : startAt;
  return { start: startAt, end: endAt < startAt ? startAt : endAt };
}

function statusOf(error: unknown): number | undefined {
  const e = error as { status?: unknown; response?: { status?: unknown } };
  const status = e?.status ?? e?.response?.status;
  return typeof status === 'number' ? status : undefined;
}

function classifyGoogleError(error: unknown): RetryVerdict {
  const status = statusOf(error);
  if (status === undefined) {
    return isTransientNetworkError(error) ? { retry: true, reason: 'network' } : { retry: false };
  }
  const response = (error as { response?: { headers?: unknown; data?: unknown } }).response;
  const headers = response?.headers;
  const retryAfter =
    headers instanceof Headers
      ? headers.get('retry-after')
      : (headers as Record<string, string> | undefined)?.['retry-after'];
  // Google signals quota exhaustion as 403 rateLimitExceeded / userRateLimitExceeded.
  const reason = JSON.stringify(response?.data ?? '');
  if (status === 403 && /rateLimitExceeded/.test(reason))
    return { retry: true, reason: 'rate limited', retryAfterMs: undefined };
  return verdictForStatus(status, retryAfter);
}
