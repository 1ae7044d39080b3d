/**
 * CalDAV / iCloud adapter (tsdav + ical.js). Basic auth with an app-specific password; discovers
 * principal -> calendar home -> VEVENT calendars; per calendar syncs with sync-collection (RFC 6578)
 * when the server supports it, else by ctag and per-object etags within a time-range query.
 * Every HTTP request goes through one fetch wrapper: timeout, bounded retries, 401 -> auth error.
 */
import { DAVClient, type DAVCalendar } from 'tsdav';
import {
  ProviderAuthError,
  ProviderUnavailableError,
  type BusyBlockInput,
  type CalendarProvider,
  type SyncResult,
  type SyncState,
  type SyncWindow,
} from './calendar-provider';
import { fallbackZone, isSameWindow, windowKey } from './busy-block';
import { busyBlocksFromICalendar, type ICalSource } from './ical-busy-blocks';
import {
  DEFAULT_RETRY_POLICY,
  isTransientNetworkError,
  verdictForStatus,
  withRetries,
  type RetryPolicy,
} from './provider-retry';
import { AddressPins } from './caldav-address';
import type { CalDavNetwork } from './caldav-address';
import { calendarZoneOf, davHref, hasSyncCollection, listEtags, readSyncCollection } from './caldav-requests';
import { pinnedFetch } from './pinned-fetch';

/** What the user entered to connect (the caller stores it encrypted). */
export interface CalDavCredential {
  serverUrl: string;
  username: string;
  /** App-specific password (iCloud) or the account password of a self-hosted server. */
  password: string;
  /**
   * The address `serverUrl`'s host resolved to when the connection was made (checked then): every
   * sync connects there instead of resolving the name again (./caldav-address.ts).
   */
  pinnedAddress?: string;
}

/** Per object: its etag and the block hashes it produced, so a change or removal can delete them. */
interface ObjectState {
  etag: string;
  hashes: string[];
}

interface CalendarState {
  syncToken?: string;
  ctag?: string;
  objects: Record<string, ObjectState>;
}

/** CalDAV cursor: per calendar URL its sync token/ctag and the objects seen. */
export interface CalDavSyncState extends SyncState {
  readonly provider: 'caldav';
  readonly calendars: Record<string, CalendarState>;
}

/** Thrown by the fetch wrapper for a retryable status so `withRetries` sees it. */
class RetryableStatus extends Error {
  constructor(
    readonly status: number,
    readonly retryAfter: string | null,
  ) {
    super(`HTTP ${status}`);
  }
}

export class CalDavProvider implements CalendarProvider<CalDavCredential, CalDavSyncState> {
  readonly kind = 'caldav' as const;

  constructor(
    private readonly policy: RetryPolicy = DEFAULT_RETRY_POLICY,
    /** Which addresses a sync may reach (default: public ones only). */
    private readonly network: CalDavNetwork = { allowInternal: false },
  ) {}

  async sync(
    credential: CalDavCredential,
    state: CalDavSyncState | null,
    window: SyncWindow,
  ): Promise<SyncResult<CalDavCredential, CalDavSyncState>> {
    const pins = new AddressPins(
      this.network,
      credential.pinnedAddress
        ? { hostname: new URL(credential.serverUrl).hostname, address: credential.pinnedAddress }
        : undefined,
    );
    const fetch = this.guardedFetch(pinnedFetch(pins));
    const client = new DAVClient({
      serverUrl: credential.serverUrl,
      credentials: { username: credential.username, password: credential.password },
      authMethod: 'Basic',
      defaultAccountType: 'caldav',
      fetch,
    });
    await client.login();
    const calendars = (await client.fetchCalendars()).filter(
      (c) => !c.components?.length || c.components.includes('VEVENT'),
    );
    const userAddresses = new Set(
      (
        (await client.fetchCalendarUserAddresses({ account: client.account! }).catch(unlessProviderError)) ??
        []
      ).map((a) => a.toLowerCase()),
    );

    const full = !isSameWindow(state, window);
    const previous = full ? {} : state!.calendars;
    const next: Record<string, CalendarState> = {};
    const upserts: BusyBlockInput[] = [];
    const deletes: string[] = [];

    for (const calendar of calendars) {
      const source: ICalSource = {
        calendarUrl: calendar.url,
        zone: calendarZoneOf(calendar) ?? fallbackZone(window),
        userAddresses,
      };
      const result = await this.syncCalendar(client, calendar, previous[calendar.url], source, window);
      next[calendar.url] = result.state;
      upserts.push(...result.upserts);
      deletes.push(...result.deletes);
    }
    // A calendar that disappeared (deleted, unshared) takes its blocks with it.
    for (const [url, gone] of Object.entries(previous)) {
      if (!next[url]) for (const o of Object.values(gone.objects)) deletes.push(...o.hashes);
    }

    return {
      full,
      upserts,
      deletes: full ? [] : [...new Set(deletes)],
      nextState: { provider: 'caldav', window: windowKey(window), calendars: next },
    };
  }

