/**
 * Builds the desktop's Node-side services in order. Shared by the Electron composition root
 * (main/index.ts), the Chromium fallback (scripts/start.ts) and the e2e tests, so all three run the
 * same code behind the same IPC gate.
 */
import { ApiClient } from '../api/api.client';
import type { CacheDatabase } from '../cache/cache.database';
import type { DeskCache } from '../cache/desk-cache';
import { openDeskCacheWith } from '../cache/desk-cache';
import { CacheCipher } from '../cache/cache.cipher';
import { MetaStore } from '../cache/meta.store';
import { OutboxStore } from '../cache/outbox.store';
import { ScheduleCache } from '../cache/schedule.cache';
import { CalendarStatusService } from '../calendars/calendar-status.service';
import { readStaffNames } from '../calendars/staff-names';
import { CustomerDirectory } from '../customers/customer-directory';
import { CustomerService } from '../customers/customer.service';
import { IpcRegistry } from '../ipc/ipc-registry';
import { ScheduleService } from '../schedule/schedule.service';
import { ConnectivityMonitor } from '../session/connectivity.monitor';
import type { SessionAccount } from '../session/session.service';
import { ACCOUNT_META_KEY, SessionService } from '../session/session.service';

export interface DesktopServicesOptions {
  cacheFile: string;
  /**
   * The cache opened with its data key from the SecretStore (`openDeskCache`). Without it the cache is
   * opened under a key for this run only, so it starts empty every time.
   */
  deskCache?: DeskCache;
  apiBaseUrl: string | null;
  /** Which frame URLs are our own app (file:// bundle in Electron, the bridge origin otherwise). */
  isTrustedUrl: (url: string) => boolean;
  log?: (message: string, error: unknown) => void;
  /**
   * The signed-in user's access token for an API (e.g. `OAuthSignInClient.accessToken`), for the calls
   * main makes on the desk's behalf; without it those answer from the cache.
   */
  accessToken?: (apiBaseUrl: string) => Promise<string | null>;
}

export interface DesktopServices {
  db: CacheDatabase;
  cache: ScheduleCache;
  meta: MetaStore;
  outbox: OutboxStore;
  connectivity: ConnectivityMonitor;
  registry: IpcRegistry;
  close(): void;
}

export function createDesktopServices(options: DesktopServicesOptions): DesktopServices {
  const { db, cipher } = options.deskCache ?? openDeskCacheWith(options.cacheFile, CacheCipher.withRandomKey());
  const cache = new ScheduleCache(db, cipher);
  const customers = new CustomerService(db, cipher, cache.customers, new CustomerDirectory(cache.customers));
  const meta = new MetaStore(db);
  const outbox = new OutboxStore(db);
  const connectivity = new ConnectivityMonitor(options.apiBaseUrl);
  const schedule = new ScheduleService(cache);
  const session = new SessionService(meta, outbox, connectivity);
  const calendars = new CalendarStatusService(
    meta,
    {
      apiBaseUrl: () => meta.get<SessionAccount>(ACCOUNT_META_KEY)?.apiBaseUrl ?? options.apiBaseUrl,
      accessToken: options.accessToken ?? (async () => null),
    },
    (url) => new ApiClient(url),
    () => readStaffNames(db),
    options.log,
  );
  const registry = new IpcRegistry(options.isTrustedUrl, options.log)
    .handle('schedule:getDay', (args) => schedule.getDay(args))
    .handle('customers:search', (args) => customers.search(args))
    .handle('customers:get', (args) => customers.get(args))
    .handle('session:status', () => session.status())
    .handle('calendars:status', () => calendars.status());
  return {
    db,
    cache,
    meta,
    outbox,
    connectivity,
    registry,
    close: () => {
      connectivity.stop();
      db.close();
    },
  };
}
