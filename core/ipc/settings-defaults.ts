/**
 * The desk's settings before any are kept. Apart from settings.ipc.ts so the renderer can read them
 * without bundling zod (the renderer imports the contract for types only).
 */
import type { DeskSettings } from './settings.ipc';

export const DEFAULT_SETTINGS: DeskSettings = {
  language: 'en',
  overlay: { nextCount: 2, showQueue: true },
  locationId: null,
};

/**
 * The overlay window's first size, in Electron and as the browser's popup: at its 16 px type about six
 * staff (name, now, one or two next) and the queue line, on a 1366×768 screen with a task bar, no line
 * wrapped (tests/e2e/overlay-size.test.ts). Resized by the receptionist, it is kept per display.
 */
export const OVERLAY_DEFAULT_SIZE = { width: 400, height: 700 } as const;
