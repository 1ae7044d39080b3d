/**
 * Bookings in the sync protocol: the pull source of entity `booking` (bookings starting in the sync
 * window) and the push mutations `booking.create|update|cancel|setStatus`, which validate with the
 * routes' schemas, check the routes' roles and call the same service methods.
 */
import { z } from 'zod';
import { CreateBookingBody, UpdateBookingBody } from '../../core/domain/requests';
import { BookingStatus, Instant, Uuid } from '../../core/domain/schemas';
import { readInstant } from '../db/sql-dialect';
import { readJson, readOptionalText, readText } from '../db/sql-repository';
import { DESK_ROLES } from '../front-desk/front-desk.access';
import { define, withId } from '../sync/sync-mutations';
import { sqlSource } from '../sync/sync-sources';
import type { SyncFeature } from '../sync/sync.module';
import type { BookingService } from './booking.service';
import { toBookingView } from './booking.view';

const bookingSource = sqlSource(
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
);

export function bookingSync(bookings: BookingService): SyncFeature {
  return {
    sources: [bookingSource],
    mutations: [
      define({
        name: 'booking.create',
        roles: DESK_ROLES,
        args: CreateBookingBody,
        apply: ({ scope, auth }, args) => bookings.create(scope, auth, args),
      }),
      define({
        name: 'booking.update',
        args: withId(UpdateBookingBody),
        apply: ({ scope, auth }, { id, body }) => bookings.update(scope, auth, id, body),
      }),
      define({
        name: 'booking.cancel',
        roles: DESK_ROLES,
        args: z.strictObject({ id: Uuid }),
        apply: ({ scope }, { id }) => bookings.cancel(scope, id),
      }),
      define({
        name: 'booking.setStatus',
        // `at`: when the desk recorded the move, as PATCH's (BookingService.update).
        args: z.strictObject({ id: Uuid, status: BookingStatus, at: Instant.optional() }),
        apply: ({ scope, auth }, { id, status, at }) =>
          bookings.update(scope, auth, id, { status, ...(at !== undefined ? { at } : {}) }),
      }),
    ],
  };
}
