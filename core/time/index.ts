/**
 * Time rules of Bookdesk: half-open UTC intervals (epoch ms) and the DST-correct expansion of
 * weekly wall-clock hours in an IANA zone (the rule for repeated and skipped times: README.md).
 * Pure: no clock reads, no Node APIs.
 */
export {
  clipIntervals,
  containsInterval,
  intersectIntervals,
  intervalsOverlap,
  lowerBound,
  mergeSortedIntervals,
  normalizeIntervals,
  subtractIntervals,
  type Interval,
} from './interval';
export {
  expandWeeklyHours,
  expandWeeklyMinutes,
  parseWallTime,
  toWeeklyMinutes,
  workingIntervals,
  workingIntervalsIn,
  type StaffWeek,
  type WeeklyMinutes,
  type WorkingSchedule,
} from './weekly-hours';
export {
  DAY_MS,
  InvalidTimeZoneError,
  isValidTimeZone,
  MINUTE_MS,
  requireTimeZone,
  resolveWallTime,
  ZoneCalendar,
  type LocalDay,
  type ResolvedWallTime,
} from './zone-calendar';
