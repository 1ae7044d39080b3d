/**
 * Instants as the API sends them: ISO-8601 in the location's zone with its offset
 * (`2026-03-08T09:00:00-05:00`), per ../shared/API.md "Conventions".
 *
 * Every list, export and sync snapshot formats instants in bulk (a snapshot: 2 × 10^5), and luxon's
 * per-call zone lookup dominated that. So the zone's offset is looked up once per zone and 15-minute
 * bucket and the text built by hand; a bucket is only trusted when the offset at its start equals the
 * offset at the next bucket's start (no zone changes offset twice within 15 minutes), otherwise, and
 * outside years 1900–9999, luxon formats the instant. zoned-instant.spec.ts checks the two agree.
 */
import { DateTime } from 'luxon';

const BUCKET_MS = 15 * 60_000;
const MIN_MS = Date.UTC(1900, 0, 1);
const MAX_MS = Date.UTC(9999, 11, 31);
/** Offset (minutes) per `zone|bucket`, null where the bucket holds a change; cleared when large. */
const bucketOffsets = new Map<string, number | null>();
const BUCKET_CACHE_LIMIT = 100_000;
/** Whether a zone is fixed at UTC: luxon writes `Z` for those at offset 0, `+00:00` for IANA zones. */
const universalZones = new Map<string, boolean>();

/** `at` (epoch ms or Date) as ISO-8601 with the offset `timeZone` has at that instant. */
export function formatInZone(at: number | Date, timeZone: string): string {
  const ms = typeof at === 'number' ? at : at.getTime();
  const offset = ms >= MIN_MS && ms <= MAX_MS ? bucketOffset(Math.floor(ms / BUCKET_MS), timeZone) : null;
  if (offset === null) return formatWithLuxon(ms, timeZone);
  const local = new Date(ms + offset * 60_000).toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ
  const millis = local.slice(19, 23);
  const abs = Math.abs(offset);
  const suffix =
    offset === 0 && isUniversal(timeZone)
      ? 'Z'
      : `${offset < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  return `${local.slice(0, 19)}${millis === '.000' ? '' : millis}${suffix}`;
}

/** The reference formatting (luxon), used where the fast path does not apply. */
export function formatWithLuxon(ms: number, timeZone: string): string {
  const text = DateTime.fromMillis(ms, { zone: timeZone }).toISO({ suppressMilliseconds: true });
  if (text === null) throw new RangeError(`cannot format ${ms} in zone ${timeZone}`);
  return text;
}

function bucketOffset(bucket: number, zone: string): number | null {
  const key = `${zone}|${bucket}`;
  let offset = bucketOffsets.get(key);
  if (offset === undefined) {
    const start = DateTime.fromMillis(bucket * BUCKET_MS, { zone });
    if (!start.isValid) return null; // an unknown zone: luxon's path reports it
    const next = DateTime.fromMillis((bucket + 1) * BUCKET_MS, { zone }).offset;
    offset = start.offset === next && Number.isInteger(start.offset) ? start.offset : null;
    if (bucketOffsets.size >= BUCKET_CACHE_LIMIT) bucketOffsets.clear();
    bucketOffsets.set(key, offset);
  }
  return offset;
}

function isUniversal(zone: string): boolean {
  let value = universalZones.get(zone);
  if (value === undefined)
    universalZones.set(zone, (value = DateTime.fromMillis(0, { zone }).zone.isUniversal));
  return value;
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
