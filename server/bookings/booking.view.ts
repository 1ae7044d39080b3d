/** A stored booking as the API shows it: instants in its location's zone with the offset. */
import type { Booking } from '../../core/domain/schemas';
import { formatInZone } from '../../core/domain/zoned-instant';
import type { BookingRecord } from './booking.repository';

/** `format` defaults to core's formatInZone (bulk readers pass an equivalent cached one). */
export function toBookingView(
  b: BookingRecord,
  timeZone: string,
  format: (at: Date, timeZone: string) => string = formatInZone,
): Booking {
  return {
    id: b.id,
    serviceId: b.serviceId,
    staffId: b.staffId,
    customerId: b.customerId,
    start: format(b.start, timeZone),
    end: format(b.end, timeZone),
    status: b.status,
    source: b.source,
    ...(b.fields !== null ? { fields: b.fields } : {}),
    ...(b.notes !== null ? { notes: b.notes } : {}),
  };
}
