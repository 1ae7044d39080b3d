/**
 * Creates the demo business's data on the API through its REST routes, as the signed-in owner:
 * the signup's location gets the demo's zone and hours, then services, staff, customers, today's
 * bookings (statuses moved through PATCH) and the walk-in queue.
 *
 * The API refuses new bookings that start in the past. Services are created with no minimum notice
 * (and given the demo's notice afterwards) so that everything still ahead today is accepted. An
 * appointment of today that is already over (completed, no-show) is recorded the way the API lets a
 * desk record one after the fact: booked at the same time tomorrow, then moved back to its real start
 * by the same PATCH that ends it (an ended booking holds no time, so the API checks no slot for it;
 * server/bookings/booking.service.ts `move`). One still in the chair since before now cannot be
 * recorded at all (an active booking cannot start in the past) and is left out.
 */
import { DateTime } from 'luxon';
import type { Booking } from '../../core/domain/schemas';
import type { DemoBusiness } from '../../core/demo/demo-business';
import type { ApiClient, ApiResult } from '../api/api.client';

/** What was created, and what the API would not take. */
export interface DemoApiSeedResult {
  services: number;
  staff: number;
  customers: number;
  bookings: number;
  walkIns: number;
  /** Demo bookings that started before now and could not be recorded (in service since then). */
  pastBookings: number;
  /** Demo bookings already over, recorded after the fact (included in `bookings`). */
  recordedAfterTheFact: number;
  /** One line per refused call, `METHOD path: title`. */
  refused: string[];
}

/** The status moves from `booked` that reach each demo status (API.md "bookings"). */
const PATH_TO: Record<Booking['status'], Booking['status'][]> = {
  booked: [],
  checked_in: ['checked_in'],
  in_service: ['checked_in', 'in_service'],
  completed: ['checked_in', 'in_service', 'completed'],
  no_show: ['no_show'],
  cancelled: ['cancelled'],
};

export class DemoApiSeeder {
  constructor(
    private readonly api: Pick<ApiClient, 'call'>,
    private readonly token: string,
  ) {}

  async seed(demo: DemoBusiness, locationId: string, now: Date): Promise<DemoApiSeedResult> {
    const result: DemoApiSeedResult = {
      services: 0,
      staff: 0,
      customers: 0,
      bookings: 0,
      walkIns: 0,
      pastBookings: 0,
      recordedAfterTheFact: 0,
      refused: [],
    };
    const { id: _demoLocationId, ...location } = demo.location;
    await this.send('PATCH', `/v1/locations/${locationId}`, location, result);

    for (const service of demo.services) {
      if (await this.send('POST', '/v1/services', { ...service, minNoticeMinutes: 0 }, result))
        result.services++;
    }
    for (const member of demo.staff) {
      if (await this.send('POST', '/v1/staff', { ...member, locationId }, result)) result.staff++;
    }
    for (const customer of demo.customers) {
      if (await this.send('POST', '/v1/customers', customer, result)) result.customers++;
    }

    for (const booking of demo.bookings) {
      if (Date.parse(booking.start) >= now.getTime()) await this.book(booking, booking.start, result);
      else if (booking.status === 'completed' || booking.status === 'no_show')
        await this.recordPast(booking, result);
      else result.pastBookings++;
    }

    for (const service of demo.services) {
      await this.send(
        'PATCH',
        `/v1/services/${service.id}`,
        { minNoticeMinutes: service.minNoticeMinutes },
        result,
      );
    }

    for (const walkIn of demo.walkIns) {
      const body = {
        id: walkIn.id,
        serviceId: walkIn.serviceId,
        partySize: walkIn.partySize,
        ...(walkIn.customerId
          ? { customerId: walkIn.customerId }
          : { customer: { name: walkIn.customerName } }),
      };
      if (await this.send('POST', '/v1/walk-ins', body, result)) result.walkIns++;
    }
    return result;
  }

  /** Books `booking` at `start` and walks it to its demo status; true when it was created. */
  private async book(
    booking: Booking,
    start: string,
    result: DemoApiSeedResult,
    lastMove = {},
  ): Promise<boolean> {
    const body = {
      id: booking.id,
      serviceId: booking.serviceId,
      staffId: booking.staffId,
      customerId: booking.customerId ?? undefined,
      start,
      source: booking.source,
    };
    if (!(await this.send('POST', '/v1/bookings', body, result))) return false;
    result.bookings++;
    const path = PATH_TO[booking.status];
    for (const [i, status] of path.entries()) {
      const patch = i === path.length - 1 ? { status, ...lastMove } : { status };
      if (!(await this.send('PATCH', `/v1/bookings/${booking.id}`, patch, result))) return true;
    }
    return true;
  }

  /** An appointment of today already over: booked a day later, moved back by the PATCH that ends it. */
  private async recordPast(booking: Booking, result: DemoApiSeedResult): Promise<void> {
    const later = DateTime.fromISO(booking.start, { setZone: true }).plus({ days: 1 });
    const recorded = await this.book(booking, later.toISO({ suppressMilliseconds: true })!, result, {
      start: booking.start,
    });
    if (recorded) result.recordedAfterTheFact++;
  }

  private async send(
    method: string,
    path: string,
    body: unknown,
    result: DemoApiSeedResult,
  ): Promise<boolean> {
    const answer: ApiResult<unknown> = await this.api.call(method, path, this.token, body);
    if (!answer.ok) {
      result.refused.push(
        `${method} ${path}: ${answer.problem.title}${answer.problem.detail ? ` (${answer.problem.detail})` : ''}`,
      );
    }
    return answer.ok;
  }
}
