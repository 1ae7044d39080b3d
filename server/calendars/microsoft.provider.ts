/**
 * Microsoft 365 / Outlook adapter: MSAL Node for tokens (see microsoft-auth.ts) and Microsoft Graph
 * through axios. Sync is `GET /me/calendarView/delta?startDateTime&endDateTime`, following
 * `@odata.nextLink` until `@odata.deltaLink`, which is the cursor for the next round; `@removed`
 * items delete their blocks. Graph does not support $select/$filter on calendarView delta, so nothing
 * narrower can be requested; the Calendars.ReadBasic scope keeps bodies out, and only id, subject,
 * start, end, isAllDay, isCancelled, showAs, type and responseStatus.response are read here.
 * `Prefer: outlook.timezone="UTC"` makes Graph return times in UTC.
 */
import type { AxiosInstance } from 'axios';
import { DateTime } from 'luxon';
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
  isIanaZone,
  isSameWindow,
  overlapsWindow,
  toBusyBlock,
  windowKey,
} from './busy-block';
import {
  MICROSOFT_SCOPES,
  classifyMsalError,
  createHttp,
  createMsalClient,
  toProviderAuthError,
  type MicrosoftConfig,
  type MicrosoftCredential,
} from './microsoft-auth';
import {
  DEFAULT_RETRY_POLICY,
  isTransientNetworkError,
  verdictForStatus,
  withRetries,
  type RetryPolicy,
} from './provider-retry';

const PAGE_SIZE = 200;

export interface MicrosoftSyncState extends SyncState {
  readonly provider: 'microsoft';
  /** The `@odata.deltaLink` of the last completed round (it encodes the window). */
  readonly deltaLink: string;
}

/** The part of a Graph event this adapter reads. */
interface GraphEvent {
  id: string;
  '@removed'?: { reason: string };
  subject?: string | null;
  start?: { dateTime: string; timeZone: string };
  end?: { dateTime: string; timeZone: string };
  isAllDay?: boolean;
  isCancelled?: boolean;
  showAs?: string;
  type?: string;
  responseStatus?: { response?: string };
}

