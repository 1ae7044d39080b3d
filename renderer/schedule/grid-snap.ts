/**
 * The grid's time steps: a click, the keyboard cursor and a drop all land on the quarter hours of the
 * day's window, so a booking made from the grid starts at 16:00 or 16:15, never at 15:47.
 */
import type { DayWindow } from './day-layout';
import { SNAP_MINUTES } from './use-drag-move';

/** The step of `window` at or before `minute`, kept inside the window (its last step starts a step before its end). */
export function gridStepAt(window: DayWindow, minute: number): number {
  const step = window.start + Math.floor((minute - window.start) / SNAP_MINUTES) * SNAP_MINUTES;
  return Math.min(Math.max(step, window.start), window.end - SNAP_MINUTES);
}
