/**
 * Today's queue of one location with core's estimate (`estimateWalkInWaits`): the location's staff
 * with today's working time (opening ∩ staff hours minus time off, in the location's zone), today's
 * active bookings (an `in_service` one holds its staff at least until now) and imported busy blocks.
 */
import { DateTime } from 'luxon';
import type { WeeklyHours } from '../../core/domain/schemas';
import { estimateWalkInWaits } from '../../core/scheduling';
import type { TodayBooking, WalkInEstimate } from '../../core/scheduling';
import { workingIntervals } from '../../core/time';
import { loadScheduleInputs } from '../availability/schedule-inputs';
import { CatalogRepository } from '../catalog/catalog.repository';
import type { LocationRow } from '../db/entities/platform.entities';
import type { TenantTransaction } from '../db/tenant-scope';
import { StaffRepository } from '../staff/staff.repository';
import { WalkInRepository } from './walk-in.repository';
import type { WalkInRecord } from './walk-in.repository';

/** The queue in order with each party's estimate (same index). */
export interface EstimatedQueue {
  queue: WalkInRecord[];
  estimates: WalkInEstimate[];
}

/** `[start, end)` of the location's local day containing `now`. */
export function localDay(timeZone: string, now: Date): { start: Date; end: Date } {
  const day = DateTime.fromJSDate(now, { zone: timeZone }).startOf('day');
  return { start: day.toJSDate(), end: day.plus({ days: 1 }).toJSDate() };
}

export async function estimateQueue(
  tx: TenantTransaction,
  location: Pick<LocationRow, 'id' | 'timeZone'>,
  now: Date,
): Promise<EstimatedQueue> {
  const day = localDay(location.timeZone, now);
  const walkIns = tx.get(WalkInRepository);
  const queue = await walkIns.queue(location.id, day.start);
  if (queue.length === 0) return { queue, estimates: [] };

  const members = await tx.get(StaffRepository).findByIds(await walkIns.staffIdsAt(location.id));
  const inputs = await loadScheduleInputs(tx, members, day.start, day.end);
  const services = await tx.get(CatalogRepository).findByIds([...new Set(queue.map((w) => w.serviceId))]);
  const bookings: TodayBooking[] = [
    ...inputs.bookings,
    // An imported busy block holds its staff like a booking does.
    ...inputs.busyBlocks.map((b) => ({ ...b, status: 'booked' as const })),
  ];
  const estimates = estimateWalkInWaits({
    now: now.getTime(),
    staff: members.map((m, i) => ({
      id: m.id,
      serviceIds: m.serviceIds,
      hours: workingIntervals(
        {
          timeZone: m.location.timeZone,
          openingHours: m.location.openingHours as WeeklyHours,
          staffHours: m.weeklyHours as WeeklyHours,
          timeOff: inputs.staff[i]!.timeOff,
        },
        day.start.getTime(),
        day.end.getTime(),
      ),
    })),
    services,
    bookings,
    queue: queue.map((w) => ({
      id: w.id,
      serviceId: w.serviceId,
      partySize: w.partySize,
      preferredStaffId: w.staffId,
    })),
  });
  return { queue, estimates };
}
