/**
 * The renderer's only door to the rest of the app: `window.bookdesk`, typed from core's IPC contract
 * (the same source preload/index.ts builds the object from).
 */
import type { BookdeskApi } from '../core/ipc/contract';

declare global {
  interface Window {
    bookdesk: BookdeskApi;
  }
}

export {};
