/**
 * Builds the desktop's Node-side services in order. Shared by the Electron composition root
 * (main/index.ts), the Chromium fallback (scripts/start.ts) and the tests, so all three run the same
 * code behind the same IPC gate. The session decides which account's cache is open; every channel
 * answers from that one (with no account open: unavailable, or empty where the UI expects a list).
 */
import { parseDeskRegions } from '../session/regions';
import type { DeskRegion } from '../session/regions';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { ApiClient } from '../api/api.client';
import { SecretCredentialStore } from '../auth/credential-store';
import { CalendarConnectService } from '../calendars/calendar-connect.service';
import { Desk } from '../desk/desk';
import { registerDeskChannels } from '../desk/desk.channels';
import type { DeskText } from '../../core/i18n/desk-texts';
import { deskText } from '../../core/i18n/desk-texts';
import { sayDeskText } from '../i18n/desk-text';
import { DeskEventBus } from '../ipc/desk-event-bus';
import { IpcFailure, IpcRegistry } from '../ipc/ipc-registry';
import type { SecretChain } from '../secrets/secret-store';
import { DeskSession } from '../session/desk-session';
import { SettingsStore } from '../settings/settings.store';
import type { AccountServices } from './account-services';
import { deleteAccountCache, openAccountServices } from './account-services';

export interface DesktopServicesOptions {
  /** The per-user data directory; the desk keeps its files in `<dataDir>/desktop`. */
  dataDir: string;
  /** Where tokens and cache keys live (keychain -> safeStorage -> memory). */
  secrets: SecretChain;
  /** Which frame URLs are our own app (app://bookdesk/ in Electron, the bridge origin otherwise). */
  isTrustedUrl: (url: string) => boolean;
  /**
   * Shows the API's sign-in page: Electron's shell.openExternal. By default the renderer is asked to
   * open it in a new tab (the Chromium fallback, where its browser is the system browser).
   */
  openBrowser?: (url: string) => Promise<void>;
  /** The API the sign-in screen proposes (BOOKDESK_API_URL, the embedded demo API once started). */
  suggestedApiBaseUrl?: () => string | null;
  /** The regions the sign-in screen offers; default: the `BOOKDESK_REGIONS` list (main/session/regions.ts). */
  regions?: () => DeskRegion[];
  log?: (message: string, error: unknown) => void;
  fetchFn?: typeof fetch;
  /** The clock of token expiry and sync status (tests move it). */
  now?: () => Date;
}

export interface DesktopServices {
  session: DeskSession<AccountServices, Desk>;
  events: DeskEventBus;
  registry: IpcRegistry;
  credentials: SecretCredentialStore;
  secrets: SecretChain;
  /** The desk's preferences (language, overlay, location), kept in `<dataDir>/desktop/settings.json`. */
  settings: SettingsStore;
  /** Stops the desk and closes its cache; everything stays on disk. */
  close(): Promise<void>;
}

/** Every date a cache can hold (a sync pulls from 30 days back to 90 ahead), in any zone. */
function everyCachedDay(now: Date): { from: string; to: string } {
  const today = DateTime.fromJSDate(now, { zone: 'UTC' });
  return { from: today.minus({ days: 31 }).toISODate()!, to: today.plus({ days: 91 }).toISODate()! };
}

export function createDesktopServices(options: DesktopServicesOptions): DesktopServices {
  const { secrets, log, fetchFn, now } = options;
  const events = new DeskEventBus(log);
  const credentials = new SecretCredentialStore(secrets);
  const settings = new SettingsStore(join(options.dataDir, 'desktop', 'settings.json'), (kept) =>
    events.emit({ name: 'settings:changed', payload: kept }),
  );
  const session: DeskSession<AccountServices, Desk> = new DeskSession({
    desktopDir: join(options.dataDir, 'desktop'),
    credentials,
    credentialStorage: (api) => (api ? credentials.location(api) : secrets.status()),
    openBrowser:
      options.openBrowser ?? (async (url) => events.emit({ name: 'session:openBrowser', payload: { url } })),
    openCache: (file) =>
      openAccountServices(file, {
        secrets,
        api: {
          apiBaseUrl: () => session.current()?.account.apiBaseUrl ?? null,
          accessToken: () => session.accessToken(),
        },
        ...(fetchFn ? { fetchFn } : {}),
        ...(log ? { log } : {}),
        chosenLocationId: () => settings.get().locationId,
      }),
    deleteCache: (file) => deleteAccountCache(file, secrets),
    createDesk: (account, deps) =>
      new Desk({ ...deps, db: account.db, cache: account.cache, cipher: account.cipher }),
    emit: (event) => events.emit(event),
    suggestedApiBaseUrl: options.suggestedApiBaseUrl ?? (() => null),
    regions: options.regions ?? (() => parseDeskRegions(process.env.BOOKDESK_REGIONS)),
    ...(fetchFn ? { fetchFn } : {}),
    ...(now ? { now } : {}),
    ...(log ? { log } : {}),
  });

  const open = () => session.current()?.cache ?? null;
  const account = () => {
    const services = open();
    if (!services) throw new IpcFailure('unavailable', deskText('desk.signInToSee'));
    return services;
  };
  const calendarConnect = new CalendarConnectService(
    {
      apiBaseUrl: () => session.current()?.account.apiBaseUrl ?? null,
      accessToken: () => session.accessToken(),
    },
    (url) => new ApiClient(url, fetchFn),
  );
  const say = (text: DeskText) => sayDeskText(settings.get().language, text);
  const registry = new IpcRegistry(options.isTrustedUrl, log, undefined, say)
    .handle('session:status', () => session.status())
    .handle('session:signIn', ({ apiBaseUrl }) => session.signIn(apiBaseUrl))
    .handle('session:cancelSignIn', () => session.cancelSignIn())
    .handle('session:signOut', () => session.signOut())
    .handle('schedule:getDay', (args) => account().schedule.getDay(args))
    .handle('schedule:locations', () => open()?.schedule.locations() ?? { locations: [], currentId: null })
    .handle('customers:search', (args) => account().customers.search(args))
    .handle('customers:get', (args) => account().customers.get(args))
    .handle('calendars:status', () => open()?.calendars.status() ?? { connections: [] })
    .handle('calendars:connect', (args) => calendarConnect.connect(args))
    .handle('calendars:disconnect', (args) => calendarConnect.disconnect(args))
    .handle('customFields:list', () => open()?.customFields.list() ?? { fields: [] })
    .handle('settings:get', () => settings.get())
    .handle('settings:set', (change) => {
      const kept = settings.set(change);
      // Another location is another schedule: every window reads its days again.
      if (change.locationId !== undefined)
        events.emit({ name: 'schedule:changed', payload: everyCachedDay(now?.() ?? new Date()) });
      // Main's texts (the problems list) are said in the new language: windows read them again.
      const desk = session.current()?.desk;
      if (change.language !== undefined && desk) events.emit({ name: 'sync:status', payload: desk.status() });
      return kept;
    });
  registerDeskChannels(registry, () => session.current()?.desk ?? null, say);

  return { session, events, registry, credentials, secrets, settings, close: () => session.close() };
}
