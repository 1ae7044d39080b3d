/**
 * Busy-block rules shared by every adapter: hashing provider ids, truncating subjects, turning
 * wall-clock times and all-day dates into UTC instants (DST-correct, through luxon), and window checks.
 */
import { createHash } from 'node:crypto';
import { DateTime, IANAZone } from 'luxon';
import {
  MAX_SUBJECT_LENGTH,
  type BusyBlockInput,
  type SyncState,
  type SyncWindow,
} from './calendar-provider';

/** SHA-256 (hex) of the provider's id parts; the raw ids never leave the adapter. */
export function hashEventId(...parts: string[]): string {
  const hash = createHash('sha256');
  // A separator that cannot occur inside a URL, UID or timestamp keeps ('ab','c') != ('a','bc').
  parts.forEach((part, i) => hash.update(i === 0 ? part : `\u0000${part}`));
  return hash.digest('hex');
}

/** Builds the only shape that leaves an adapter: exactly five fields, nothing copied by spread. */
export function toBusyBlock(
  eventIdHash: string,
  subject: string | null | undefined,
  start: Date,
  end: Date,
): BusyBlockInput {
  const title = Array.from((subject ?? '').trim());
  return {
    eventIdHash,
    subject: title.length > MAX_SUBJECT_LENGTH ? title.slice(0, MAX_SUBJECT_LENGTH).join('') : title.join(''),
    start,
    end,
    durationMinutes: Math.round((end.getTime() - start.getTime()) / 60_000),
  };
}

/** True for a zone name luxon (the ICU tz database) knows, e.g. `Europe/London`. */
export function isIanaZone(zone: string | null | undefined): zone is string {
  return !!zone && IANAZone.isValidZone(zone);
}

/** The zone to use when an event names none (floating times, all-day dates): the caller's or UTC. */
export function fallbackZone(window: SyncWindow): string {
  return isIanaZone(window.timeZone) ? window.timeZone : 'UTC';
}

/** Wall-clock date-time in `zone` to a UTC instant; a time skipped by DST moves forward as luxon does. */
export function wallTimeToInstant(
  wall: { year: number; month: number; day: number; hour: number; minute: number; second: number },
  zone: string,
): Date {
  return DateTime.fromObject(wall, { zone }).toJSDate();
}

/**
 * An all-day event from `startDate` to `endDate` (exclusive, both `YYYY-MM-DD`) blocks from local
 * midnight to local midnight in `zone`, so a DST-change day is 23 or 25 hours long.
 */
export function allDayRange(
  startDate: string,
  endDate: string | null,
  zone: string,
): { start: Date; end: Date } {
  const start = DateTime.fromISO(startDate, { zone }).startOf('day');
  let end = endDate ? DateTime.fromISO(endDate, { zone }).startOf('day') : start.plus({ days: 1 });
  if (end <= start) end = start.plus({ days: 1 });
  return { start: start.toJSDate(), end: end.toJSDate() };
}

/** Whether [start, end) overlaps the window [from, to). */
export function overlapsWindow(start: Date, end: Date, window: SyncWindow): boolean {
  return start < window.to && end > window.from;
}

/** The window as stored in a sync state. */
export function windowKey(window: SyncWindow): { from: string; to: string } {
  return { from: window.from.toISOString(), to: window.to.toISOString() };
}

/** An incremental sync is only valid for the window its cursor was made for. */
export function isSameWindow(state: SyncState | null, window: SyncWindow): boolean {
  const key = windowKey(window);
  return !!state && state.window.from === key.from && state.window.to === key.to;
}
