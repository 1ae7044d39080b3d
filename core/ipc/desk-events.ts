/**
 * Events main sends to the renderer (one way: the renderer never polls). Electron delivers them
 * through preload, the local bridge through a server-sent-events stream; both from this list.
 */
import { z } from 'zod';
import { IsoDate } from './schedule.ipc';
import { SessionStatus } from './session.ipc';
import { DeskSettings } from './settings.ipc';
import { SyncProgress, SyncStatus } from './sync.ipc';

export const deskEvents = {
  /** Cached rows of these calendar dates (inclusive, business zone) changed: read them again. */
  'schedule:changed': z.object({ from: IsoDate, to: IsoDate }),
  'sync:status': SyncStatus,
  /** The first snapshot's progress, for the progress bar. */
  'sync:progress': SyncProgress,
  /** Signed in or out, online or offline, a sign-in started or ended: the session as it now stands. */
  'session:status': SessionStatus,
  /**
   * Open the API's sign-in page in a new tab. Only the Chromium fallback sends it: there the browser the
   * UI runs in is the system browser; Electron opens the page itself (shell.openExternal).
   */
  'session:openBrowser': z.object({ url: z.url({ protocol: /^https?$/ }) }),
  /** The desk's settings as now kept (a language switched in one window reaches the overlay too). */
  'settings:changed': DeskSettings,
} as const;

export type DeskEvents = typeof deskEvents;
export type DeskEventName = keyof DeskEvents;
export type DeskEventOf<E extends DeskEventName> = z.output<DeskEvents[E]>;
/** One event as it travels: its name and its payload. */
export type DeskEvent = { [E in DeskEventName]: { name: E; payload: DeskEventOf<E> } }[DeskEventName];

export const deskEventNames = Object.keys(deskEvents) as DeskEventName[];
export const isDeskEventName = (name: string): name is DeskEventName => Object.hasOwn(deskEvents, name);

/** The renderer's subscription to main's events: `bookdesk.events.on(name, handler)` -> unsubscribe. */
export interface DeskEventsApi {
  on<E extends DeskEventName>(name: E, handler: (payload: DeskEventOf<E>) => void): () => void;
}
