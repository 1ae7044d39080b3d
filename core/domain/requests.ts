/**
 * Request shapes of the front-desk routes (../shared/API.md "Front desk"): create bodies accept a
 * client-supplied id, patch bodies are partial, and unknown fields are refused (strict objects).
 * The entity shapes themselves are in ./schemas.ts.
 */
import { z } from 'zod';
import {
  Booking,
  BookingSource,
  BookingStatus,
  CustomFieldType,
  Instant,
  Service,
  TimeZoneName,
  Uuid,
  WeeklyHours,
} from './schemas';

const Name = z.string().trim().min(1).max(200);
const Color = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'expected a #rrggbb colour');
const Email = z.email().max(320);
const Phone = z.string().trim().min(1).max(40);
const Notes = z.string().max(4000);
const FieldKey = z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, 'expected a lower-case key');
const Options = z.array(z.string().min(1).max(200)).min(1).max(100);

/** `:id` of a front-desk resource. */
export const IdParams = z.strictObject({ id: Uuid });

/** `?limit=&cursor=` of a list. */
export const PageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});
export type PageQuery = z.infer<typeof PageQuery>;

/** `{items, nextCursor}` of a list of `item`. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

export const CreateLocationBody = z.strictObject({
  id: Uuid.optional(),
  name: Name,
  timeZone: TimeZoneName,
  openingHours: WeeklyHours,
});
export type CreateLocationBody = z.infer<typeof CreateLocationBody>;
export const UpdateLocationBody = CreateLocationBody.omit({ id: true }).partial();
export type UpdateLocationBody = z.infer<typeof UpdateLocationBody>;

export const CreateStaffBody = z.strictObject({
  id: Uuid.optional(),
  name: Name,
  email: Email.optional(),
  locationId: Uuid,
  color: Color,
  serviceIds: z.array(Uuid).max(500),
  weeklyHours: WeeklyHours,
});
export type CreateStaffBody = z.infer<typeof CreateStaffBody>;
export const UpdateStaffBody = z.strictObject({
  name: Name.optional(),
  /** null removes the e-mail address. */
  email: Email.nullable().optional(),
  locationId: Uuid.optional(),
  color: Color.optional(),
  serviceIds: z.array(Uuid).max(500).optional(),
  weeklyHours: WeeklyHours.optional(),
});
export type UpdateStaffBody = z.infer<typeof UpdateStaffBody>;

export const CreateTimeOffBody = z.strictObject({
  id: Uuid.optional(),
  start: Instant,
  end: Instant,
  reason: z.string().max(500).optional(),
});
export type CreateTimeOffBody = z.infer<typeof CreateTimeOffBody>;

export const CreateServiceBody = Service.extend({ id: Uuid.optional(), name: Name }).strict();
export type CreateServiceBody = z.infer<typeof CreateServiceBody>;
export const UpdateServiceBody = Service.omit({ id: true, priceCents: true })
  .extend({ name: Name, priceCents: z.number().int().min(0).nullable() })
  .partial()
  .strict();
export type UpdateServiceBody = z.infer<typeof UpdateServiceBody>;

export const CreateCustomerBody = z.strictObject({
  id: Uuid.optional(),
  name: Name,
  phone: Phone.optional(),
  email: Email.optional(),
  notes: Notes.optional(),
});
export type CreateCustomerBody = z.infer<typeof CreateCustomerBody>;
export const UpdateCustomerBody = z.strictObject({
  name: Name.optional(),
  phone: Phone.nullable().optional(),
  email: Email.nullable().optional(),
  notes: Notes.nullable().optional(),
});
export type UpdateCustomerBody = z.infer<typeof UpdateCustomerBody>;
export const CustomerListQuery = PageQuery.extend({ q: z.string().trim().min(1).max(200).optional() });
export type CustomerListQuery = z.infer<typeof CustomerListQuery>;

export const CreateCustomFieldBody = z.strictObject({
  id: Uuid.optional(),
  key: FieldKey,
  label: Name,
  type: CustomFieldType,
  required: z.boolean(),
  options: Options.optional(),
});
export type CreateCustomFieldBody = z.infer<typeof CreateCustomFieldBody>;
export const UpdateCustomFieldBody = z.strictObject({
  label: Name.optional(),
  required: z.boolean().optional(),
  options: Options.nullable().optional(),
});
export type UpdateCustomFieldBody = z.infer<typeof UpdateCustomFieldBody>;

export const AvailabilityQuery = z.strictObject({
  serviceId: Uuid,
  from: Instant,
  to: Instant,
  staffId: Uuid.optional(),
  locationId: Uuid.optional(),
});
export type AvailabilityQuery = z.infer<typeof AvailabilityQuery>;
export const Availability = z.object({
  slots: z.array(z.object({ start: Instant, end: Instant, staffIds: z.array(Uuid) })),
});
export type Availability = z.infer<typeof Availability>;

