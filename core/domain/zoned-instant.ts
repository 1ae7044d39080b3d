/**
 * Instants as the API sends them: ISO-8601 in the location's zone with its offset
 * (`2026-03-08T09:00:00-05:00`), per ../shared/API.md "Conventions".
 */
import { DateTime } from 'luxon';

/** `at` (epoch ms or Date) as ISO-8601 with the offset `timeZone` has at that instant. */
export function formatInZone(at: number | Date, timeZone: string): string {
  const ms = typeof at === 'number' ? at : at.getTime();
  const text = DateTime.fromMillis(ms, { zone: timeZone }).toISO({ suppressMilliseconds: true });
  if (text === null) throw new RangeError(`cannot format ${ms} in zone ${timeZone}`);
  return text;
}
