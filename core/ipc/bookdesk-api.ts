/**
 * Builds `window.bookdesk` over any transport. Imports the contract for types only, so the preload
 * and renderer bundles carry channel names, not zod schemas (validation happens in main).
 */
import type { BookdeskApi, ChannelName } from './contract';
import type { Result } from './result';

/** Every channel of the contract; the type below fails to compile when one is missing. */
export const CHANNEL_NAMES = [
  'calendars:status',
  'schedule:getDay',
  'session:status',
] as const satisfies readonly ChannelName[];

type Missing = Exclude<ChannelName, (typeof CHANNEL_NAMES)[number]>;
const everyChannelListed: [Missing] extends [never] ? true : Missing = true;
void everyChannelListed;

/** Sends one message on a channel; preload uses ipcRenderer.invoke, the Chromium fallback uses fetch. */
export type Invoke = (channel: ChannelName, args: unknown) => Promise<Result<unknown>>;

/** The namespaced API object: `bookdesk.<domain>.<verb>(args)` for every channel. */
export function buildBookdeskApi(invoke: Invoke): BookdeskApi {
  const api: Record<string, Record<string, (args: unknown) => Promise<Result<unknown>>>> = {};
  for (const name of CHANNEL_NAMES) {
    const [domain, verb] = name.split(':') as [string, string];
    api[domain] ??= {};
    api[domain][verb] = (args: unknown) => invoke(name, args);
  }
  for (const domain of Object.values(api)) Object.freeze(domain);
  return Object.freeze(api) as unknown as BookdeskApi; // built from the same channel list the type maps
}
