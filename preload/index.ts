/**
 * Exposes `window.bookdesk` (built from core's IPC contract) to the sandboxed renderer. Never exposes
 * ipcRenderer itself: the renderer can only call the contract's channels and listen to main's events
 * through `bookdesk.events.on`, which hands its handler the payload and nothing of Electron's event.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { buildBookdeskApi, DESK_EVENT_CHANNEL } from '../core/ipc/bookdesk-api';
import type { DeskEvent } from '../core/ipc/desk-events';
import { earlyEvents } from '../core/ipc/early-events';
import type { Result } from '../core/ipc/result';

// Heard from the page's first moment; what arrives before the page listens is handed to its first
// listeners (core/ipc/early-events.ts), so a change made while it loads is not lost.
const events = earlyEvents((run) => setTimeout(run, 0));
ipcRenderer.on(DESK_EVENT_CHANNEL, (_event, deskEvent: DeskEvent) => events.deliver(deskEvent));

const bookdesk = buildBookdeskApi(
  (channel, args) => ipcRenderer.invoke(channel, args) as Promise<Result<unknown>>,
  events.subscribe,
);

contextBridge.exposeInMainWorld('bookdesk', bookdesk);

/** The renderer's view of the preload object (renderer/global.d.ts derives the same type from core). */
export type BookdeskPreload = typeof bookdesk;
