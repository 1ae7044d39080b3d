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
