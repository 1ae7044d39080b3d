/**
 * Events main sends to the renderer (one way: the renderer never polls). Electron delivers them
 * through preload, the local bridge through a server-sent-events stream; both from this list.
 */
import { z } from 'zod';
import { IsoDate } from './schedule.ipc';
import { SyncProgress, SyncStatus } from './sync.ipc';

export const deskEvents = {
  /** Cached rows of these calendar dates (inclusive, business zone) changed: read them again. */
  'schedule:changed': z.object({ from: IsoDate, to: IsoDate }),
  'sync:status': SyncStatus,
  /** The first snapshot's progress, for the progress bar. */
  'sync:progress': SyncProgress,
} as const;

export type DeskEvents = typeof deskEvents;
export type DeskEventName = keyof DeskEvents;
export type DeskEventOf<E extends DeskEventName> = z.output<DeskEvents[E]>;
/** One event as it travels: its name and its payload. */
export type DeskEvent = { [E in DeskEventName]: { name: E; payload: DeskEventOf<E> } }[DeskEventName];

export const deskEventNames = Object.keys(deskEvents) as DeskEventName[];
export const isDeskEventName = (name: string): name is DeskEventName => Object.hasOwn(deskEvents, name);
