/**
 * Wire shapes of the public API (../shared/API.md), as zod schemas. One schema validates a request
 * on the server, documents it in OpenAPI and types the desktop's cache and IPC contract.
 */
import { z } from 'zod';

export const Uuid = z.uuid();
/** ISO-8601 instant with an offset or `Z`. */
export const Instant = z.iso.datetime({ offset: true });
/** Wall-clock time of day, `HH:MM`, 00:00–24:00. */
export const WallTime = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'expected HH:MM');
/** An IANA time-zone name; validity against the tz database is checked where a zone is used. */
export const TimeZoneName = z.string().min(1).max(64);

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** One wall-clock range `["09:00","17:00"]`; the end is after the start. */
export const WallRange = z
  .tuple([WallTime, WallTime])
  .refine(([start, end]) => start < end, 'range end must be after its start');
export type WallRange = z.infer<typeof WallRange>;

/** Weekly hours: for each weekday the ranges that are open; a missing day is closed. */
export const WeeklyHours = z.partialRecord(z.enum(WEEKDAYS), z.array(WallRange));
export type WeeklyHours = z.infer<typeof WeeklyHours>;

export const Location = z.object({
  id: Uuid,
  name: z.string().min(1).max(200),
  timeZone: TimeZoneName,
  openingHours: WeeklyHours,
});
export type Location = z.infer<typeof Location>;

export const Staff = z.object({
  id: Uuid,
  name: z.string().min(1).max(200),
  email: z.email().optional(),
  locationId: Uuid,
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'expected a #rrggbb colour'),
  serviceIds: z.array(Uuid),
  weeklyHours: WeeklyHours,
});
export type Staff = z.infer<typeof Staff>;

export const TimeOff = z.object({
  id: Uuid,
  staffId: Uuid,
  start: Instant,
  end: Instant,
  reason: z.string().max(500).optional(),
});
export type TimeOff = z.infer<typeof TimeOff>;

export const Service = z.object({
  id: Uuid,
  name: z.string().min(1).max(200),
  durationMinutes: z
    .number()
    .int()
    .min(5)
    .max(24 * 60),
  bufferBeforeMinutes: z.number().int().min(0).max(240),
  bufferAfterMinutes: z.number().int().min(0).max(240),
  minNoticeMinutes: z
    .number()
    .int()
    .min(0)
    .max(60 * 24 * 30),
  maxAdvanceDays: z.number().int().min(1).max(730),
  priceCents: z.number().int().min(0).optional(),
});
export type Service = z.infer<typeof Service>;

export const Customer = z.object({
  id: Uuid,
  name: z.string().min(1).max(200),
  phone: z.string().max(40).optional(),
  email: z.email().optional(),
  notes: z.string().max(4000).optional(),
});
export type Customer = z.infer<typeof Customer>;

export const CustomFieldType = z.enum(['text', 'number', 'select', 'checkbox']);
export const CustomField = z.object({
  id: Uuid,
  key: z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, 'expected a lower-case key'),
  label: z.string().min(1).max(200),
  type: CustomFieldType,
  required: z.boolean(),
  options: z.array(z.string().min(1).max(200)).optional(),
});
export type CustomField = z.infer<typeof CustomField>;

export const BOOKING_STATUSES = [
  'booked',
  'checked_in',
  'in_service',
  'completed',
  'no_show',
  'cancelled',
] as const;
export const BookingStatus = z.enum(BOOKING_STATUSES);
export type BookingStatus = z.infer<typeof BookingStatus>;
/** Statuses that hold the staff's time (and so take part in double-booking checks). */
export const ACTIVE_BOOKING_STATUSES: readonly BookingStatus[] = ['booked', 'checked_in', 'in_service'];

export const BookingSource = z.enum(['desk', 'phone', 'walk_in', 'online']);
export type BookingSource = z.infer<typeof BookingSource>;

export const Booking = z.object({
  id: Uuid,
  serviceId: Uuid,
  staffId: Uuid,
  customerId: Uuid.nullable(),
  start: Instant,
  end: Instant,
  status: BookingStatus,
  source: BookingSource,
  fields: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  notes: z.string().max(4000).optional(),
});
export type Booking = z.infer<typeof Booking>;

export const WalkInStatus = z.enum(['waiting', 'called', 'started', 'no_show', 'left']);
export type WalkInStatus = z.infer<typeof WalkInStatus>;

export const WalkIn = z.object({
  id: Uuid,
  /** Where the party waits (the API always says; a desk's own new walk-in says when it knows). */
  locationId: Uuid.optional(),
  customerId: Uuid.nullable(),
  customerName: z.string(),
  serviceId: Uuid,
  staffId: Uuid.nullable(),
  partySize: z.number().int().min(1).max(20),
  notes: z.string().max(4000).optional(),
  status: WalkInStatus,
  arrivedAt: Instant,
  position: z.number().int().min(1).nullable(),
  estimatedWaitMinutes: z.number().int().min(0).nullable(),
});
export type WalkIn = z.infer<typeof WalkIn>;

export const ExternalBusy = z.object({
  id: Uuid,
  staffId: Uuid,
  subject: z.string().max(200),
  start: Instant,
  end: Instant,
  durationMinutes: z.number().int().min(0),
  source: z.enum(['google', 'microsoft', 'caldav']),
});
export type ExternalBusy = z.infer<typeof ExternalBusy>;

/** `application/problem+json` body (RFC 9457) as every error of the API is shaped. */
export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type Problem = z.infer<typeof Problem>;
