/**
 * Builds `window.bookdesk` over any transport. Imports the contract for types only, so the preload
 * and renderer bundles carry channel names, not zod schemas (validation happens in main).
 */
import type { BookdeskApi, ChannelName } from './contract';
import type { DeskEvent, DeskEventsApi } from './desk-events';
import type { Result } from './result';

/** Every channel of the contract; the type below fails to compile when one is missing. */
export const CHANNEL_NAMES = [
  'availability:slots',
  'bookings:cancel',
  'bookings:create',
  'bookings:setStatus',
  'bookings:update',
  'calendars:connect',
  'calendars:disconnect',
  'calendars:status',
  'customFields:list',
  'customers:create',
  'customers:get',
  'customers:search',
  'customers:update',
  'schedule:getDay',
  'schedule:getRange',
  'schedule:locations',
  'session:cancelSignIn',
  'session:signIn',
  'session:signOut',
  'session:status',
  'settings:get',
  'settings:set',
  'sync:dismissProblem',
  'sync:problems',
  'sync:retryNow',
  'sync:status',
  'walkIns:action',
  'walkIns:create',
  'walkIns:startable',
] as const satisfies readonly ChannelName[];

type Missing = Exclude<ChannelName, (typeof CHANNEL_NAMES)[number]>;
const everyChannelListed: [Missing] extends [never] ? true : Missing = true;
void everyChannelListed;

/** Sends one message on a channel; preload uses ipcRenderer.invoke, the Chromium fallback uses fetch. */
export type Invoke = (channel: ChannelName, args: unknown) => Promise<Result<unknown>>;

/**
 * Listens to every event main sends until the returned function is called; preload listens on
 * {@link DESK_EVENT_CHANNEL}, the Chromium fallback reads the bridge's event stream.
 */
export type Subscribe = (listener: (event: DeskEvent) => void) => () => void;

/** The one Electron IPC channel main's events travel on (webContents.send -> ipcRenderer.on). */
export const DESK_EVENT_CHANNEL = 'bookdesk:event';

/**
 * The namespaced API object: `bookdesk.<domain>.<verb>(args)` for every channel, and
 * `bookdesk.events.on(name, handler)` for main's events.
 */
export function buildBookdeskApi(invoke: Invoke, subscribe: Subscribe): BookdeskApi {
  const api: Record<string, Record<string, unknown>> = {};
  for (const name of CHANNEL_NAMES) {
    const [domain, verb] = name.split(':') as [string, string];
    api[domain] ??= {};
    api[domain][verb] = (args: unknown) => invoke(name, args);
  }
  const events: DeskEventsApi = {
    on: (name, handler) =>
      subscribe((event) => {
        // Narrowed by name: the payload is the one deskEvents declares for it.
        if (event.name === name) handler(event.payload as Parameters<typeof handler>[0]);
      }),
  };
  api.events = events as unknown as Record<string, unknown>; // `events` is no channel domain
  for (const domain of Object.values(api)) Object.freeze(domain);
  return Object.freeze(api) as unknown as BookdeskApi; // built from the same channel list the type maps
}
