/**
 * Which part of the day grid is on screen, so only those staff columns and bookings are drawn
 * (40 staff x 30 bookings stays smooth). Follows scrolling and resizing, one update per frame.
 */
import type { RefObject } from 'react';
import { useEffect, useState } from 'react';

export interface GridViewport {
  left: number;
  top: number;
  width: number;
  height: number;
  /** False until the grid has been on screen: its size is a guess, and nothing off screen is drawn. */
  measured: boolean;
}

interface Size {
  width: number;
  height: number;
}

/** Where the grid's last size is kept, with the window's size it had (Electron keeps it across launches). */
const SIZE_KEY = 'bookdesk.day-grid-size';

/**
 * The grid's size before it is laid out: the size it last had in a window of this size, else the
 * window's (the grid is never larger, so nothing on screen is missing; a little more is drawn).
 */
function sizeGuess(): Size {
  const windowSize = { width: window.innerWidth, height: window.innerHeight };
  try {
    const kept = JSON.parse(localStorage.getItem(SIZE_KEY) ?? 'null') as { window: Size; grid: Size } | null;
    if (kept?.window.width === windowSize.width && kept.window.height === windowSize.height) return kept.grid;
  } catch {
    // Nothing usable kept: the window's size.
  }
  return windowSize;
}

/** The size last written, so scrolling (which measures every frame) writes nothing. */
let remembered: string | null = null;

function rememberSize(grid: Size): void {
  const kept = JSON.stringify({ window: { width: window.innerWidth, height: window.innerHeight }, grid });
  if (kept === remembered) return;
  remembered = kept;
  try {
    localStorage.setItem(SIZE_KEY, kept);
  } catch {
    // Storage full or refused: the next first render guesses the window's size.
  }
}

/**
 * `scrollTo` is where the grid opens for the day `day` (near "now" on today), or null to keep the
 * scroll as it is. The first render draws what the grid scrolled there shows, at the size it guesses
 * (`sizeGuess`). The grid is scrolled in the first frame, before that frame lays it out, so opening
 * the day lays it out once; it is measured in the next.
 */
export function useGridViewport(
  ref: RefObject<HTMLElement | null>,
  scrollTo: number | null,
  day: string,
): GridViewport {
  const [viewport, setViewport] = useState<GridViewport>(() => ({
    left: 0,
    top: scrollTo ?? 0,
    ...sizeGuess(),
    measured: false,
  }));
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    let frame = 0;
    const measure = () => {
      frame = 0;
      const size = { width: element.clientWidth, height: element.clientHeight };
      rememberSize(size);
      // In right-to-left pages scrollLeft runs negative from the start edge.
      setViewport({ left: Math.abs(element.scrollLeft), top: element.scrollTop, ...size, measured: true });
    };
    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(measure);
    };
    element.addEventListener('scroll', schedule, { passive: true });
    // Its first report comes with the first frame.
    const observer = new ResizeObserver(schedule);
    observer.observe(element);
    return () => {
      element.removeEventListener('scroll', schedule);
      observer.disconnect();
      if (frame) cancelAnimationFrame(frame);
    };
  }, [ref]);
  useEffect(() => {
    // Once per day shown; the scroll event this raises measures the grid again.
    const frame = requestAnimationFrame(() => {
      if (scrollTo !== null && ref.current) ref.current.scrollTop = scrollTo;
    });
    return () => cancelAnimationFrame(frame);
  }, [day]);
  return viewport;
}
