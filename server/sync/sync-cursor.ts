/**
 * The opaque pull cursor: which phase a client is in and where. A snapshot cursor remembers the
 * version the snapshot started at (`v`), its clock (`t`, fixing the working window for every page),
 * the entity it is reading and the last id sent; a delta cursor is just the last version sent.
 */
import { z } from 'zod';
import { ValidationError } from '../errors';
import { SYNC_ENTITIES } from './sync-entities';

const SnapshotPosition = z.object({
  p: z.literal('s'),
  v: z.number().int().min(0),
  t: z.number().int(),
  e: z.enum(SYNC_ENTITIES),
  a: z.string().max(64).nullable(),
  /** The pass of a snapshot sent near days first: `n` near, `r` the rest (absent: one pass, older cursors). */
  r: z.enum(['n', 'r']).optional(),
});
const DeltaPosition = z.object({ p: z.literal('d'), v: z.number().int().min(0) });
const Position = z.discriminatedUnion('p', [SnapshotPosition, DeltaPosition]);

/** Where a pull continues. */
export type CursorPosition = z.infer<typeof Position>;
export type SnapshotPosition = z.infer<typeof SnapshotPosition>;

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

/** The position of a cursor we issued; 422 naming `body.cursor` otherwise. */
export function decodeCursor(cursor: string): CursorPosition {
  try {
    return Position.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw new ValidationError('invalid cursor', [
      { path: 'body.cursor', message: 'not a cursor from /v1/sync/pull' },
    ]);
  }
}
