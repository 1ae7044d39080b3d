/**
 * The `settings` domain: this desk's own preferences (the interface language, what the overlay shows),
 * kept by main on this computer so every window (day view, overlay) reads the same, across restarts.
 */
import { z } from 'zod';
import { Uuid } from '../domain/schemas';
import { channel } from './channel';

export const LANGUAGES = ['en', 'fa'] as const;
export const Language = z.enum(LANGUAGES);
export type Language = z.infer<typeof Language>;

export const OverlaySettings = z.object({
  /** How many appointments after the current one each staff row lists. */
  nextCount: z.number().int().min(0).max(3),
  /** The walk-in queue's length and the next estimated wait at the foot. */
  showQueue: z.boolean(),
});
export type OverlaySettings = z.infer<typeof OverlaySettings>;

export const DeskSettings = z.object({
  language: Language,
  overlay: OverlaySettings,
  /**
   * The location this desk works at, of a business with several (`schedule:locations`); null: the
   * first location that has staff. An id the open account does not have is read as null.
   */
  locationId: Uuid.nullable().default(null),
});
export type DeskSettings = z.infer<typeof DeskSettings>;

export const settingsIpc = {
  'settings:get': channel(z.object({}).strict(), DeskSettings),
  /** Changes some settings; answers all of them as now kept (and main sends `settings:changed`). */
  'settings:set': channel(
    z.strictObject({
      language: Language.optional(),
      overlay: OverlaySettings.partial().strict().optional(),
      locationId: Uuid.nullable().optional(),
    }),
    DeskSettings,
  ),
} as const;
