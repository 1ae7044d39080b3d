/** Bookings in the sync protocol: the pull source of entity `booking` (starting in the sync window). */
import { readInstant } from '../db/sql-dialect';
import { readJson, readOptionalText, readText } from '../db/sql-repository';
import { sqlSource } from '../sync/sync-sources';
import type { SyncFeature } from '../sync/sync.module';
import { toBookingView } from './booking.view';

export const bookingSync: SyncFeature = {
  sources: [
    sqlSource(
      'booking',
      {
        from: 'bookings x JOIN locations l ON l.tenant_id = x.tenant_id AND l.id = x.location_id',
        columns: `x.id, x.service_id, x.staff_id, x.customer_id, x.start_at, x.end_at, x.status, x.source, x.fields,
      x.notes, l.time_zone`,
        window: 'x.start_at < ? AND x.start_at >= ?',
      },
      (r) => {
        const start = readInstant(r.start_at);
        const end = readInstant(r.end_at);
        return toBookingView(
          {
            id: readText(r.id),
            locationId: '',
            serviceId: readText(r.service_id),
            staffId: readText(r.staff_id),
            customerId: readOptionalText(r.customer_id),
            start,
            end,
            busyFrom: start,
            busyTo: end,
            status: r.status as 'booked',
            source: r.source as 'desk',
            fields: readJson(r.fields),
            notes: readOptionalText(r.notes),
          },
          readText(r.time_zone),
        );
      },
    ),
  ],
};
