/**
 * Wire shapes of `/v1/walk-ins` (../shared/API.md "Walk-in queue"). The view is core's `WalkIn`
 * plus where the party waits and who will likely take it. The request bodies (`CreateWalkInBody`,
 * `WalkInActionBody`) are in core/domain/requests.ts, shared with the desktop; sync mutations
 * `walkIn.create|action` take the same bodies (plus `id`).
 */
import { z } from 'zod';
import { Instant, Uuid, WalkIn } from '../../core/domain/schemas';

export const WalkInQueueQuery = z.strictObject({
  /** One location's queue; all locations' queues (each numbered from 1) when absent. */
  locationId: Uuid.optional(),
});
export type WalkInQueueQuery = z.infer<typeof WalkInQueueQuery>;

export const WalkInView = WalkIn.extend({
  locationId: Uuid,
  /** Who will likely take the party (from the estimate); null when nobody can today or it left the queue. */
  likelyStaffId: Uuid.nullable(),
  /** When the party will likely start; null as above. */
  expectedStart: Instant.nullable(),
  /** The booking `start` created. */
  bookingId: Uuid.nullable(),
});
export type WalkInView = z.infer<typeof WalkInView>;

export const WalkInQueue = z.object({ items: z.array(WalkInView), nextCursor: z.null() });
