/**
 * The overlay's settings kept between runs in `<dataDir>/overlay.json`: where it sat on each display
 * and whether clicks pass through it. A missing or damaged file means the defaults, never a failed
 * start; writes go through a temporary file and a rename so a crash never leaves half a file.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { OverlayPlacement } from './overlay-bounds';
import { EMPTY_PLACEMENT } from './overlay-bounds';

const Rect = z.object({
  x: z.number().finite(),
  y: z.number().finite(),
  width: z.number().finite().positive(),
  height: z.number().finite().positive(),
});

const OverlaySettings = z.object({
  placement: z.object({
    byDisplay: z.record(z.string(), z.object({ bounds: Rect, display: Rect })),
    lastDisplay: z.string().nullable(),
  }),
  /** Clicks go to the window underneath (the overlay only shows). */
  clickThrough: z.boolean(),
});
export type OverlaySettings = z.infer<typeof OverlaySettings>;

export const DEFAULT_OVERLAY_SETTINGS: OverlaySettings = { placement: EMPTY_PLACEMENT, clickThrough: false };

export class OverlaySettingsFile {
  constructor(private readonly file: string) {}

  read(): OverlaySettings {
    try {
      const parsed = OverlaySettings.safeParse(JSON.parse(readFileSync(this.file, 'utf8')));
      return parsed.success ? parsed.data : DEFAULT_OVERLAY_SETTINGS;
    } catch {
      return DEFAULT_OVERLAY_SETTINGS;
    }
  }

  write(settings: OverlaySettings): void {
    mkdirSync(dirname(this.file), { recursive: true });
    const temporary = `${this.file}.tmp`;
    writeFileSync(temporary, JSON.stringify(OverlaySettings.parse(settings)), { mode: 0o600 });
    renameSync(temporary, this.file);
  }

  update(change: (settings: OverlaySettings) => OverlaySettings): OverlaySettings {
    const next = change(this.read());
    this.write(next);
    return next;
  }

  /** Convenience for the placement alone. */
  updatePlacement(change: (placement: OverlayPlacement) => OverlayPlacement): OverlaySettings {
    return this.update((settings) => ({ ...settings, placement: change(settings.placement) }));
  }
}
