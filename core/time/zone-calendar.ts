/**
 * Mapping between local wall-clock times in an IANA zone and UTC instants, day by day.
 *
 * The rule for a wall time that is not a single instant (a DST transition), see README.md:
 * - in a fall-back overlap it occurs twice: a wall-clock interval starts at the earlier occurrence
 *   ({@link ZoneCalendar.startInstant}) and ends after the last minute it names
 *   ({@link ZoneCalendar.endInstant}: the later occurrence of an end inside the repeated span), so a
 *   25-hour day keeps every wall-clock minute of a rule and no other; a slot start is its earlier occurrence
 *   ({@link ZoneCalendar.exactInstant}), so it is offered once;
 * - in a spring-forward gap it does not exist: an interval's start or end moves to the instant the
 *   gap ends (the moment of the jump), and {@link ZoneCalendar.exactInstant} gives null.
 * Each mapping is non-decreasing in the wall time, which keeps expanded intervals sorted by start.
 */
import { IANAZone } from 'luxon';
import { WEEKDAYS, type Weekday } from '../domain/schemas';

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

/** Thrown for a zone name that is not in the tz database. */
export class InvalidTimeZoneError extends Error {
  constructor(readonly zoneName: string) {
    super(`unknown IANA time zone: ${zoneName}`);
    this.name = 'InvalidTimeZoneError';
  }
}

/** Names already found valid: the check builds an Intl formatter, too slow to repeat per query. */
const knownZones = new Set<string>();

/** True when `name` is a zone of the IANA tz database known to this runtime (e.g. `Europe/London`). */
export function isValidTimeZone(name: string): boolean {
  if (knownZones.has(name)) return true;
  const valid = IANAZone.isValidZone(name);
  if (valid) knownZones.add(name);
  return valid;
}

/** The zone for `name`, or an {@link InvalidTimeZoneError}; offset names like `UTC+3` are refused. */
export function requireTimeZone(name: string): IANAZone {
  if (!isValidTimeZone(name)) throw new InvalidTimeZoneError(name);
  return IANAZone.create(name);
}

/** The zone's UTC offset in minutes at an instant. */
type OffsetAt = (instant: number) => number;

/** Longest time assumed between two offset changes when scanning for them (tz rules keep months apart). */
const SCAN_STEP_MS = 6 * 3_600_000;

/** Offsets at grid instants per zone name; cleared when large (a bound, not an eviction policy). */
const gridOffsets = new Map<string, Map<number, number>>();
const GRID_CACHE_LIMIT = 100_000;

function offsetOnGrid(zone: IANAZone, instant: number): number {
  let byInstant = gridOffsets.get(zone.name);
  if (!byInstant) gridOffsets.set(zone.name, (byInstant = new Map()));
  let offset = byInstant.get(instant);
  if (offset === undefined) {
    if (byInstant.size >= GRID_CACHE_LIMIT) byInstant.clear();
    offset = zone.offset(instant);
    byInstant.set(instant, offset);
  }
  return offset;
}

/**
 * The offsets of a zone over a bounded range, read from Intl once: a handful of probes finds the
 * transitions, after which every lookup is arithmetic. Asking Intl per wall time costs microseconds
 * each, which dominated slot search.
 */
export class OffsetTable {
  /** Instants at which a new offset starts, ascending. */
  private readonly changes: number[] = [];
  /** offsets[i] holds before changes[i]; the last one after the last change. */
  private readonly offsets: number[];

  constructor(zone: IANAZone, from: number, to: number) {
    // Probes sit on a fixed grid so that their offsets, memoised per zone, serve every later query.
    let probe = Math.floor(from / SCAN_STEP_MS) * SCAN_STEP_MS;
    let current = offsetOnGrid(zone, probe);
    this.offsets = [current];
    while (probe < to) {
      const next = probe + SCAN_STEP_MS;
      const offset = offsetOnGrid(zone, next);
      if (offset !== current) {
        let lo = probe + 1;
        let hi = next;
        while (lo < hi) {
          const mid = Math.floor((lo + hi) / 2);
          if (zone.offset(mid) !== current) hi = mid;
          else lo = mid + 1;
        }
        this.changes.push(lo);
        this.offsets.push(offset);
        current = offset;
      }
      probe = next;
    }
  }

  /** Offset in minutes at `instant` (clamped to the table's range ends). */
  readonly offsetAt: OffsetAt = (instant) => {
    let i = 0;
    while (i < this.changes.length && this.changes[i]! <= instant) i++;
    return this.offsets[i]!;
  };
}

/** How a local wall time maps to the time line. */
export interface ResolvedWallTime {
  /** The instant (earlier occurrence when repeated; for a gap, the moment the clock jumps past it). */
  instant: number;
  /** The later occurrence when repeated; otherwise the same as `instant`. */
  lastInstant: number;
  kind: 'exact' | 'gap' | 'repeated';
}

/**
 * Resolves a wall time given as "local milliseconds" (the wall time read as if it were UTC).
 * Assumes at most one offset change within a day either side, which holds for every tz rule.
 */
export function resolveWallTime(zone: IANAZone, localMs: number): ResolvedWallTime {
  return resolveWith((instant) => zone.offset(instant), localMs);
}

