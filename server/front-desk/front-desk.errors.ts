/** Errors and input checks shared by the front-desk services. */
import { isValidTimeZone, parseWallTime } from '../../core/time';
import type { WeeklyHours } from '../../core/domain/schemas';
import { AppError, ConflictError, ValidationError } from '../errors';
import type { FieldError } from '../errors';

/** 409: the entity is still referenced (a staff member with bookings, a location with staff). */
export class InUseError extends AppError {
  readonly status = 409;
  readonly slug = 'in-use';
}

/** 409 `/already-exists`: a client-supplied id is taken. */
export function alreadyExists(): ConflictError {
  return new ConflictError('already-exists', 'an entity with this id already exists');
}

/** 422 naming `path` for a time zone unknown to the tz database. */
export function timeZoneErrors(timeZone: string | undefined, path: string): FieldError[] {
  if (timeZone === undefined || isValidTimeZone(timeZone)) return [];
  return [{ path, message: 'not an IANA time zone' }];
}

/** Ranges of one day must not overlap (each range's end is after its start: the schema checks that). */
export function weeklyHoursErrors(hours: WeeklyHours | undefined, path: string): FieldError[] {
  if (!hours) return [];
  const errors: FieldError[] = [];
  for (const [day, ranges] of Object.entries(hours)) {
    const sorted = [...(ranges ?? [])]
      .map(([start, end]) => ({ start: parseWallTime(start), end: parseWallTime(end) }))
      .sort((a, b) => a.start - b.start);
    for (let i = 1; i < sorted.length; i++) {
      if (sorted[i]!.start < sorted[i - 1]!.end) {
        errors.push({ path: `${path}.${day}`, message: 'ranges of one day overlap' });
        break;
      }
    }
  }
  return errors;
}

/** Throws one 422 listing every error, if any. */
export function throwIfInvalid(errors: FieldError[]): void {
  if (errors.length > 0) {
    throw new ValidationError(errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors);
  }
}

/** Encodes the id a page ended at as an opaque `nextCursor`. */
export function encodeIdCursor(id: string): string {
  return Buffer.from(`id:${id}`).toString('base64url');
}

/** The id a page starts after; 422 naming `query.cursor` for a cursor we did not issue. */
export function decodeIdCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  const match = /^id:([0-9a-f-]{36})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match)
    throw new ValidationError('invalid cursor', [
      { path: 'query.cursor', message: 'not a cursor from this list' },
    ]);
  return match[1];
}

/** `{items, nextCursor}` from `limit + 1` rows fetched in id order. */
export function toPage<R extends { id: string }, V>(
  rows: R[],
  limit: number,
  view: (row: R) => V,
): { items: V[]; nextCursor: string | null } {
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  return { items: page.map(view), nextCursor: more ? encodeIdCursor(page[page.length - 1]!.id) : null };
}
