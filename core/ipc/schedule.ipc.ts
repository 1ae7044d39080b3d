/** The `schedule` domain: read one day of the front desk's schedule from the local cache. */
import { z } from 'zod';
import { Booking, ExternalBusy, Location, Service, Staff, Uuid, WalkIn } from '../domain/schemas';
import { channel } from './channel';

/** A calendar date `YYYY-MM-DD`, read in the location's time zone. */
export const IsoDate = z.iso.date();

/** A booking as the schedule shows it: the customer's display name travels with it. */
export const ScheduleBooking = Booking.extend({ customerName: z.string().nullable() });
export type ScheduleBooking = z.infer<typeof ScheduleBooking>;

export const DaySchedule = z.object({
  date: IsoDate,
  location: Location,
  staff: z.array(Staff),
  services: z.array(Service),
  bookings: z.array(ScheduleBooking),
  walkIns: z.array(WalkIn),
  busy: z.array(ExternalBusy),
  /** Ids of the bookings and walk-ins above that the API has not confirmed yet (made at this desk). */
  pending: z.array(z.string()),
  /** The staff's absences overlapping the day, as epoch-ms intervals (who can start a walk-in now). */
  timeOff: z.array(z.object({ staffId: Uuid, start: z.number(), end: z.number() })).optional(),
});
export type DaySchedule = z.infer<typeof DaySchedule>;

/** The business's locations as cached (the API's order) and the one the desk now shows. */
export const DeskLocations = z.object({
  locations: z.array(Location),
  /** The location the schedule, queue and free times are read for; null before the first sync. */
  currentId: Uuid.nullable(),
});
export type DeskLocations = z.infer<typeof DeskLocations>;

export const scheduleIpc = {
  /** Where the desk can work; the choice itself is kept with `settings:set {locationId}`. */
  'schedule:locations': channel(z.object({}).strict(), DeskLocations),
  'schedule:getDay': channel(z.object({ date: IsoDate }).strict(), DaySchedule),
  /** Several days at once (a week view): inclusive dates, at most 31 days. */
  'schedule:getRange': channel(
    z
      .object({ from: IsoDate, to: IsoDate })
      .strict()
      .refine((r) => r.from <= r.to, { message: 'from must not be after to', path: ['to'] })
      .refine((r) => Date.parse(r.to) - Date.parse(r.from) <= 30 * 86_400_000, {
        message: 'at most 31 days',
        path: ['to'],
      }),
    z.array(DaySchedule),
  ),
} as const;
