/** A stored booking as the API shows it: instants in its location's zone with the offset. */
import type { Booking } from '../../core/domain/schemas';
import { formatInZone } from '../../core/domain/zoned-instant';
import type { BookingRecord } from './booking.repository';

export function toBookingView(b: BookingRecord, timeZone: string): Booking {
  return {
    id: b.id,
    serviceId: b.serviceId,
    staffId: b.staffId,
    customerId: b.customerId,
    start: formatInZone(b.start, timeZone),
    end: formatInZone(b.end, timeZone),
    status: b.status,
    source: b.source,
    ...(b.fields !== null ? { fields: b.fields } : {}),
    ...(b.notes !== null ? { notes: b.notes } : {}),
  };
}
