/**
 * The `bookings` and `availability` domains: the desk's booking actions (each becomes a push
 * mutation, applied to the cache at once and marked pending) and the free times it offers, worked
 * out from the cache by core's engine so they are there offline too.
 */
import { z } from 'zod';
import { CreateBookingBody, UpdateBookingBody } from '../domain/requests';
import { BookingStatus, Instant, Uuid } from '../domain/schemas';
import { channel } from './channel';

/** What the desk answers once a change is stored locally (before the API has seen it). */
export const DeskReceipt = z.object({
  /** The id of the booking, walk-in or customer the change made or touched. */
  id: Uuid,
  /** True until the API confirms it; the change is already on the schedule. */
  pending: z.boolean(),
  /** The line is down: the change will be confirmed (or refused) when it is back. */
  toBeConfirmed: z.boolean(),
});
export type DeskReceipt = z.infer<typeof DeskReceipt>;

const At = z.object({ at: Instant.optional() });

export const AvailabilityArgs = z.strictObject({
  serviceId: Uuid,
  from: Instant,
  to: Instant,
  staffId: Uuid.optional(),
  /** Moving this booking: its own time does not count as taken. */
  movingBookingId: Uuid.optional(),
});
export const AvailableSlots = z.object({
  slots: z.array(z.object({ start: Instant, end: Instant, staffIds: z.array(Uuid) })),
});
export type AvailableSlots = z.infer<typeof AvailableSlots>;

export const bookingsIpc = {
  'bookings:create': channel(CreateBookingBody, DeskReceipt),
  'bookings:update': channel(
    UpdateBookingBody.omit({ status: true, at: true }).extend({ id: Uuid }).strict(),
    DeskReceipt,
  ),
  'bookings:setStatus': channel(
    z.strictObject({ id: Uuid, status: BookingStatus, ...At.shape }),
    DeskReceipt,
  ),
  'bookings:cancel': channel(z.strictObject({ id: Uuid }), DeskReceipt),
  'availability:slots': channel(AvailabilityArgs, AvailableSlots),
} as const;
