/**
 * An oracle for slot starts in any IANA zone that shares no code with core/time: it reads the wall
 * clock of every minute with Intl.DateTimeFormat (not luxon) and applies the rule of core/time/README.md by its
 * words, instead of mapping wall times to instants:
 * - a range `[a, b)` of local day D starts at the first minute whose wall time is at or after D a,
 *   and ends after the last minute whose wall time is before D b (so a repeated end time ends at its
 *   second occurrence, and a start or end in a gap moves to the minute the gap ends);
 * - a slot may start at a minute whose wall time is a multiple of the step and has not been shown
 *   before (a repeated wall time is offered once), when every minute of the service is inside the
 *   opening hours and the staff hours and outside the breaks.
 */
import type { WeeklyHours } from '../../core/domain/schemas';

export const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/** Wall-clock readings of one zone, straight from Intl. */
export class WallClock {
  private readonly format: Intl.DateTimeFormat;

  constructor(readonly zone: string) {
    this.format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
    });
  }

  /** The wall time shown at minute `t` as local milliseconds (the wall time read as if UTC). */
  at(t: number): number {
    // format() and a fixed pattern: a third of formatToParts' cost, and the walk reads ~10^6 minutes.
    const text = this.format.format(t);
    const parts = /^(\d{1,2})\/(\d{1,2})\/(\d{4}), (\d{2}):(\d{2})$/.exec(text);
    if (!parts) throw new Error(`unexpected Intl output for ${this.zone}: ${text}`);
    const [, month, day, year, hour, minute] = parts.map(Number) as number[];
    return Date.UTC(year!, month! - 1, day!, hour!, minute!);
  }

  /** The UTC offset at minute `t`, in minutes. */
  offsetAt(t: number): number {
    return (this.at(t) - t) / MINUTE_MS;
  }
}

/** An offset change: from `at` (epoch ms, a whole minute) the zone is `after` minutes off UTC. */
export interface OffsetChange {
  zone: string;
  at: number;
  before: number;
  after: number;
}

/**
 * The offset changes of a zone in `[from, to)`, found by reading the offset at every UTC midnight
 * and bisecting each change to the minute (no zone changes its offset twice within a day).
 */
export function offsetChanges(clock: WallClock, from: number, to: number): OffsetChange[] {
  const changes: OffsetChange[] = [];
  let previous = clock.offsetAt(from);
  for (let day = from + DAY_MS; day <= to; day += DAY_MS) {
    const offset = clock.offsetAt(day);
    if (offset === previous) continue;
    let lo = day - DAY_MS;
    let hi = day;
    while (hi - lo > MINUTE_MS) {
      const mid = lo + Math.floor((hi - lo) / 2 / MINUTE_MS) * MINUTE_MS;
      if (clock.offsetAt(mid) === previous) lo = mid;
      else hi = mid;
    }
    if (hi < to) changes.push({ zone: clock.zone, at: hi, before: previous, after: offset });
    previous = offset;
  }
  return changes;
}

/** A local calendar date as `YYYY-MM-DD`; its local midnight read as UTC is `Date.parse(date)`. */
export type LocalDate = string;

const dateOf = (localMs: number): LocalDate => new Date(localMs).toISOString().slice(0, 10);
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** What a location and one staff member follow, and the service they offer. */
export interface SlotRules {
  openingHours: WeeklyHours;
  staffHours: WeeklyHours;
  weeklyBreaks?: WeeklyHours;
  durationMinutes: number;
  stepMinutes: number;
}

/**
 * The minutes of some local days in one zone, read one by one: enough before the first day and
 * after the last for every range of the days around them and every service that starts on them.
 */
export class MinuteWalk {
  /** `walls[i]` is the wall time shown at `first + i` minutes. */
  private readonly walls: number[] = [];
  private readonly first: number;
  /** The instants at which the first day and the day after the last begin (first wall time at/after midnight). */
  readonly from: number;
  readonly to: number;

  constructor(
    clock: WallClock,
    readonly firstDate: LocalDate,
    readonly lastDate: LocalDate,
    /** Longest service to be checked; the walk reaches that far past the last day. */
    reachMinutes: number,
  ) {
    // The days begin and end somewhere between the offsets read a day before and a day after them;
    // three hours more on each side hold a repeated hour and a neighbouring day's range reaching in.
    const offsets = [
      clock.offsetAt(Date.parse(firstDate) - DAY_MS),
      clock.offsetAt(Date.parse(lastDate) + 2 * DAY_MS),
    ];
    const margin = 3 * 3_600_000;
    this.first = Date.parse(firstDate) - Math.max(...offsets) * MINUTE_MS - margin;
    const last =
      Date.parse(lastDate) + DAY_MS - Math.min(...offsets) * MINUTE_MS + margin + reachMinutes * MINUTE_MS;
    for (let t = this.first; t <= last; t += MINUTE_MS) this.walls.push(clock.at(t));
    this.from = this.instant(this.firstAtOrAfter(Date.parse(firstDate)));
    this.to = this.instant(this.firstAtOrAfter(Date.parse(lastDate) + DAY_MS));
  }

