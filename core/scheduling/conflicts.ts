/** Conflict check for one proposed booking: what it collides with and whether it is in working time. */
import { containsInterval, intervalsOverlap, MINUTE_MS, workingIntervals, type Interval } from '../time';
import { isActiveBooking, occupiedSpan } from './busy';
import type { BusyBlock, BusyBooking, SchedulingLocation, SchedulingStaff } from './scheduling.types';

/** A booking someone wants to make (or move), with its service's buffers. */
export interface ProposedBooking {
  start: number;
  end: number;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  /** When moving an existing booking: its id, so it does not conflict with itself. */
  replacesBookingId?: string;
}

/** Everything the check looks at. Bookings and blocks of other staff are ignored. */
export interface CheckConflictsInput {
  proposed: ProposedBooking;
  staff: SchedulingStaff;
  location: SchedulingLocation;
  bookings: readonly BusyBooking[];
  busyBlocks?: readonly BusyBlock[];
}

/** The outcome; `ok` only when nothing overlaps and the whole span is working time. */
export interface ConflictReport {
  ok: boolean;
  /** Ids of active bookings whose span (with their buffers) meets the proposed span (with its buffers). */
  bookingIds: string[];
  /** Ids of busy blocks that meet the proposed span (with its buffers). */
  busyBlockIds: string[];
  /** True when `[start - buffer before, end + buffer after)` lies inside one working interval. */
  withinWorkingHours: boolean;
}

/** Checks one proposed booking against the staff member's bookings, busy blocks and working time. */
export function checkConflicts(input: CheckConflictsInput): ConflictReport {
  const { proposed, staff } = input;
  if (!(proposed.end > proposed.start)) throw new RangeError('a booking must end after it starts');
  const span: Interval = {
    start: proposed.start - proposed.bufferBeforeMinutes * MINUTE_MS,
    end: proposed.end + proposed.bufferAfterMinutes * MINUTE_MS,
  };
  const bookingIds = input.bookings
    .filter(
      (b) =>
        b.staffId === staff.id &&
        b.id !== proposed.replacesBookingId &&
        isActiveBooking(b) &&
        intervalsOverlap(span, occupiedSpan(b)),
    )
    .map((b) => b.id);
  const busyBlockIds = (input.busyBlocks ?? [])
    .filter((b) => b.staffId === staff.id && intervalsOverlap(span, b))
    .map((b) => b.id);
  const working = workingIntervals(
    {
      timeZone: input.location.timeZone,
      openingHours: input.location.openingHours,
      staffHours: staff.weeklyHours,
      weeklyBreaks: staff.weeklyBreaks,
      timeOff: staff.timeOff,
    },
    span.start,
    span.end,
  );
  const withinWorkingHours = containsInterval(working, span);
  return {
    ok: withinWorkingHours && bookingIds.length === 0 && busyBlockIds.length === 0,
    bookingIds,
    busyBlockIds,
    withinWorkingHours,
  };
}
