/**
 * The one list of IPC channels. preload builds `window.bookdesk` from it, main validates every message
 * against it, and the local bridge serves the same channels over HTTP.
 */
import type { z } from 'zod';
import type { DeskEventsApi } from './desk-events';
import type { Result } from './result';
import { bookingsIpc } from './bookings.ipc';
import { calendarsIpc } from './calendars.ipc';
import { customFieldsIpc } from './custom-fields.ipc';
import { customersIpc } from './customers.ipc';
import { scheduleIpc } from './schedule.ipc';
import { sessionIpc } from './session.ipc';
import { settingsIpc } from './settings.ipc';
import { syncIpc } from './sync.ipc';
import { walkInsIpc } from './walk-ins.ipc';

const domains = [
  bookingsIpc,
  calendarsIpc,
  customFieldsIpc,
  customersIpc,
  scheduleIpc,
  sessionIpc,
  settingsIpc,
  syncIpc,
  walkInsIpc,
];
// One definition of each channel: a name defined in two domain files fails at load, not silently.
const defined = new Set<string>();
for (const name of domains.flatMap((domain) => Object.keys(domain))) {
  if (defined.has(name)) throw new Error(`IPC channel ${name} is defined twice`);
  defined.add(name);
}

export const contract = {
  ...bookingsIpc,
  ...calendarsIpc,
  ...customFieldsIpc,
  ...customersIpc,
  ...scheduleIpc,
  ...sessionIpc,
  ...settingsIpc,
  ...syncIpc,
  ...walkInsIpc,
} as const;

export type Contract = typeof contract;
export type ChannelName = keyof Contract;
/** What a caller passes on a channel (before parsing). */
export type ArgsOf<C extends ChannelName> = z.input<Contract[C]['args']>;
/** What a handler receives on a channel (after parsing). */
export type ParsedArgsOf<C extends ChannelName> = z.output<Contract[C]['args']>;
export type ValueOf<C extends ChannelName> = z.output<Contract[C]['result']>;

export const channelNames = Object.keys(contract) as ChannelName[];

export const isChannelName = (name: string): name is ChannelName => Object.hasOwn(contract, name);

type DomainOf<C> = C extends `${infer D}:${string}` ? D : never;

/**
 * The object the renderer sees as `window.bookdesk`: `bookdesk.<domain>.<verb>(args)`, derived from
 * the contract so a new channel appears in preload, bridge client and renderer types at once.
 */
export type BookdeskApi = {
  readonly [D in DomainOf<ChannelName>]: {
    readonly [C in ChannelName as C extends `${D}:${infer V}` ? V : never]: (
      args: ArgsOf<C>,
    ) => Promise<Result<ValueOf<C>>>;
  };
} & {
  /** main -> renderer events (core/ipc/desk-events.ts). */
  readonly events: DeskEventsApi;
};
