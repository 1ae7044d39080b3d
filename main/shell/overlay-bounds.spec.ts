import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DisplayInfo, OverlayPlacement } from './overlay-bounds';
import {
  defaultOverlayBounds,
  displayMatching,
  EMPTY_PLACEMENT,
  fitInside,
  overlayBoundsFor,
  rememberOverlayBounds,
} from './overlay-bounds';
import { DEFAULT_OVERLAY_SETTINGS, OverlaySettingsFile } from './overlay-settings.store';

/** A 1920×1080 laptop screen with a 40 px task bar, and a 2560×1440 monitor to its right. */
const laptop: DisplayInfo = {
  id: 1,
  bounds: { x: 0, y: 0, width: 1920, height: 1080 },
  workArea: { x: 0, y: 0, width: 1920, height: 1040 },
};
const monitor: DisplayInfo = {
  id: 2,
  bounds: { x: 1920, y: 0, width: 2560, height: 1440 },
  workArea: { x: 1920, y: 0, width: 2560, height: 1400 },
};

describe(overlayBoundsFor.name, () => {
  it('opens at the top-right corner of the primary display the first time', () => {
    const sut = overlayBoundsFor(EMPTY_PLACEMENT, [laptop, monitor], laptop);
    expect(sut.display).toBe(laptop);
    expect(sut.bounds).toEqual({ x: 1920 - 400 - 16, y: 16, width: 400, height: 700 });
  });

  it('opens whole on a 1366×768 screen with a task bar, tall enough for about six staff', () => {
    const small: DisplayInfo = {
      id: 4,
      bounds: { x: 0, y: 0, width: 1366, height: 768 },
      workArea: { x: 0, y: 0, width: 1366, height: 728 },
    };
    const sut = overlayBoundsFor(EMPTY_PLACEMENT, [small], small).bounds;
    // Six staff cards (three with two next bookings, three with one) and the queue line need about 680 px
    // at 16 px type, 400 px wide (tests/e2e/overlay-size.test.ts draws them).
    expect(sut).toEqual({ x: 1366 - 400 - 16, y: 16, width: 400, height: 700 });
    expect(sut.y + sut.height).toBeLessThanOrEqual(728);
  });

  it('remembers position and size per display and reopens on the display it was last on', () => {
    let placement: OverlayPlacement = EMPTY_PLACEMENT;
    placement = rememberOverlayBounds(placement, [laptop, monitor], {
      x: 100,
      y: 200,
      width: 300,
      height: 400,
    });
    placement = rememberOverlayBounds(placement, [laptop, monitor], {
      x: 3000,
      y: 50,
      width: 500,
      height: 700,
    });
    expect(overlayBoundsFor(placement, [laptop, monitor], laptop).bounds).toEqual({
      x: 3000,
      y: 50,
      width: 500,
      height: 700,
    });
    // Back on the laptop: its own bounds, not the monitor's.
    placement = rememberOverlayBounds(placement, [laptop, monitor], {
      x: 120,
      y: 220,
      width: 300,
      height: 400,
    });
    const sut = overlayBoundsFor(placement, [laptop, monitor], laptop);
    expect(sut.display).toBe(laptop);
    expect(sut.bounds).toEqual({ x: 120, y: 220, width: 300, height: 400 });
    expect(placement.byDisplay['2']!.bounds).toEqual({ x: 3000, y: 50, width: 500, height: 700 });
  });

  it('falls back to the primary display, at its own remembered place, when the last one is unplugged', () => {
    let placement = rememberOverlayBounds(EMPTY_PLACEMENT, [laptop, monitor], {
      x: 100,
      y: 100,
      width: 300,
      height: 300,
    });
    placement = rememberOverlayBounds(placement, [laptop, monitor], {
      x: 4000,
      y: 900,
      width: 400,
      height: 400,
    });
    const sut = overlayBoundsFor(placement, [laptop], laptop);
    expect(sut.display).toBe(laptop);
    expect(sut.bounds).toEqual({ x: 100, y: 100, width: 300, height: 300 });
  });

  it('recognises a display whose id changed by its geometry', () => {
    const placement = rememberOverlayBounds(EMPTY_PLACEMENT, [monitor], {
      x: 2000,
      y: 10,
      width: 300,
      height: 300,
    });
    const renumbered: DisplayInfo = { ...monitor, id: 77 };
    const sut = overlayBoundsFor({ ...placement, lastDisplay: '77' }, [laptop, renumbered], laptop);
    expect(sut.display).toBe(renumbered);
    expect(sut.bounds).toEqual({ x: 2000, y: 10, width: 300, height: 300 });
  });

  it('pulls saved bounds back on screen after the resolution shrank', () => {
    const placement = rememberOverlayBounds(EMPTY_PLACEMENT, [laptop], {
      x: 1700,
      y: 900,
      width: 340,
      height: 480,
    });
    const smaller: DisplayInfo = {
      id: 1,
      bounds: { x: 0, y: 0, width: 1280, height: 720 },
      workArea: { x: 0, y: 0, width: 1280, height: 680 },
    };
    expect(overlayBoundsFor(placement, [smaller], smaller).bounds).toEqual({
      x: 1280 - 340,
      y: 680 - 480,
      width: 340,
      height: 480,
    });
  });
});

