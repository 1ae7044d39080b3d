/**
 * Loads what core's scheduling functions need for some staff over a time span, from the tenant's
 * tables: their locations, weekly hours and time off, active bookings (with the span each holds)
 * and imported busy blocks. Both availability and booking writes use it, so they see the same data.
 */
import type { WeeklyHours } from '../../core/domain/schemas';
import { toBusyBlock, toBusyBooking } from '../../core/scheduling';
import type { BusyBlock, BusyBooking, SchedulingLocation, SchedulingStaff } from '../../core/scheduling';
import type { TenantTransaction } from '../db/tenant-scope';
import { BookingRepository } from '../bookings/booking.repository';
import type { BookingRecord } from '../bookings/booking.repository';
import { ExternalBusyRepository } from '../external-busy/external-busy.repository';
import { LocationRepository } from '../locations/location.repository';
import { StaffRepository } from '../staff/staff.repository';
import type { StaffRecord } from '../staff/staff.repository';

const MINUTE_MS = 60_000;

/** Scheduling inputs for a set of staff over a span. */
export interface ScheduleInputs {
  staff: SchedulingStaff[];
  /** Zone and opening hours by location id. */
  locations: Map<string, SchedulingLocation>;
  bookings: BusyBooking[];
  busyBlocks: BusyBlock[];
}

/** An active stored booking as core sees it: its buffers are the distance to the span it holds. */
export function toSchedulingBooking(b: BookingRecord): BusyBooking {
  return toBusyBooking(
    {
      id: b.id,
      staffId: b.staffId,
      start: b.start.toISOString(),
      end: b.end.toISOString(),
      status: b.status,
    },
    {
      bufferBeforeMinutes: (b.start.getTime() - b.busyFrom.getTime()) / MINUTE_MS,
      bufferAfterMinutes: (b.busyTo.getTime() - b.end.getTime()) / MINUTE_MS,
    },
  );
}

export async function loadScheduleInputs(
  tx: TenantTransaction,
  members: readonly StaffRecord[],
  from: Date,
  to: Date,
): Promise<ScheduleInputs> {
  const staffIds = members.map((m) => m.id);
  const [locationRows, timeOff, bookings, blocks] = await sequential(
    () => tx.get(LocationRepository).findByIds([...new Set(members.map((m) => m.locationId))]),
    () => tx.get(StaffRepository).timeOffBetween(staffIds, from, to),
    () => tx.get(BookingRepository).activeOverlapping(staffIds, from, to),
    () => tx.get(ExternalBusyRepository).between(from, to, staffIds),
  );
  const timeOffByStaff = new Map<string, { start: number; end: number }[]>();
  for (const t of timeOff) {
    const list = timeOffByStaff.get(t.staffId) ?? [];
    list.push({ start: t.startAt.getTime(), end: t.endAt.getTime() });
    timeOffByStaff.set(t.staffId, list);
  }
  return {
    staff: members.map((m) => ({
      id: m.id,
      serviceIds: m.serviceIds,
      weeklyHours: m.weeklyHours as WeeklyHours,
      timeOff: timeOffByStaff.get(m.id) ?? [],
    })),
    locations: new Map(
      locationRows.map((l) => [l.id, { timeZone: l.timeZone, openingHours: l.openingHours as WeeklyHours }]),
    ),
    bookings: bookings.map(toSchedulingBooking),
    busyBlocks: blocks.map((b) =>
      toBusyBlock({ id: b.id, staffId: b.staffId, start: b.start.toISOString(), end: b.end.toISOString() }),
    ),
  };
}

/** Runs the loaders one after another (one connection per transaction: no parallel statements). */
async function sequential<A, B, C, D>(
  a: () => Promise<A>,
  b: () => Promise<B>,
  c: () => Promise<C>,
  d: () => Promise<D>,
): Promise<[A, B, C, D]> {
  return [await a(), await b(), await c(), await d()];
}
