/** Pure layout of one day's grid: which minutes it spans and where each block sits. */
import type { DaySchedule } from '../../core/ipc/schedule.ipc';
import type { WallRange } from '../../core/domain/schemas';
import { minutesIn, wallMinutes, weekdayOf } from '../lib/time';

export interface DayWindow {
  /** First and last minute of the grid (whole hours). */
  start: number;
  end: number;
}

export interface OffBlock {
  start: number;
  end: number;
  /** A gap between two shifts is a break; before the first or after the last, the staff is off. */
  kind: 'break' | 'off';
}

const toMinutes = (ranges: WallRange[] | undefined) =>
  (ranges ?? []).map(([a, b]) => [wallMinutes(a), wallMinutes(b)] as [number, number]);

export function staffHours(day: DaySchedule, staffId: string): [number, number][] {
  const member = day.staff.find((s) => s.id === staffId);
  return toMinutes(member?.weeklyHours[weekdayOf(day.date)]).sort((a, b) => a[0] - b[0]);
}

export function dayWindow(day: DaySchedule): DayWindow {
  const zone = day.location.timeZone;
  const starts: number[] = [];
  const ends: number[] = [];
  const ranges = [
    ...toMinutes(day.location.openingHours[weekdayOf(day.date)]),
    ...day.staff.flatMap((s) => staffHours(day, s.id)),
  ];
  for (const [a, b] of ranges) {
    starts.push(a);
    ends.push(b);
  }
  for (const b of day.bookings) {
    starts.push(minutesIn(zone, b.start));
    ends.push(Math.max(minutesIn(zone, b.end), minutesIn(zone, b.start) + 15));
  }
  if (starts.length === 0) return { start: 9 * 60, end: 17 * 60 };
  return {
    start: Math.floor(Math.min(...starts) / 60) * 60,
    end: Math.min(24 * 60, Math.ceil(Math.max(...ends) / 60) * 60),
  };
}

/** The parts of the window a staff member does not work, to shade them. */
export function offBlocks(window: DayWindow, hours: [number, number][]): OffBlock[] {
  if (hours.length === 0) return [{ start: window.start, end: window.end, kind: 'off' }];
  const blocks: OffBlock[] = [];
  let cursor = window.start;
  hours.forEach(([a, b], i) => {
    if (a > cursor) blocks.push({ start: cursor, end: a, kind: i === 0 ? 'off' : 'break' });
    cursor = Math.max(cursor, b);
  });
  if (cursor < window.end) blocks.push({ start: cursor, end: window.end, kind: 'off' });
  return blocks;
}