describe(fitInside.name, () => {
  const area = { x: 0, y: 40, width: 800, height: 560 };

  it('keeps the overlay inside the work area and within its minimum size', () => {
    expect(fitInside({ x: -50, y: 0, width: 100, height: 100 }, area)).toEqual({
      x: 0,
      y: 40,
      width: 240,
      height: 160,
    });
    expect(fitInside({ x: 700, y: 500, width: 2000, height: 2000 }, area)).toEqual({
      x: 0,
      y: 40,
      width: 800,
      height: 560,
    });
  });
});

describe(displayMatching.name, () => {
  it('picks the display showing most of the window, or the nearest one', () => {
    expect(displayMatching({ x: 1800, y: 0, width: 300, height: 300 }, [laptop, monitor])).toBe(monitor);
    expect(displayMatching({ x: 1700, y: 0, width: 300, height: 300 }, [laptop, monitor])).toBe(laptop);
    expect(displayMatching({ x: -5000, y: 0, width: 300, height: 300 }, [laptop, monitor])).toBe(laptop);
    expect(displayMatching({ x: 0, y: 0, width: 1, height: 1 }, [])).toBeNull();
  });
});

describe(defaultOverlayBounds.name, () => {
  it('fits a tiny display', () => {
    const tiny: DisplayInfo = {
      id: 3,
      bounds: { x: 0, y: 0, width: 300, height: 200 },
      workArea: { x: 0, y: 0, width: 300, height: 200 },
    };
    expect(defaultOverlayBounds(tiny)).toEqual({ x: 0, y: 0, width: 300, height: 200 });
  });
});

describe(OverlaySettingsFile.name, () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'bookdesk-overlay-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the placement and click-through across runs', () => {
    const file = join(dir, 'overlay.json');
    const placement = rememberOverlayBounds(EMPTY_PLACEMENT, [laptop], {
      x: 1,
      y: 2,
      width: 300,
      height: 400,
    });
    new OverlaySettingsFile(file).write({ placement, clickThrough: true });
    expect(new OverlaySettingsFile(file).read()).toEqual({ placement, clickThrough: true });
  });

  it('starts from the defaults when the file is missing or damaged', () => {
    const file = join(dir, 'overlay.json');
    const sut = new OverlaySettingsFile(file);
    expect(sut.read()).toEqual(DEFAULT_OVERLAY_SETTINGS);
    writeFileSync(file, '{"placement": 3');
    expect(sut.read()).toEqual(DEFAULT_OVERLAY_SETTINGS);
    writeFileSync(
      file,
      JSON.stringify({ placement: { byDisplay: { 1: { bounds: { x: 'a' } } } }, clickThrough: 1 }),
    );
    expect(sut.read()).toEqual(DEFAULT_OVERLAY_SETTINGS);
  });

  it('updates one setting and keeps the others', () => {
    const sut = new OverlaySettingsFile(join(dir, 'nested', 'overlay.json'));
    sut.update((s) => ({ ...s, clickThrough: true }));
    const next = sut.updatePlacement((p) =>
      rememberOverlayBounds(p, [laptop], { x: 5, y: 5, width: 300, height: 300 }),
    );
    expect(next.clickThrough).toBe(true);
    expect(sut.read().placement.lastDisplay).toBe('1');
  });
});