interface DeltaPage {
  value?: GraphEvent[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

class GraphStatus extends Error {
  constructor(
    readonly status: number,
    readonly retryAfter: string | undefined,
  ) {
    super(`Graph answered HTTP ${status}`);
  }
}

export class MicrosoftCalendarProvider implements CalendarProvider<MicrosoftCredential, MicrosoftSyncState> {
  readonly kind = 'microsoft' as const;
  private readonly http: AxiosInstance;

  constructor(
    private readonly config: MicrosoftConfig,
    private readonly policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  ) {
    this.http = createHttp(config, policy.timeoutMs);
  }

  /** URL to send the user to; keep `codeVerifier` with `state` until the callback. */
  async authorizeUrl(state: string, codeChallenge: string): Promise<string> {
    const msal = await createMsalClient(this.config, this.http);
    return msal.getAuthCodeUrl({
      scopes: MICROSOFT_SCOPES,
      redirectUri: this.config.redirectUri,
      state,
      codeChallenge,
      codeChallengeMethod: 'S256',
      prompt: 'select_account',
    });
  }

  async exchangeCode(code: string, codeVerifier: string): Promise<MicrosoftCredential> {
    const msal = await createMsalClient(this.config, this.http);
    try {
      const result = await msal.acquireTokenByCode({
        code,
        codeVerifier,
        scopes: MICROSOFT_SCOPES,
        redirectUri: this.config.redirectUri,
      });
      if (!result.account) throw new ProviderAuthError('microsoft', 'Microsoft returned no account');
      return { tokenCache: msal.getTokenCache().serialize(), homeAccountId: result.account.homeAccountId };
    } catch (error) {
      throw toProviderAuthError(error);
    }
  }

  async sync(
    credential: MicrosoftCredential,
    state: MicrosoftSyncState | null,
    window: SyncWindow,
  ): Promise<SyncResult<MicrosoftCredential, MicrosoftSyncState>> {
    const msal = await createMsalClient(this.config, this.http, credential.tokenCache);
    const account = await msal.getTokenCache().getAccountByHomeId(credential.homeAccountId);
    if (!account) throw new ProviderAuthError('microsoft', 'no Microsoft account in the stored token cache');
    let accessToken: string | undefined;
    /** Cached access token, or a refreshed one; `force` after Graph said 401 to a token MSAL still trusted. */
    const token = async (force: boolean) => {
      if (accessToken && !force) return accessToken;
      try {
        const result = await withRetries(
          'microsoft',
          this.policy,
          () => msal.acquireTokenSilent({ account, scopes: MICROSOFT_SCOPES, forceRefresh: force }),
          classifyMsalError,
        );
        accessToken = result.accessToken;
        return accessToken;
      } catch (error) {
        throw toProviderAuthError(error);
      }
    };
    await token(false);

    let round: { changed: Map<string, BusyBlockInput | null>; deltaLink: string } | null = null;
    const incremental = !!state && isSameWindow(state, window);
    if (incremental) round = await this.readDelta(state.deltaLink, token, window, true);
    const full = !round;
    round ??= (await this.readDelta(this.initialUrl(window), token, window, false))!;

    const blocks = [...round.changed.values()].filter((b): b is BusyBlockInput => b !== null);
    const deletes = full ? [] : [...round.changed].filter(([, b]) => b === null).map(([hash]) => hash);
    const tokenCache = msal.getTokenCache().serialize();
    return {
      full,
      upserts: blocks,
      deletes,
      nextState: { provider: 'microsoft', window: windowKey(window), deltaLink: round.deltaLink },
      ...(tokenCache !== credential.tokenCache ? { credential: { ...credential, tokenCache } } : {}),
    };
  }

  /**
   * Microsoft has no per-app refresh-token revocation short of signing the user out everywhere, so
   * disconnecting forgets the account: the caller then deletes the (now empty) credential.
   */
  async disconnect(credential: MicrosoftCredential): Promise<void> {
    const msal = await createMsalClient(this.config, this.http, credential.tokenCache);
    const cache = msal.getTokenCache();
    const account = await cache.getAccountByHomeId(credential.homeAccountId);
    if (account) await cache.removeAccount(account);
  }

  private initialUrl(window: SyncWindow): string {
    const query = new URLSearchParams({
      startDateTime: window.from.toISOString(),
      endDateTime: window.to.toISOString(),
    });
    return `${this.config.graphBase.replace(/\/$/, '')}/me/calendarView/delta?${query}`;
  }

  /** One delta round; null when Graph says the delta token expired (410), so a full round is due. */
  private async readDelta(
    url: string,
    token: (force: boolean) => Promise<string>,
    window: SyncWindow,
    resumable: boolean,
  ): Promise<{ changed: Map<string, BusyBlockInput | null>; deltaLink: string } | null> {
    const changed = new Map<string, BusyBlockInput | null>();
    let refreshed = false;
    for (let next = url; ;) {
      let page: DeltaPage;
      try {
        page = await this.getPage(next, await token(false));
      } catch (error) {
        if (error instanceof GraphStatus && error.status === 410 && resumable) return null;
        if (error instanceof GraphStatus && error.status === 401 && !refreshed) {
          refreshed = true;
          await token(true);
          continue;
        }
        if (error instanceof GraphStatus && error.status === 401) {
          throw new ProviderAuthError('microsoft', 'Graph rejected the access token', { cause: error });
        }
        throw error;
      }
      for (const item of page.value ?? []) {
        if (item.id) changed.set(hashEventId(item.id), item['@removed'] ? null : toBlock(item, window));
      }
      if (page['@odata.nextLink']) next = page['@odata.nextLink'];
      else if (page['@odata.deltaLink']) return { changed, deltaLink: page['@odata.deltaLink'] };
      else throw new ProviderUnavailableError('microsoft', 'Graph delta page without nextLink or deltaLink');
    }
  }

  private getPage(url: string, accessToken: string): Promise<DeltaPage> {
    return withRetries(
      'microsoft',
      this.policy,
      async () => {
        const r = await this.http.get<DeltaPage>(url, {
          headers: {
            authorization: `Bearer ${accessToken}`,
            prefer: `odata.maxpagesize=${PAGE_SIZE}, outlook.timezone="UTC"`,
          },
        });
        if (r.status === 200) return r.data;
        const retryAfter = r.headers['retry-after'];
        throw new GraphStatus(r.status, typeof retryAfter === 'string' ? retryAfter : undefined);
      },
      (error) =>
        error instanceof GraphStatus
          ? verdictForStatus(error.status, error.retryAfter)
          : isTransientNetworkError(error)
            ? { retry: true, reason: 'network' }
            : { retry: false },
    );
  }
}

/** The block an event occurrence contributes, or null when it does not block time in the window. */
function toBlock(item: GraphEvent, window: SyncWindow): BusyBlockInput | null {
  if (item.isCancelled || item.showAs === 'free' || item.type === 'seriesMaster') return null;
  if (item.responseStatus?.response === 'declined' || !item.start || !item.end) return null;
  const { start, end } = item.isAllDay
    ? // All-day events are dates: block the whole local day where the user is.
      allDayRange(item.start.dateTime.slice(0, 10), item.end.dateTime.slice(0, 10), fallbackZone(window))
    : { start: graphInstant(item.start), end: graphInstant(item.end) };
  if (!overlapsWindow(start, end, window)) return null;
  return toBusyBlock(hashEventId(item.id), item.subject, start, end);
}

/** A Graph dateTimeTimeZone; we ask for UTC, an IANA zone is honoured, anything else read as UTC. */
function graphInstant(value: { dateTime: string; timeZone: string }): Date {
  const zone = isIanaZone(value.timeZone) ? value.timeZone : 'UTC';
  return DateTime.fromISO(value.dateTime, { zone }).toJSDate();
}
