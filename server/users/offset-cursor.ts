/** Opaque `nextCursor` values for small lists paged by position. */
import { ValidationError } from '../errors';

export function encodeOffsetCursor(offset: number): string {
  return Buffer.from(`o:${offset}`).toString('base64url');
}

/** 0 for no cursor; 422 naming `query.cursor` for one we did not issue. */
export function decodeOffsetCursor(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  const match = /^o:(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match)
    throw new ValidationError('invalid cursor', [
      { path: 'query.cursor', message: 'not a cursor from this list' },
    ]);
  return Number(match[1]);
}
