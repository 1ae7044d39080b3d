/**
 * The `sync` domain: how the desk's link to the API stands, what is waiting to reach it, and the
 * changes the API refused (kept for the receptionist until dismissed).
 */
import { z } from 'zod';
import { Instant } from '../domain/schemas';
import { channel } from './channel';

/** Rows of the first snapshot received so far, out of the number the API announced. */
export const SyncProgress = z.object({ done: z.number().int().min(0), total: z.number().int().min(0) });
export type SyncProgress = z.infer<typeof SyncProgress>;

/** The link in one word, as the header shows it. */
export const SyncConnection = z.discriminatedUnion('state', [
  z.object({ state: z.literal('signed-out') }),
  z.object({ state: z.literal('connecting') }),
  z.object({ state: z.literal('syncing'), progress: SyncProgress }),
  z.object({ state: z.literal('online') }),
  /** `since`: when the desk last reached the API (or noticed it could not). */
  z.object({ state: z.literal('offline'), since: Instant }),
]);
export type SyncConnection = z.infer<typeof SyncConnection>;

export const SyncStatus = z.object({
  connection: SyncConnection,
  /** Changes made at this desk that the API has not confirmed yet. */
  waiting: z.number().int().min(0),
  /** When a pull last completed. */
  lastSyncAt: Instant.nullable(),
  /** Refused changes not yet dismissed. */
  problems: z.number().int().min(0),
});
export type SyncStatus = z.infer<typeof SyncStatus>;

/** A change the API refused: what was attempted and why, in plain words. */
export const SyncProblem = z.object({
  id: z.number().int().min(1),
  /** The push mutation's name, e.g. `booking.create`. */
  mutation: z.string(),
  /** What the receptionist tried, e.g. "Book Dana 10:00–11:00 (Cut)". */
  attempted: z.string(),
  /** Why it was refused, e.g. "Slot taken: Dana already has 10:00–11:00". */
  reason: z.string(),
  /** The API's problem type URI (ends with `/slot-taken`, `/invalid-transition`, ...). */
  type: z.string(),
  at: Instant,
});
export type SyncProblem = z.infer<typeof SyncProblem>;

export const syncIpc = {
  'sync:status': channel(z.object({}).strict(), SyncStatus),
  'sync:problems': channel(z.object({}).strict(), z.array(SyncProblem)),
  'sync:dismissProblem': channel(z.object({ id: z.number().int().min(1) }).strict(), z.object({})),
  /** Push and pull now (after the line came back, instead of waiting for the next retry). */
  'sync:retryNow': channel(z.object({}).strict(), z.object({})),
} as const;
