/**
 * Wire shapes of `/v1/walk-ins` (../shared/API.md "Walk-in queue"). The view is core's `WalkIn`
 * plus where the party waits and who will likely take it; sync mutations `walkIn.create|action`
 * take the same bodies (plus `id`).
 */
import { z } from 'zod';
import { Instant, Uuid, WalkIn } from '../../core/domain/schemas';

const Name = z.string().trim().min(1).max(200);

export const CreateWalkInBody = z
  .strictObject({
    id: Uuid.optional(),
    /** Where the party waits; optional when the staff member named or the tenant's only location decides it. */
    locationId: Uuid.optional(),
    customerId: Uuid.optional(),
    customer: z
      .strictObject({
        name: Name,
        phone: z.string().trim().min(1).max(40).optional(),
        email: z.email().max(320).optional(),
      })
      .optional(),
    serviceId: Uuid,
    /** Only this staff member will serve the party. */
    staffId: Uuid.optional(),
    partySize: z.number().int().min(1).max(20).optional(),
    notes: z.string().max(4000).optional(),
  })
  .refine((body) => (body.customerId === undefined) !== (body.customer === undefined), {
    message: 'give customerId or customer (exactly one)',
    path: ['customer'],
  });
export type CreateWalkInBody = z.infer<typeof CreateWalkInBody>;

export const WalkInAction = z.enum(['call', 'start', 'no_show', 'leave']);
export type WalkInAction = z.infer<typeof WalkInAction>;

export const WalkInActionBody = z.strictObject({
  action: WalkInAction,
  /** `start` only: who serves the party (default: the earliest free qualified staff member). */
  staffId: Uuid.optional(),
});
export type WalkInActionBody = z.infer<typeof WalkInActionBody>;

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