  /** Slot starts in `[from, to)` under `rules`, ascending. */
  slotStarts(rules: SlotRules): number[] {
    const open = this.inRanges(rules.openingHours);
    const staff = this.inRanges(rules.staffHours);
    const rest = rules.weeklyBreaks ? this.inRanges(rules.weeklyBreaks) : new Uint8Array(this.walls.length);
    const works = (i: number) => open[i] === 1 && staff[i] === 1 && rest[i] === 0;
    const starts: number[] = [];
    const shown = new Set<number>();
    for (let i = 0; i < this.walls.length; i++) {
      const wall = this.walls[i]!;
      const firstShowing = !shown.has(wall);
      shown.add(wall);
      const t = this.instant(i);
      if (t < this.from || t >= this.to || !firstShowing) continue;
      if ((wall / MINUTE_MS) % rules.stepMinutes !== 0) continue;
      let fits = i + rules.durationMinutes <= this.walls.length;
      for (let k = i; fits && k < i + rules.durationMinutes; k++) fits = works(k);
      if (fits) starts.push(t);
    }
    return starts;
  }

  /** 1 for each walked minute inside one of the weekly ranges of some day, read by the rule. */
  private inRanges(hours: WeeklyHours): Uint8Array {
    const inside = new Uint8Array(this.walls.length);
    const firstDay = Date.parse(this.firstDate) - 2 * DAY_MS;
    const lastDay = Date.parse(this.lastDate) + 2 * DAY_MS;
    for (let midnight = firstDay; midnight <= lastDay; midnight += DAY_MS) {
      const weekday = WEEKDAYS[new Date(midnight).getUTCDay()]!;
      for (const [a, b] of hours[weekday] ?? []) {
        const start = this.firstAtOrAfter(midnight + minutesOf(a) * MINUTE_MS);
        const end = this.lastBefore(midnight + minutesOf(b) * MINUTE_MS) + 1;
        for (let i = start; i < end; i++) inside[i] = 1;
      }
    }
    return inside;
  }

  /** Index of the first minute whose wall time is at or after `localMs` (length when none). */
  private firstAtOrAfter(localMs: number): number {
    const i = this.walls.findIndex((wall) => wall >= localMs);
    return i === -1 ? this.walls.length : i;
  }

  /** Index of the last minute whose wall time is before `localMs` (-1 when none). */
  private lastBefore(localMs: number): number {
    return this.walls.findLastIndex((wall) => wall < localMs);
  }

  private instant(index: number): number {
    return this.first + index * MINUTE_MS;
  }
}

/** The local dates an offset change touches: the one shown just before it and the one shown at it. */
export function datesAround(clock: WallClock, change: OffsetChange): [LocalDate, LocalDate] {
  const dates = [dateOf(clock.at(change.at - MINUTE_MS)), dateOf(clock.at(change.at))].sort();
  return [dates[0]!, dates[1]!];
}

/**
 * Staff hours for a shift around instant `at` (an offset change, or any instant): two hours either
 * side of the wall times the clock shows just before and at `at`, on the day shown at `at`, within
 * 00:00–23:59; and a 30-minute break starting at the earlier of those wall times.
 */
export function shiftAround(
  clock: WallClock,
  at: number,
): { staffHours: WeeklyHours; weeklyBreaks: WeeklyHours } {
  const shownAt = clock.at(at);
  const midnight = Date.parse(dateOf(shownAt));
  const shown = [shownAt, clock.at(at - MINUTE_MS) + MINUTE_MS].map((w) => (w - midnight) / MINUTE_MS);
  const low = Math.floor(Math.min(...shown) / 15) * 15;
  const high = Math.ceil(Math.max(...shown) / 15) * 15;
  const weekday = WEEKDAYS[new Date(midnight).getUTCDay()]!;
  const breakStart = Math.min(Math.max(low, 0), 1439 - 30);
  return {
    staffHours: { [weekday]: [[hhmm(Math.max(0, low - 120)), hhmm(Math.min(1439, high + 120))]] },
    weeklyBreaks: { [weekday]: [[hhmm(breakStart), hhmm(breakStart + 30)]] },
  };
}

const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** The same ranges every day of the week. */
export const everyDay = (ranges: [string, string][]): WeeklyHours =>
  Object.fromEntries(WEEKDAYS.map((d) => [d, ranges]));
