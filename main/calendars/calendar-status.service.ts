/**
 * Answers `calendars:status`: the staff's connected calendars as the API last reported them
 * (`GET /v1/calendar-connections`, read with the session's access token). The list is kept in the
 * cache's meta table, so offline or signed out the desk still shows which calendar needed reconnecting;
 * with nothing known it is empty. Never throws: a failed read falls back to the last known list.
 */
import type { CalendarConnectionStatus, CalendarsStatus } from '../../core/ipc/calendars.ipc';
import type { ApiClient } from '../api/api.client';
import type { MetaStore } from '../cache/meta.store';

/** One item of `GET /v1/calendar-connections` (server/calendars/calendar-connection.schemas.ts). */
interface ApiConnection {
  id: string;
  provider: CalendarConnectionStatus['provider'];
  staffId: string;
  status: CalendarConnectionStatus['status'];
  lastSyncedAt: string | null;
}

/** The last list read from the API, per API (another API's connections mean nothing here). */
interface KnownConnections {
  apiBaseUrl: string;
  items: ApiConnection[];
}

export const CALENDARS_META_KEY = 'calendars.connections';

/** Where the API is and the signed-in user's token for it (null when not signed in). */
export interface CalendarSession {
  apiBaseUrl(): string | null;
  accessToken(apiBaseUrl: string): Promise<string | null>;
}

export class CalendarStatusService {
  constructor(
    private readonly meta: Pick<MetaStore, 'get' | 'set'>,
    private readonly session: CalendarSession,
    private readonly apiFor: (baseUrl: string) => Pick<ApiClient, 'call'>,
    /** Staff names by id from the local cache, so the banner names the person the schedule shows. */
    private readonly staffNames: () => ReadonlyMap<string, string>,
    private readonly log: (message: string, error: unknown) => void = () => {},
  ) {}

  async status(): Promise<CalendarsStatus> {
    const apiBaseUrl = this.session.apiBaseUrl();
    const known = this.meta.get<KnownConnections>(CALENDARS_META_KEY);
    let items = known && known.apiBaseUrl === apiBaseUrl ? known.items : [];
    if (apiBaseUrl) {
      const fresh = await this.readFromApi(apiBaseUrl);
      if (fresh) {
        items = fresh;
        this.meta.set(CALENDARS_META_KEY, { apiBaseUrl, items } satisfies KnownConnections);
      }
    }
    const names = this.staffNames();
    return {
      connections: items.map(({ id, provider, staffId, status, lastSyncedAt }) => {
        const staffName = names.get(staffId);
        return { id, provider, staffId, status, lastSyncedAt, ...(staffName ? { staffName } : {}) };
      }),
    };
  }

  /** The API's list, or null when it cannot be read now (offline, signed out, token refused). */
  private async readFromApi(apiBaseUrl: string): Promise<ApiConnection[] | null> {
    try {
      const token = await this.session.accessToken(apiBaseUrl);
      if (!token) return null;
      const result = await this.apiFor(apiBaseUrl).call<{ items: ApiConnection[] }>(
        'GET',
        '/v1/calendar-connections',
        token,
      );
      return result.ok ? result.value.items : null;
    } catch (error) {
      // A keychain or token-refresh failure must not hide the last known state from the desk.
      this.log('Could not read the calendar connections', error);
      return null;
    }
  }
}
