/**
 * Plain-data inputs shared by the scheduling functions. Instants are epoch milliseconds (UTC);
 * callers convert the API's ISO strings once at the edge (see {@link toBusyBooking}).
 */
import type {
  Booking,
  BookingStatus,
  ExternalBusy,
  Location,
  Service,
  Staff,
  WeeklyHours,
} from '../domain/schemas';
import type { Interval } from '../time';

/** The service fields scheduling needs. */
export type SchedulingService = Pick<
  Service,
  | 'id'
  | 'durationMinutes'
  | 'bufferBeforeMinutes'
  | 'bufferAfterMinutes'
  | 'minNoticeMinutes'
  | 'maxAdvanceDays'
>;

/** A staff member as scheduling sees them. */
export interface SchedulingStaff extends Pick<Staff, 'id' | 'serviceIds' | 'weeklyHours'> {
  /** Recurring breaks as weekly wall-clock ranges, subtracted from the working hours. */
  weeklyBreaks?: WeeklyHours;
  /** Absences as UTC intervals (epoch ms). */
  timeOff?: readonly Interval[];
}

/** The location fields scheduling needs: its zone and opening hours. */
export type SchedulingLocation = Pick<Location, 'timeZone' | 'openingHours'>;

/**
 * An existing booking holding a staff member's time. Its buffers (from its own service) are
 * busy too. A status outside ACTIVE_BOOKING_STATUSES (cancelled, completed, no-show) holds nothing.
 */
export interface BusyBooking {
  id: string;
  staffId: string;
  start: number;
  end: number;
  bufferBeforeMinutes?: number;
  bufferAfterMinutes?: number;
  status?: BookingStatus;
}

/** An imported external calendar event (or any other block) that makes a staff member busy. */
export interface BusyBlock {
  id: string;
  staffId: string;
  start: number;
  end: number;
}

/** Converts an API booking plus its service's buffers to a {@link BusyBooking}. */
export function toBusyBooking(
  booking: Pick<Booking, 'id' | 'staffId' | 'start' | 'end' | 'status'>,
  service?: Pick<Service, 'bufferBeforeMinutes' | 'bufferAfterMinutes'>,
): BusyBooking {
  return {
    id: booking.id,
    staffId: booking.staffId,
    start: Date.parse(booking.start),
    end: Date.parse(booking.end),
    bufferBeforeMinutes: service?.bufferBeforeMinutes ?? 0,
    bufferAfterMinutes: service?.bufferAfterMinutes ?? 0,
    status: booking.status,
  };
}

/** Converts an imported external busy block to a {@link BusyBlock}. */
export function toBusyBlock(block: Pick<ExternalBusy, 'id' | 'staffId' | 'start' | 'end'>): BusyBlock {
  return { id: block.id, staffId: block.staffId, start: Date.parse(block.start), end: Date.parse(block.end) };
}
