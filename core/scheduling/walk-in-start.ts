/**
 * Who can take a walk-in now: the staff who perform its service and whose working time holds the
 * whole service (with its buffers) from now on, by the same rule that refuses a booking "outside
 * working hours" ({@link checkConflicts}). Bookings are not looked at: starting a walk-in beside one
 * is the receptionist's call.
 */
import { checkConflicts } from './conflicts';
import type { SchedulingLocation, SchedulingService, SchedulingStaff } from './scheduling.types';

export interface WalkInStartInput<S extends SchedulingStaff = SchedulingStaff> {
  now: number;
  service: Pick<SchedulingService, 'id' | 'durationMinutes' | 'bufferBeforeMinutes' | 'bufferAfterMinutes'>;
  staff: readonly S[];
  location: SchedulingLocation;
}

/** The members of `staff` (in their order) who can start the service at `now`. */
export function staffFreeToStartNow<S extends SchedulingStaff>(input: WalkInStartInput<S>): S[] {
  const { now, service, location } = input;
  return input.staff.filter(
    (member) =>
      member.serviceIds.includes(service.id) &&
      checkConflicts({
        proposed: {
          start: now,
          end: now + service.durationMinutes * 60_000,
          bufferBeforeMinutes: service.bufferBeforeMinutes,
          bufferAfterMinutes: service.bufferAfterMinutes,
        },
        staff: member,
        location,
        bookings: [],
      }).withinWorkingHours,
  );
}
