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
  /** False for the first render, before the grid was laid out: the size is a guess. */
  measured: boolean;
}

export function useGridViewport(ref: RefObject<HTMLElement | null>): GridViewport {
  const [viewport, setViewport] = useState<GridViewport>({
    left: 0,
    top: 0,
    width: 1200,
    height: 800,
    measured: false,
  });
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    let frame = 0;
    const measure = () => {
      frame = 0;
      // In right-to-left pages scrollLeft runs negative from the start edge.
      setViewport({
        left: Math.abs(element.scrollLeft),
        top: element.scrollTop,
        width: element.clientWidth,
        height: element.clientHeight,
        measured: true,
      });
    };
    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(measure);
    };
    measure();
    element.addEventListener('scroll', schedule, { passive: true });
    const observer = new ResizeObserver(schedule);
    observer.observe(element);
    return () => {
      element.removeEventListener('scroll', schedule);
      observer.disconnect();
      if (frame) cancelAnimationFrame(frame);
    };
  }, [ref]);
  return viewport;
}