/** A custom field's value on a booking. */
export const FieldValue = z.union([z.string().max(4000), z.number(), z.boolean()]);

export const CreateBookingBody = z
  .strictObject({
    id: Uuid.optional(),
    serviceId: Uuid,
    staffId: Uuid.optional(),
    customerId: Uuid.optional(),
    customer: z.strictObject({ name: Name, phone: Phone.optional(), email: Email.optional() }).optional(),
    start: Instant,
    source: BookingSource,
    fields: z.record(FieldKey, FieldValue).optional(),
    notes: Notes.optional(),
    /** Desk roles only: book over an external busy block on purpose (audited); never over a booking. */
    allowOverlap: z.boolean().optional(),
  })
  .refine((body) => !(body.customerId && body.customer), {
    message: 'give customerId or customer, not both',
    path: ['customer'],
  });
export type CreateBookingBody = z.infer<typeof CreateBookingBody>;

export const UpdateBookingBody = z.strictObject({
  start: Instant.optional(),
  staffId: Uuid.optional(),
  status: BookingStatus.optional(),
  /**
   * With `status` only: when the desk recorded the status change (e.g. while offline); within
   * {@link recordedAtProblem}'s bounds of the server's clock, default now. The server keeps it as
   * the booking's status-change time; it moves neither the booking's start nor its end.
   */
  at: Instant.optional(),
  notes: Notes.nullable().optional(),
  allowOverlap: z.boolean().optional(),
});
export type UpdateBookingBody = z.infer<typeof UpdateBookingBody>;

export const BookingListQuery = z.strictObject({
  from: Instant,
  to: Instant,
  staffId: Uuid.optional(),
  status: BookingStatus.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(500),
  cursor: z.string().max(200).optional(),
});
export type BookingListQuery = z.infer<typeof BookingListQuery>;
export const BookingView = Booking;

export const ExternalBusyQuery = z.strictObject({
  from: Instant,
  to: Instant,
  staffId: Uuid.optional(),
});
export type ExternalBusyQuery = z.infer<typeof ExternalBusyQuery>;

/**
 * Instants the desk records itself (a walk-in's `arrivedAt`, an action's or status move's `at`): a
 * change made offline reaches the server later, so they may lie up to 12 hours before the server's
 * clock, and up to 1 minute after it (the desk's clock may run a little fast).
 */
export const RECORDED_AT_MAX_AGE_MS = 12 * 3_600_000;
export const RECORDED_AT_MAX_AHEAD_MS = 60_000;

/** Why a desk-recorded instant is refused at server time `now` (a 422 message), or null if accepted. */
export function recordedAtProblem(at: Date, now: Date): string | null {
  if (at.getTime() < now.getTime() - RECORDED_AT_MAX_AGE_MS) return 'more than 12 hours ago';
  if (at.getTime() > now.getTime() + RECORDED_AT_MAX_AHEAD_MS)
    return "more than 1 minute ahead of the server's clock";
  return null;
}

/** `POST /v1/walk-ins` and the push mutation `walkIn.create`. */
export const CreateWalkInBody = z
  .strictObject({
    id: Uuid.optional(),
    /** Where the party waits; optional when the staff member named or the tenant's only location decides it. */
    locationId: Uuid.optional(),
    customerId: Uuid.optional(),
    customer: z
      .strictObject({
        name: Name,
        phone: Phone.optional(),
        email: Email.optional(),
      })
      .optional(),
    serviceId: Uuid,
    /** Only this staff member will serve the party. */
    staffId: Uuid.optional(),
    partySize: z.number().int().min(1).max(20).optional(),
    notes: Notes.optional(),
    /** When the desk recorded the arrival (the queue orders by it); {@link recordedAtProblem}'s bounds, default now. */
    arrivedAt: Instant.optional(),
  })
  .refine((body) => (body.customerId === undefined) !== (body.customer === undefined), {
    message: 'give customerId or customer (exactly one)',
    path: ['customer'],
  });
export type CreateWalkInBody = z.infer<typeof CreateWalkInBody>;

export const WalkInAction = z.enum(['call', 'start', 'no_show', 'leave']);
export type WalkInAction = z.infer<typeof WalkInAction>;

/** `POST /v1/walk-ins/:id/actions` and the push mutation `walkIn.action` (plus `id`). */
export const WalkInActionBody = z.strictObject({
  action: WalkInAction,
  /** `start` only: who serves the party (default: the earliest free qualified staff member). */
  staffId: Uuid.optional(),
  /**
   * When the desk recorded the action; {@link recordedAtProblem}'s bounds, not before the arrival,
   * default now. `start`: the in-service booking runs from it; call, no_show, leave: their time.
   */
  at: Instant.optional(),
});
export type WalkInActionBody = z.infer<typeof WalkInActionBody>;
