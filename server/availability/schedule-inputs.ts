/**
 * Loads what core's scheduling functions need for some staff over a time span, from the tenant's
 * tables: their locations, weekly hours and time off, active bookings (with the span each holds)
 * and imported busy blocks. Both availability and booking writes use it, so they see the same data.
 */
import type { WeeklyHours } from '../../core/domain/schemas';
import { toBusyBlock, toBusyBooking } from '../../core/scheduling';
import type { BusyBlock, BusyBooking, SchedulingLocation, SchedulingStaff } from '../../core/scheduling';
import type { Interval } from '../../core/time';
import { BookingRepository } from '../bookings/booking.repository';
import type { HeldTime } from '../bookings/booking.repository';
import type { TenantTransaction } from '../db/tenant-scope';
import type { StaffRecord } from '../staff/staff.repository';

const MINUTE_MS = 60_000;

/** Scheduling inputs for a set of staff over a span. */
export interface ScheduleInputs {
  /** In the order of the members given. */
  staff: SchedulingStaff[];
  /** Zone and opening hours by location id. */
  locations: Map<string, SchedulingLocation>;
  bookings: BusyBooking[];
  busyBlocks: BusyBlock[];
}

/** An active stored booking as core sees it: its buffers are the distance to the span it holds. */
export function toSchedulingBooking(
  b: Pick<HeldTime, 'id' | 'staffId' | 'start' | 'end' | 'busyFrom' | 'busyTo' | 'status'>,
): BusyBooking {
  return toBusyBooking(
    {
      id: b.id,
      staffId: b.staffId,
      start: b.start.toISOString(),
      end: b.end.toISOString(),
      status: b.status ?? 'booked',
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
  const held = await tx.get(BookingRepository).heldTime(
    members.map((m) => m.id),
    from,
    to,
  );
  return scheduleInputsFrom(members, held);
}

/** The scheduling inputs of `members` from the held time already read for them (BookingRepository.heldTime). */
export function scheduleInputsFrom(
  members: readonly StaffRecord[],
  held: readonly HeldTime[],
): ScheduleInputs {
  const timeOff = new Map<string, Interval[]>();
  const bookings: BusyBooking[] = [];
  const busyBlocks: BusyBlock[] = [];
  for (const h of held) {
    if (h.kind === 'booking') bookings.push(toSchedulingBooking(h));
    else if (h.kind === 'busy') {
      busyBlocks.push(
        toBusyBlock({ id: h.id, staffId: h.staffId, start: h.start.toISOString(), end: h.end.toISOString() }),
      );
    } else {
      const list = timeOff.get(h.staffId) ?? [];
      list.push({ start: h.start.getTime(), end: h.end.getTime() });
      timeOff.set(h.staffId, list);
    }
  }
  return {
    staff: members.map((m) => ({
      id: m.id,
      serviceIds: m.serviceIds,
      weeklyHours: m.weeklyHours as WeeklyHours,
      timeOff: timeOff.get(m.id) ?? [],
    })),
    locations: new Map(
      members.map((m) => [
        m.locationId,
        { timeZone: m.location.timeZone, openingHours: m.location.openingHours as WeeklyHours },
      ]),
    ),
    bookings,
    busyBlocks,
  };
}
