/**
 * Expansion of weekly wall-clock hours (`{ mon: [["09:00","12:00"],["13:00","17:00"]] }`) into UTC
 * intervals for a date range in an IANA zone, and the working time of one staff member at a location.
 */
import { WEEKDAYS, type WeeklyHours } from '../domain/schemas';
import {
  clipIntervals,
  intersectIntervals,
  mergeSortedIntervals,
  normalizeIntervals,
  subtractIntervals,
  type Interval,
} from './interval';
import { ZoneCalendar } from './zone-calendar';

/**
 * Weekly hours as minute-of-day intervals, one normalised list per weekday (index 0 = mon).
 * `"24:00"` is minute 1440, the following midnight.
 */
export type WeeklyMinutes = readonly (readonly Interval[])[];

/** `"HH:MM"` to minutes since midnight; throws on anything else. */
export function parseWallTime(text: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(text);
  const minutes = match ? Number(match[1]) * 60 + Number(match[2]) : NaN;
  if (!match || Number(match[2]) > 59 || minutes > 1440) throw new RangeError(`not a wall time: ${text}`);
  return minutes;
}

/** Converts {@link WeeklyHours} to normalised minute intervals per weekday. */
export function toWeeklyMinutes(hours: WeeklyHours): Interval[][] {
  return WEEKDAYS.map((day) =>
    normalizeIntervals(
      (hours[day] ?? []).map(([s, e]) => ({ start: parseWallTime(s), end: parseWallTime(e) })),
    ),
  );
}

/**
 * UTC intervals of weekly minute ranges over the calendar's range `[from, to)`, normalised.
 * Each range `[s, e)` of a local day becomes `[startInstant(s), endInstant(e))` (see README.md): on a
 * 23-hour day the missing hour simply is not there; on a 25-hour day a range keeps every repeated
 * minute it names, in real time, so "22:00–23:59" on a night whose 23:00 repeats lasts three hours.
 */
export function expandWeeklyMinutes(calendar: ZoneCalendar, weekly: WeeklyMinutes): Interval[] {
  const out: Interval[] = [];
  for (const day of calendar.days) {
    for (const range of weekly[day.weekdayIndex] ?? []) {
      const start = calendar.startInstant(day, range.start);
      const end = calendar.endInstant(day, range.end);
      if (end > start) out.push({ start, end });
    }
  }
  // Starts ascend (days ascend, startInstant is monotone); the merge joins "…–24:00" with "00:00–…"
  // and ranges that the repeated hour makes overlap.
  return clipIntervals(mergeSortedIntervals(out), calendar.from, calendar.to);
}

/** UTC intervals of `hours` in `timeZone` over `[from, to)` (epoch ms), normalised. */
export function expandWeeklyHours(
  hours: WeeklyHours,
  timeZone: string,
  from: number,
  to: number,
): Interval[] {
  return expandWeeklyMinutes(ZoneCalendar.of(timeZone, from, to), toWeeklyMinutes(hours));
}

/** What decides when one staff member works. */
export interface WorkingSchedule {
  /** IANA zone of the location, e.g. `America/New_York`. */
  timeZone: string;
  /** The location's opening hours. */
  openingHours: WeeklyHours;
  /** The staff member's own weekly hours. */
  staffHours: WeeklyHours;
  /** Recurring breaks (e.g. lunch), as weekly wall-clock ranges. */
  weeklyBreaks?: WeeklyHours;
  /** Absences (holidays, sick leave) as UTC intervals, epoch ms. */
  timeOff?: readonly Interval[];
}

/**
 * Working time over `[from, to)`: opening hours ∩ staff hours, minus breaks and time off,
 * as normalised UTC intervals (epoch ms).
 */
export function workingIntervals(schedule: WorkingSchedule, from: number, to: number): Interval[] {
  const calendar = ZoneCalendar.of(schedule.timeZone, from, to);
  return workingIntervalsIn(calendar, expandWeeklyMinutes(calendar, toWeeklyMinutes(schedule.openingHours)), {
    hours: toWeeklyMinutes(schedule.staffHours),
    breaks: schedule.weeklyBreaks ? toWeeklyMinutes(schedule.weeklyBreaks) : undefined,
    timeOff: schedule.timeOff,
  });
}

/** One staff member's own rules, weekly ones already in minutes. */
export interface StaffWeek {
  hours: WeeklyMinutes;
  breaks?: WeeklyMinutes;
  timeOff?: readonly Interval[];
}

/**
 * {@link workingIntervals} for an already built calendar and already expanded opening hours.
 * Each weekly rule is expanded on its own and they are combined as instants, not as minutes of the
 * day: on a 25-hour day a break "23:00–23:30" ends in the second pass while the hours around it
 * end and start by the same rule, so combining minutes first would lose the break.
 */
export function workingIntervalsIn(
  calendar: ZoneCalendar,
  opening: readonly Interval[],
  staff: StaffWeek,
): Interval[] {
  let working = intersectIntervals(opening, expandWeeklyMinutes(calendar, staff.hours));
  if (staff.breaks) working = subtractIntervals(working, expandWeeklyMinutes(calendar, staff.breaks));
  if (staff.timeOff && staff.timeOff.length > 0) {
    working = subtractIntervals(working, normalizeIntervals(staff.timeOff));
  }
  return working;
}