function resolveWith(offsetAt: OffsetAt, localMs: number): ResolvedWallTime {
  const offsets = [offsetAt(localMs - DAY_MS), offsetAt(localMs + DAY_MS)];
  const valid: number[] = [];
  for (const offset of offsets) {
    const instant = localMs - offset * MINUTE_MS;
    if (offsetAt(instant) === offset && !valid.includes(instant)) valid.push(instant);
  }
  if (valid.length === 1) return { instant: valid[0]!, lastInstant: valid[0]!, kind: 'exact' };
  if (valid.length > 1) {
    return { instant: Math.min(...valid), lastInstant: Math.max(...valid), kind: 'repeated' };
  }
  // Gap: find the first instant whose wall time is at or after the requested one.
  const a = localMs - offsets[0]! * MINUTE_MS;
  const b = localMs - offsets[1]! * MINUTE_MS;
  let lo = Math.min(a, b);
  let hi = Math.max(a, b);
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (mid + offsetAt(mid) * MINUTE_MS >= localMs) hi = mid;
    else lo = mid + 1;
  }
  return { instant: lo, lastInstant: lo, kind: 'gap' };
}

/** One local calendar day of a {@link ZoneCalendar}. */
export interface LocalDay {
  /** Local midnight as local milliseconds (the wall time read as UTC), e.g. Date.UTC(2026, 2, 8). */
  localMidnight: number;
  /** Index into {@link WEEKDAYS} (0 = mon). */
  weekdayIndex: number;
  weekday: Weekday;
  /** The zone's offset in minutes when it is the same all day (the fast path), else null. */
  fixedOffsetMinutes: number | null;
}

/**
 * The local days that cover the UTC range `[from, to)` in one zone, and one more on each side, with
 * fast wall-time lookups. The extra days matter where the clock goes back across midnight (St. John's
 * until 2011: 00:01 back to 23:01 the day before): a neighbouring day's interval then reaches into
 * the range. Built once per query; days without a transition map wall times with plain arithmetic.
 */
export class ZoneCalendar {
  readonly days: LocalDay[] = [];
  private readonly offsetAt: OffsetAt;

  constructor(
    readonly zone: IANAZone,
    readonly from: number,
    readonly to: number,
  ) {
    // Margin: edge days start up to 2 days outside the range and their wall times probe a day further.
    this.offsetAt = new OffsetTable(zone, from - 3 * DAY_MS, Math.max(from, to) + 3 * DAY_MS).offsetAt;
    if (!(to > from)) return;
    const firstLocal = from + this.offsetAt(from) * MINUTE_MS;
    const lastLocal = to - 1 + this.offsetAt(to - 1) * MINUTE_MS;
    const firstDay = (Math.floor(firstLocal / DAY_MS) - 1) * DAY_MS;
    const lastDay = (Math.floor(lastLocal / DAY_MS) + 1) * DAY_MS;
    for (let localMidnight = firstDay; localMidnight <= lastDay; localMidnight += DAY_MS) {
      const weekdayIndex = (new Date(localMidnight).getUTCDay() + 6) % 7;
      this.days.push({
        localMidnight,
        weekdayIndex,
        weekday: WEEKDAYS[weekdayIndex]!,
        fixedOffsetMinutes: this.fixedOffset(localMidnight),
      });
    }
  }

  /** Creates the calendar for a zone name, validating it. */
  static of(zoneName: string, from: number, to: number): ZoneCalendar {
    return new ZoneCalendar(requireTimeZone(zoneName), from, to);
  }

  /**
   * Where a wall-clock interval starting at `minute` (0–1440) of `day` begins: the first instant
   * whose wall time is at or after it (the earlier occurrence of a repeated time, the end of a gap).
   */
  startInstant(day: LocalDay, minute: number): number {
    const localMs = day.localMidnight + minute * MINUTE_MS;
    if (day.fixedOffsetMinutes !== null) return localMs - day.fixedOffsetMinutes * MINUTE_MS;
    return resolveWith(this.offsetAt, localMs).instant;
  }

  /**
   * Where a wall-clock interval ending at `minute` (1–1440) of `day` ends: after the last minute
   * whose wall time is before it. So the interval keeps the repeated minutes it names (an end inside
   * a repeated hour is its later occurrence) but none it does not: an end at the first repeated
   * minute (Lord Howe's 01:30 on the night 02:00 goes back to 01:30) is its earlier occurrence. An
   * end in a gap, or just after one, is the end of the gap.
   */
  endInstant(day: LocalDay, minute: number): number {
    const localMs = day.localMidnight + minute * MINUTE_MS;
    if (day.fixedOffsetMinutes !== null) return localMs - day.fixedOffsetMinutes * MINUTE_MS;
    const lastNamed = resolveWith(this.offsetAt, localMs - MINUTE_MS);
    if (lastNamed.kind === 'gap') return resolveWith(this.offsetAt, localMs).instant;
    return lastNamed.lastInstant + MINUTE_MS;
  }

  /** The instant of wall time `minute` on `day`: null if it does not exist, the earlier one if repeated. */
  exactInstant(day: LocalDay, minute: number): number | null {
    const localMs = day.localMidnight + minute * MINUTE_MS;
    if (day.fixedOffsetMinutes !== null) return localMs - day.fixedOffsetMinutes * MINUTE_MS;
    const resolved = resolveWith(this.offsetAt, localMs);
    return resolved.kind === 'gap' ? null : resolved.instant;
  }

  private fixedOffset(localMidnight: number): number | null {
    const start = resolveWith(this.offsetAt, localMidnight);
    const end = resolveWith(this.offsetAt, localMidnight + DAY_MS);
    if (start.kind !== 'exact' || end.kind !== 'exact' || end.instant - start.instant !== DAY_MS) return null;
    const offset = this.offsetAt(start.instant);
    return this.offsetAt(end.instant - 1) === offset ? offset : null;
  }
}
