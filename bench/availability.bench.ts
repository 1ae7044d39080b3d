/**
 * availability: free slots for one service over 50 staff × 14 days with 20,000 existing bookings and
 * busy blocks (seeded PRNG), 15-minute steps, in Europe/London across the spring-forward week.
 *
 * Baseline, measured in the same run: the floor of the work — group the same 20,000 intervals by
 * staff, sort each list and sweep it once to compute the free gaps inside the 14-day range, with no
 * working hours, time zones or slot generation.
 */
import { findFreeSlots, type BusyBlock, type BusyBooking, type SchedulingStaff } from '../core/scheduling';
import type { WeeklyHours } from '../core/domain/schemas';
import { median, percentile, printBench, timeRuns } from './report';
import { seededRandom } from './seeded-random';

const MIN = 60_000;
const DAY = 1440 * MIN;
const STAFF = 50;
const DAYS = 14;
const INTERVALS = 20_000;
const RUNS = 30;

function dataset() {
  const random = seededRandom(20260329);
  const from = Date.parse('2026-03-23T00:00:00Z');
  const to = from + DAYS * DAY;
  const weekday: WeeklyHours = {
    mon: [
      ['09:00', '13:00'],
      ['14:00', '18:00'],
    ],
  };
  const staff: SchedulingStaff[] = Array.from({ length: STAFF }, (_, i) => {
    const late = i % 3 === 0;
    const hours: [string, string][] = late
      ? [
          ['11:00', '15:00'],
          ['15:30', '20:00'],
        ]
      : (weekday.mon as [string, string][]);
    const days = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].filter((_, d) => (d + i) % 7 !== 0);
    return {
      id: `staff-${i}`,
      serviceIds: ['svc-cut', 'svc-other'],
      weeklyHours: Object.fromEntries(days.map((d) => [d, hours])),
    };
  });
  const bookings: BusyBooking[] = [];
  const busyBlocks: BusyBlock[] = [];
  for (let i = 0; i < INTERVALS; i++) {
    const staffId = `staff-${Math.floor(random() * STAFF)}`;
    const day = from + Math.floor(random() * DAYS) * DAY;
    if (i % 5 < 3) {
      // Bookings fall in opening hours and last 15–60 minutes.
      const start = day + (8 * 60 + Math.floor(random() * 48) * 15) * MIN;
      const end = start + (1 + Math.floor(random() * 4)) * 15 * MIN;
      bookings.push({
        id: `b${i}`,
        staffId,
        start,
        end,
        bufferBeforeMinutes: 0,
        bufferAfterMinutes: 5 * Math.floor(random() * 3),
        status: 'booked',
      });
    } else {
      // Calendar events can be at any hour and last 15 minutes to 2 hours.
      const start = day + Math.floor(random() * 96) * 15 * MIN;
      busyBlocks.push({
        id: `x${i}`,
        staffId,
        start,
        end: start + (1 + Math.floor(random() * 8)) * 15 * MIN,
      });
    }
  }
  return { from, to, staff, bookings, busyBlocks };
}

/** The floor: per-staff sort and one sweep computing free gaps within [from, to). */
function sortAndSweep(
  bookings: readonly BusyBooking[],
  blocks: readonly BusyBlock[],
  from: number,
  to: number,
): number {
  const byStaff = new Map<string, { start: number; end: number }[]>();
  const add = (staffId: string, start: number, end: number) => {
    const list = byStaff.get(staffId);
    if (list) list.push({ start, end });
    else byStaff.set(staffId, [{ start, end }]);
  };
  for (const b of bookings)
    add(b.staffId, b.start - (b.bufferBeforeMinutes ?? 0) * MIN, b.end + (b.bufferAfterMinutes ?? 0) * MIN);
  for (const b of blocks) add(b.staffId, b.start, b.end);
  let gaps = 0;
  for (const list of byStaff.values()) {
    list.sort((a, b) => a.start - b.start);
    let cursor = from;
    for (const i of list) {
      if (i.start > cursor) gaps++;
      if (i.end > cursor) cursor = i.end;
    }
    if (cursor < to) gaps++;
  }
  return gaps;
}

export async function run(): Promise<void> {
  const { from, to, staff, bookings, busyBlocks } = dataset();
  const input = {
    service: {
      id: 'svc-cut',
      durationMinutes: 45,
      bufferBeforeMinutes: 5,
      bufferAfterMinutes: 10,
      minNoticeMinutes: 60,
      maxAdvanceDays: 60,
    },
    staff,
    location: {
      timeZone: 'Europe/London',
      openingHours: Object.fromEntries(
        ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['08:00', '20:00']]]),
      ),
    },
    bookings,
    busyBlocks,
    from,
    to,
    now: from - 60 * MIN,
    stepMinutes: 15,
  };
  const slots = findFreeSlots(input);
  const offers = slots.reduce((n, s) => n + s.staffIds.length, 0);
  console.log(
    `${STAFF} staff × ${DAYS} days, ${bookings.length} bookings + ${busyBlocks.length} busy blocks: ${slots.length} slot starts, ${offers} staff offers`,
  );

  // Interleave the two measurements so both see the same machine state.
  const ours: number[] = [];
  const base: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    ours.push(...timeRuns(() => findFreeSlots(input), 1, i === 0 ? 3 : 0));
    base.push(...timeRuns(() => sortAndSweep(bookings, busyBlocks, from, to), 1, i === 0 ? 3 : 0));
  }
  console.log(
    `findFreeSlots p90 ${percentile(ours, 90).toFixed(2)} ms; sort-and-sweep p90 ${percentile(base, 90).toFixed(2)} ms`,
  );
  printBench('availability', median(ours), 'ms', median(base));
}
