/**
 * Where the overlay goes: it remembers its position and size for each display it has been on, and
 * opens on the display it was last on (the primary one when that display is gone). Saved bounds are
 * pulled back inside the display's work area, so a resolution change or a smaller monitor never
 * leaves the overlay off-screen. Pure: main/electron/overlay.electron.ts feeds it `screen`'s displays.
 */

import { OVERLAY_DEFAULT_SIZE } from '../../core/ipc/settings-defaults';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The parts of Electron's `Display` the placement reads. */
export interface DisplayInfo {
  id: number;
  bounds: Rect;
  /** The display minus task bars and docks. */
  workArea: Rect;
}

/** What is kept between runs. */
export interface OverlayPlacement {
  /** Per display key: the overlay's bounds there and the display's bounds when they were saved. */
  byDisplay: Record<string, { bounds: Rect; display: Rect }>;
  /** The display the overlay was last on. */
  lastDisplay: string | null;
}

export const EMPTY_PLACEMENT: OverlayPlacement = { byDisplay: {}, lastDisplay: null };

export const OVERLAY_MIN_SIZE = { width: 240, height: 160 } as const;
/** Gap to the work area's edge when placed by default (top-right corner). */
const MARGIN = 16;

export const displayKey = (display: Pick<DisplayInfo, 'id'>) => String(display.id);

const sameRect = (a: Rect, b: Rect) =>
  a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;

/** The saved entry of a display: by id, else (ids can change across sessions on some systems) by geometry. */
function savedFor(placement: OverlayPlacement, display: DisplayInfo): Rect | null {
  const byId = placement.byDisplay[displayKey(display)];
  if (byId) return byId.bounds;
  const byGeometry = Object.values(placement.byDisplay).find((entry) =>
    sameRect(entry.display, display.bounds),
  );
  return byGeometry?.bounds ?? null;
}

/** `rect` moved and shrunk as little as needed to lie inside `area`, never below the minimum size. */
export function fitInside(rect: Rect, area: Rect): Rect {
  const width = Math.min(Math.max(Math.round(rect.width), OVERLAY_MIN_SIZE.width), area.width);
  const height = Math.min(Math.max(Math.round(rect.height), OVERLAY_MIN_SIZE.height), area.height);
  const clamp = (value: number, min: number, max: number) => Math.min(Math.max(Math.round(value), min), max);
  return {
    x: clamp(rect.x, area.x, area.x + area.width - width),
    y: clamp(rect.y, area.y, area.y + area.height - height),
    width,
    height,
  };
}

/** The default place on a display: the top-right corner of its work area. */
export function defaultOverlayBounds(display: DisplayInfo): Rect {
  const area = display.workArea;
  return fitInside(
    {
      x: area.x + area.width - OVERLAY_DEFAULT_SIZE.width - MARGIN,
      y: area.y + MARGIN,
      ...OVERLAY_DEFAULT_SIZE,
    },
    area,
  );
}

/**
 * The bounds to open the overlay with: on the display it was last on if still connected (else the
 * primary display), at the bounds remembered for that display (else its default place).
 */
export function overlayBoundsFor(
  placement: OverlayPlacement,
  displays: readonly DisplayInfo[],
  primary: DisplayInfo,
): { bounds: Rect; display: DisplayInfo } {
  const last = placement.lastDisplay;
  const display = displays.find((d) => displayKey(d) === last) ?? primary;
  const saved = savedFor(placement, display);
  return { display, bounds: saved ? fitInside(saved, display.workArea) : defaultOverlayBounds(display) };
}

const overlap = (a: Rect, b: Rect) =>
  Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)) *
  Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));

/** The display showing most of `rect`; when none shows any of it, the one whose centre is nearest. */
export function displayMatching(rect: Rect, displays: readonly DisplayInfo[]): DisplayInfo | null {
  let best: DisplayInfo | null = null;
  let bestScore = -Infinity;
  const cx = rect.x + rect.width / 2;
  const cy = rect.y + rect.height / 2;
  for (const display of displays) {
    const area = overlap(rect, display.bounds);
    const b = display.bounds;
    const distance = Math.hypot(b.x + b.width / 2 - cx, b.y + b.height / 2 - cy);
    const score = area > 0 ? area : -distance;
    if (score > bestScore) {
      best = display;
      bestScore = score;
    }
  }
  return best;
}

/** The placement after the overlay was moved or resized to `bounds`: remembered for its display. */
export function rememberOverlayBounds(
  placement: OverlayPlacement,
  displays: readonly DisplayInfo[],
  bounds: Rect,
): OverlayPlacement {
  const display = displayMatching(bounds, displays);
  if (!display) return placement;
  const key = displayKey(display);
  return {
    byDisplay: { ...placement.byDisplay, [key]: { bounds: { ...bounds }, display: { ...display.bounds } } },
    lastDisplay: key,
  };
}