  /** Nothing to revoke at a CalDAV server: the caller deletes the stored app-specific password. */
  async disconnect(_credential: CalDavCredential): Promise<void> {}

  private async syncCalendar(
    client: DAVClient,
    calendar: DAVCalendar,
    prev: CalendarState | undefined,
    source: ICalSource,
    window: SyncWindow,
  ): Promise<{ state: CalendarState; upserts: BusyBlockInput[]; deletes: string[] }> {
    const unchanged =
      prev &&
      ((prev.syncToken && prev.syncToken === calendar.syncToken) ||
        (prev.ctag && prev.ctag === calendar.ctag));
    if (unchanged)
      return {
        state: { ...prev, syncToken: calendar.syncToken, ctag: calendar.ctag },
        upserts: [],
        deletes: [],
      };

    const objects: Record<string, ObjectState> = { ...(prev?.objects ?? {}) };
    let changed: string[];
    let removed: string[];
    const incremental =
      prev?.syncToken && hasSyncCollection(calendar)
        ? await readSyncCollection(client, calendar, prev.syncToken).catch(unlessProviderError) // refused token: list etags
        : null;
    if (incremental) {
      ({ changed, removed } = incremental);
    } else {
      const etags = await listEtags(client, calendar, window);
      changed = Object.keys(etags).filter((href) => objects[href]?.etag !== etags[href]);
      removed = Object.keys(objects).filter((href) => !(href in etags));
    }

    const deletes: string[] = [];
    for (const href of removed) {
      deletes.push(...(objects[href]?.hashes ?? []));
      delete objects[href];
    }
    const upserts: BusyBlockInput[] = [];
    if (changed.length) {
      const fetched = await client.fetchCalendarObjects({ calendar, objectUrls: changed });
      for (const object of fetched) {
        const href = davHref(object.url, calendar.url);
        let blocks: BusyBlockInput[];
        try {
          blocks =
            typeof object.data === 'string' ? busyBlocksFromICalendar(object.data, source, window) : [];
        } catch {
          // A malformed object keeps its previous blocks and etag, so it is read again next time.
          continue;
        }
        const hashes = blocks.map((b) => b.eventIdHash);
        const kept = new Set(hashes);
        deletes.push(...(objects[href]?.hashes ?? []).filter((h) => !kept.has(h)));
        objects[href] = { etag: object.etag ?? '', hashes };
        upserts.push(...blocks);
      }
    }
    return { state: { syncToken: calendar.syncToken, ctag: calendar.ctag, objects }, upserts, deletes };
  }

  /** fetch with a timeout per request, bounded retries on 5xx/429/network errors, 401 -> auth error. */
  private guardedFetch(transport: typeof globalThis.fetch): typeof globalThis.fetch {
    const policy = this.policy;
    return (input, init) =>
      withRetries(
        'caldav',
        policy,
        async () => {
          const response = await transport(input, {
            ...init,
            signal: AbortSignal.timeout(policy.timeoutMs),
          });
          // Only 401: a 403 is also how servers refuse an expired sync token (RFC 6578 valid-sync-token).
          if (response.status === 401) {
            throw new ProviderAuthError(
              'caldav',
              `CalDAV server refused the credentials (HTTP ${response.status})`,
            );
          }
          if (verdictForStatus(response.status).retry) {
            throw new RetryableStatus(response.status, response.headers.get('retry-after'));
          }
          return response;
        },
        (error) =>
          error instanceof RetryableStatus
            ? verdictForStatus(error.status, error.retryAfter)
            : isTransientNetworkError(error)
              ? { retry: true, reason: String((error as Error).name) }
              : { retry: false },
      );
  }
}

/** Optional requests may fail (unsupported, refused token) but not hide an auth failure or an outage. */
function unlessProviderError(error: unknown): null {
  if (error instanceof ProviderAuthError || error instanceof ProviderUnavailableError) throw error;
  return null;
}
