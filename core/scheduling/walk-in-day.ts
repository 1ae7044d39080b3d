/**
 * The walk-in estimate over one cached day of a location, as the desk holds it: the staff's working
 * time of the local day (opening hours ∩ their hours, by core's rule), the day's bookings with their
 * services' buffers and the staff's busy blocks and time off. The desk's main process fills in queue
 * waits with it, and names who can start a party now, the one it will likely take first.
 */
import { DateTime } from 'luxon';
import type { Booking, ExternalBusy, Location, Service, Staff, WalkIn } from '../domain/schemas';
import { workingIntervals } from '../time';
import { toBusyBlock, toBusyBooking } from './scheduling.types';
import { estimateWalkInWaits, type WalkInEstimate } from './walk-in-estimate';
import { staffFreeToStartNow } from './walk-in-start';

/** One local day of a location as cached. */
export interface WalkInDay {
  date: string;
  location: Pick<Location, 'timeZone' | 'openingHours'>;
  staff: readonly Pick<Staff, 'id' | 'serviceIds' | 'weeklyHours'>[];
  services: readonly Service[];
  bookings: readonly Pick<Booking, 'id' | 'staffId' | 'serviceId' | 'start' | 'end' | 'status'>[];
  busy: readonly Pick<ExternalBusy, 'id' | 'staffId' | 'start' | 'end'>[];
  /** The staff's absences overlapping the day (epoch ms): no one is expected to serve while off. */
  timeOff?: readonly { staffId: string; start: number; end: number }[];
}

/** The party fields the estimate reads. */
export type QueuedParty = Pick<WalkIn, 'id' | 'serviceId' | 'partySize' | 'staffId' | 'arrivedAt'>;

/** Estimates for `queue` (in arrival order, which is queue order) at `now` (epoch ms). */
export function estimateDayWaits(
  day: WalkInDay,
  queue: readonly QueuedParty[],
  now: number,
): WalkInEstimate[] {
  const ordered = [...queue].sort((a, b) => Date.parse(a.arrivedAt) - Date.parse(b.arrivedAt));
  const dayStart = DateTime.fromISO(day.date, { zone: day.location.timeZone }).startOf('day');
  const from = dayStart.toMillis();
  const to = dayStart.plus({ days: 1 }).toMillis();
  const serviceById = new Map(day.services.map((s) => [s.id, s]));
  return estimateWalkInWaits({
    now,
    staff: day.staff.map((member) => ({
      id: member.id,
      serviceIds: member.serviceIds,
      hours: workingIntervals(
        {
          timeZone: day.location.timeZone,
          openingHours: day.location.openingHours,
          staffHours: member.weeklyHours,
          timeOff: (day.timeOff ?? []).filter((t) => t.staffId === member.id),
        },
        from,
        to,
      ),
    })),
    services: day.services,
    bookings: [
      ...day.bookings.map((b) => toBusyBooking(b, serviceById.get(b.serviceId))),
      ...day.busy.map((block) => ({ ...toBusyBlock(block), status: 'booked' as const })),
    ],
    queue: ordered.map((w) => ({
      id: w.id,
      serviceId: w.serviceId,
      partySize: w.partySize,
      preferredStaffId: w.staffId,
    })),
  });
}

/** A cached day as {@link staffToStartWalkIn} reads it: the walk-in day plus the staff's names. */
export interface StartDay extends WalkInDay {
  walkIns: readonly QueuedParty[];
}

/**
 * Who can start walk-in `walkInId` at `now` (ids): the staff who perform its service and whose working
 * time (time off too) holds the whole service from now; first the one the wait estimate names, else
 * the party's preferred one. Empty when the party is not on `day` or no one can.
 */
export function staffToStartWalkIn(day: StartDay, walkInId: string, now: number): string[] {
  const walkIn = day.walkIns.find((w) => w.id === walkInId);
  const service = walkIn && day.services.find((s) => s.id === walkIn.serviceId);
  if (!walkIn || !service) return [];
  const staff = day.staff.map((member) => ({
    ...member,
    timeOff: (day.timeOff ?? []).filter((t) => t.staffId === member.id),
  }));
  const able = staffFreeToStartNow({ now, service, staff, location: day.location }).map((s) => s.id);
  const estimated = estimateDayWaits(day, day.walkIns, now).find((e) => e.walkInId === walkInId)?.staffId;
  const first = [estimated, walkIn.staffId].find((id) => id && able.includes(id));
  return first ? [first, ...able.filter((id) => id !== first)] : able;
}
