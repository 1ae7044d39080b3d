/** Free appointment slots for one service across the staff who perform it. */
import { DateTime } from 'luxon';
import {
  expandWeeklyMinutes,
  lowerBound,
  MINUTE_MS,
  subtractIntervals,
  toWeeklyMinutes,
  workingIntervalsIn,
  ZoneCalendar,
} from '../time';
import { busyByStaff } from './busy';
import type {
  BusyBlock,
  BusyBooking,
  SchedulingLocation,
  SchedulingService,
  SchedulingStaff,
} from './scheduling.types';

/** What to search: one service, over a UTC range, as seen at `now`. */
export interface FindFreeSlotsInput {
  service: SchedulingService;
  /** Every staff member of the location; those whose `serviceIds` lack the service are ignored. */
  staff: readonly SchedulingStaff[];
  location: SchedulingLocation;
  /** Existing bookings of any of the staff (inactive statuses are ignored). */
  bookings: readonly BusyBooking[];
  /** External calendar events and other blocks. */
  busyBlocks?: readonly BusyBlock[];
  /** Slots *start* in `[from, to)` (epoch ms); their buffers and end may reach past it. */
  from: number;
  to: number;
  /** The current instant; min notice and max advance count from it. */
  now: number;
  /** Slot starts fall on multiples of this many minutes after local midnight. Default 15. */
  stepMinutes?: number;
  /** Only consider these staff (e.g. the customer picked one). */
  onlyStaffIds?: readonly string[];
}

/** A bookable start: `[start, end)` is the service itself (buffers not included), epoch ms. */
export interface FreeSlot {
  start: number;
  end: number;
  /** Staff who can take this slot, in the order of the input staff list. */
  staffIds: string[];
}

/**
 * Lists the slots at which the service can be booked, sorted by start, each with the staff free then.
 *
 * A slot qualifies for a staff member when `[start - bufferBefore, end + bufferAfter)` lies wholly
 * inside their working time (opening hours ∩ their hours, minus breaks and time off) and overlaps no
 * busy interval (active bookings widened by their own buffers, busy blocks); when it starts at or
 * after `now + minNotice` and no later than `now + maxAdvanceDays` local calendar days.
 * Starts are aligned in local wall-clock time; a wall time skipped by DST is not offered, a repeated
 * one is offered once (its first occurrence). Weekly hours and breaks follow core/time's rule for
 * repeated and skipped times (core/time/README.md): a range ending in a repeated hour ends in its
 * second pass, so the hour a 25-hour day gains is bookable.
 *
 * Cost: O(D·1440/step + Σ per staff (n log n) for n busy intervals + slots), one sweep per staff.
 */
export function findFreeSlots(input: FindFreeSlotsInput): FreeSlot[] {
  const { service, from, to, now } = input;
  const step = input.stepMinutes ?? 15;
  if (!Number.isInteger(step) || step < 1 || step > 1440) throw new RangeError(`bad slot step: ${step}`);
  const before = service.bufferBeforeMinutes * MINUTE_MS;
  const duration = service.durationMinutes * MINUTE_MS;
  const after = service.bufferAfterMinutes * MINUTE_MS;
  // The calendar covers every instant a slot's buffers may touch, not only the start range.
  const calendar = ZoneCalendar.of(input.location.timeZone, from - before, to + duration + after);
  if (!(to > from)) return [];

  const earliest = Math.max(from, now + service.minNoticeMinutes * MINUTE_MS);
  const advanceLimit = DateTime.fromMillis(now, { zone: calendar.zone })
    .plus({ days: service.maxAdvanceDays })
    .toMillis();
  const starts = slotStarts(calendar, step, earliest, Math.min(to - 1, advanceLimit));
  if (starts.length === 0) return [];

  const only = input.onlyStaffIds ? new Set(input.onlyStaffIds) : null;
  const qualified = input.staff.filter(
    (s) => s.serviceIds.includes(service.id) && (only === null || only.has(s.id)),
  );
  const busy = busyByStaff(input.bookings, input.busyBlocks ?? [], new Set(qualified.map((s) => s.id)));
  const opening = expandWeeklyMinutes(calendar, toWeeklyMinutes(input.location.openingHours));
  const staffAt: (string[] | undefined)[] = new Array(starts.length);

  for (const member of qualified) {
    const free = subtractIntervals(
      workingIntervalsIn(calendar, opening, {
        hours: toWeeklyMinutes(member.weeklyHours),
        breaks: member.weeklyBreaks ? toWeeklyMinutes(member.weeklyBreaks) : undefined,
        timeOff: member.timeOff,
      }),
      busy.get(member.id) ?? [],
    );
    let c = 0;
    for (const gap of free) {
      const first = gap.start + before;
      const last = gap.end - duration - after;
      if (last < first) continue;
      c = lowerBound(starts, first, c);
      for (; c < starts.length && starts[c]! <= last; c++) {
        const list = staffAt[c];
        if (list) list.push(member.id);
        else staffAt[c] = [member.id];
      }
    }
  }

  const slots: FreeSlot[] = [];
  for (let c = 0; c < starts.length; c++) {
    const staffIds = staffAt[c];
    if (staffIds) slots.push({ start: starts[c]!, end: starts[c]! + duration, staffIds });
  }
  return slots;
}

/** Candidate starts in `[earliest, latest]`: local multiples of `step` minutes, ascending, each once. */
function slotStarts(calendar: ZoneCalendar, step: number, earliest: number, latest: number): number[] {
  const starts: number[] = [];
  for (const day of calendar.days) {
    for (let minute = 0; minute < 1440; minute += step) {
      const instant = calendar.exactInstant(day, minute);
      if (instant === null || instant < earliest) continue;
      if (instant > latest) return starts;
      starts.push(instant);
    }
  }
  return starts;
}
