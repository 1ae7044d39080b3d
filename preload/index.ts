/**
 * Exposes `window.bookdesk` (built from core's IPC contract) to the sandboxed renderer. Never exposes
 * ipcRenderer itself: the renderer can only call the contract's channels.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { buildBookdeskApi } from '../core/ipc/bookdesk-api';
import type { Result } from '../core/ipc/result';

const bookdesk = buildBookdeskApi(
  (channel, args) => ipcRenderer.invoke(channel, args) as Promise<Result<unknown>>,
);

contextBridge.exposeInMainWorld('bookdesk', bookdesk);

/** The renderer's view of the preload object (renderer/global.d.ts derives the same type from core). */
export type BookdeskPreload = typeof bookdesk;
