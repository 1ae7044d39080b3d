/**
 * Mapping between local wall-clock times in an IANA zone and UTC instants, day by day.
 *
 * The rule for a wall time that is not a single instant (a DST transition):
 * - in a spring-forward gap it does not exist; {@link ZoneCalendar.instantAtOrAfter} gives the first
 *   instant whose wall time is later (the moment of the jump), {@link ZoneCalendar.exactInstant} gives null;
 * - in a fall-back overlap it occurs twice; both methods give the earlier occurrence, so it is offered once.
 * Both mappings are non-decreasing in the wall time, which keeps expanded intervals sorted.
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

/** True when `name` is a zone of the IANA tz database known to this runtime (e.g. `Europe/London`). */
export function isValidTimeZone(name: string): boolean {
  return IANAZone.isValidZone(name);
}

/** The zone for `name`, or an {@link InvalidTimeZoneError}; offset names like `UTC+3` are refused. */
export function requireTimeZone(name: string): IANAZone {
  if (!IANAZone.isValidZone(name)) throw new InvalidTimeZoneError(name);
  return IANAZone.create(name);
}

/** How a local wall time maps to the time line. */
export interface ResolvedWallTime {
  /** The instant (earliest occurrence; for a gap, the moment the clock jumps past it). */
  instant: number;
  kind: 'exact' | 'gap' | 'repeated';
}

/**
 * Resolves a wall time given as "local milliseconds" (the wall time read as if it were UTC).
 * Assumes at most one offset change within a day either side, which holds for every tz rule.
 */
export function resolveWallTime(zone: IANAZone, localMs: number): ResolvedWallTime {
  const offsets = [zone.offset(localMs - DAY_MS), zone.offset(localMs + DAY_MS)];
  const valid: number[] = [];
  for (const offset of offsets) {
    const instant = localMs - offset * MINUTE_MS;
    if (zone.offset(instant) === offset && !valid.includes(instant)) valid.push(instant);
  }
  if (valid.length === 1) return { instant: valid[0]!, kind: 'exact' };
  if (valid.length > 1) return { instant: Math.min(...valid), kind: 'repeated' };
  // Gap: find the first instant whose wall time is at or after the requested one.
  const a = localMs - offsets[0]! * MINUTE_MS;
  const b = localMs - offsets[1]! * MINUTE_MS;
  let lo = Math.min(a, b);
  let hi = Math.max(a, b);
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (mid + zone.offset(mid) * MINUTE_MS >= localMs) hi = mid;
    else lo = mid + 1;
  }
  return { instant: lo, kind: 'gap' };
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
 * The local days that cover the UTC range `[from, to)` in one zone, with fast wall-time lookups.
 * Built once per query; days without a transition map wall times with plain arithmetic.
 */
export class ZoneCalendar {
  readonly days: LocalDay[] = [];

  constructor(
    readonly zone: IANAZone,
    readonly from: number,
    readonly to: number,
  ) {
    if (!(to > from)) return;
    const firstLocal = from + zone.offset(from) * MINUTE_MS;
    const lastLocal = to - 1 + zone.offset(to - 1) * MINUTE_MS;
    const firstDay = Math.floor(firstLocal / DAY_MS) * DAY_MS;
    const lastDay = Math.floor(lastLocal / DAY_MS) * DAY_MS;
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

  /** First instant whose wall time on `day` is at or after `minute` (0–1440) of that day. */
  instantAtOrAfter(day: LocalDay, minute: number): number {
    const localMs = day.localMidnight + minute * MINUTE_MS;
    if (day.fixedOffsetMinutes !== null) return localMs - day.fixedOffsetMinutes * MINUTE_MS;
    return resolveWallTime(this.zone, localMs).instant;
  }

  /** The instant of wall time `minute` on `day`: null if it does not exist, the earlier one if repeated. */
  exactInstant(day: LocalDay, minute: number): number | null {
    const localMs = day.localMidnight + minute * MINUTE_MS;
    if (day.fixedOffsetMinutes !== null) return localMs - day.fixedOffsetMinutes * MINUTE_MS;
    const resolved = resolveWallTime(this.zone, localMs);
    return resolved.kind === 'gap' ? null : resolved.instant;
  }

  private fixedOffset(localMidnight: number): number | null {
    const start = resolveWallTime(this.zone, localMidnight);
    const end = resolveWallTime(this.zone, localMidnight + DAY_MS);
    if (start.kind !== 'exact' || end.kind !== 'exact' || end.instant - start.instant !== DAY_MS) return null;
    const offset = this.zone.offset(start.instant);
    return this.zone.offset(end.instant - 1) === offset ? offset : null;
  }
}
