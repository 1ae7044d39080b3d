/** Busy time per staff member: bookings widened by their buffers, plus busy blocks. */
import { ACTIVE_BOOKING_STATUSES } from '../domain/schemas';
import { MINUTE_MS, normalizeIntervals, type Interval } from '../time';
import type { BusyBlock, BusyBooking } from './scheduling.types';

/** True when the booking holds its staff member's time (no status counts as active). */
export function isActiveBooking(booking: BusyBooking): boolean {
  return booking.status === undefined || ACTIVE_BOOKING_STATUSES.includes(booking.status);
}

/** The time a booking keeps its staff member from other work: `[start - buffer before, end + buffer after)`. */
export function occupiedSpan(booking: BusyBooking): Interval {
  return {
    start: booking.start - (booking.bufferBeforeMinutes ?? 0) * MINUTE_MS,
    end: booking.end + (booking.bufferAfterMinutes ?? 0) * MINUTE_MS,
  };
}

/** Normalised busy intervals for each staff member (only staff that appear in the inputs). */
export function busyByStaff(
  bookings: readonly BusyBooking[],
  blocks: readonly BusyBlock[],
  staffIds?: ReadonlySet<string>,
): Map<string, Interval[]> {
  const raw = new Map<string, Interval[]>();
  const add = (staffId: string, interval: Interval) => {
    if (staffIds && !staffIds.has(staffId)) return;
    const list = raw.get(staffId);
    if (list) list.push(interval);
    else raw.set(staffId, [interval]);
  };
  for (const b of bookings) if (isActiveBooking(b)) add(b.staffId, occupiedSpan(b));
  for (const b of blocks) add(b.staffId, { start: b.start, end: b.end });
  const out = new Map<string, Interval[]>();
  for (const [staffId, list] of raw) out.set(staffId, normalizeIntervals(list));
  return out;
}
