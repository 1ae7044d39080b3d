/**
 * walk-in-estimate: a queue of 200 walk-ins over 30 staff with 600 bookings today (seeded PRNG),
 * some in service and overrunning, some parties of two, a fifth asking for a given staff member.
 *
 * Baseline, measured in the same run: the floor of a queue simulation — each staff member has one
 * "free at" time (now, or the end of what they are doing), and each walk-in in order takes the
 * qualified staff member free earliest, whose "free at" then moves on by the service. No bookings
 * later in the day, no gap fitting, no closing time. Ours does all of that on top.
 */
import {
  estimateWalkInWaits,
  type QueuedWalkIn,
  type TodayBooking,
  type WalkInService,
  type WalkInStaff,
} from '../core/scheduling';
import { median, percentile, printBench, timeRuns } from './report';
import { seededRandom } from './seeded-random';

const MIN = 60_000;
const STAFF = 30;
const BOOKINGS = 600;
const WALK_INS = 200;
const RUNS = 30;

function dataset() {
  const random = seededRandom(20261127);
  const open = Date.parse('2026-11-27T08:00:00Z');
  const now = open + 150 * MIN;
  const services: WalkInService[] = [15, 30, 45, 60, 90].map((d, i) => ({
    id: `svc-${i}`,
    durationMinutes: d,
    bufferBeforeMinutes: i % 2 === 0 ? 0 : 5,
    bufferAfterMinutes: 5 * (i % 3),
  }));
  const staff: WalkInStaff[] = Array.from({ length: STAFF }, (_, i) => ({
    id: `staff-${i}`,
    serviceIds: services.filter((_, s) => (s + i) % 4 !== 0).map((s) => s.id),
    hours: [
      { start: open + (i % 3) * 60 * MIN, end: open + (4 + (i % 3)) * 60 * MIN },
      { start: open + (5 + (i % 3)) * 60 * MIN, end: open + 11 * 60 * MIN },
    ],
  }));
  const bookings: TodayBooking[] = Array.from({ length: BOOKINGS }, (_, i) => {
    const start = open + Math.floor(random() * 44) * 15 * MIN;
    const end = start + (1 + Math.floor(random() * 4)) * 15 * MIN;
    const inService = start <= now && end > now - 15 * MIN;
    return {
      id: `b${i}`,
      staffId: `staff-${Math.floor(random() * STAFF)}`,
      start,
      end,
      bufferAfterMinutes: 5,
      status: inService ? 'in_service' : 'booked',
      ...(inService ? { expectedEnd: end + Math.floor(random() * 3) * 10 * MIN } : {}),
    };
  });
  const queue: QueuedWalkIn[] = Array.from({ length: WALK_INS }, (_, i) => ({
    id: `w${i}`,
    serviceId: services[Math.floor(random() * services.length)]!.id,
    partySize: random() < 0.1 ? 2 : 1,
    preferredStaffId: random() < 0.2 ? `staff-${Math.floor(random() * STAFF)}` : null,
  }));
  return { now, services, staff, bookings, queue };
}

/** The floor: earliest-free assignment over one "free at" time per staff member. */
function earliestFree({ now, services, staff, bookings, queue }: ReturnType<typeof dataset>): number {
  const duration = new Map(services.map((s) => [s.id, s.durationMinutes * MIN]));
  const freeAt = new Map(staff.map((s) => [s.id, now]));
  for (const b of bookings) {
    if (b.status === 'in_service')
      freeAt.set(b.staffId, Math.max(freeAt.get(b.staffId)!, b.expectedEnd ?? b.end));
  }
  let total = 0;
  for (const w of queue) {
    let best: string | null = null;
    for (const s of staff) {
      if ((w.preferredStaffId && s.id !== w.preferredStaffId) || !s.serviceIds.includes(w.serviceId))
        continue;
      if (best === null || freeAt.get(s.id)! < freeAt.get(best)!) best = s.id;
    }
    if (best === null) continue;
    const start = freeAt.get(best)!;
    freeAt.set(best, start + duration.get(w.serviceId)! * (w.partySize ?? 1));
    total += start - now;
  }
  return total;
}

export async function run(): Promise<void> {
  const data = dataset();
  const estimates = estimateWalkInWaits(data);
  const served = estimates.filter((e) => e.estimatedWaitMinutes !== null);
  console.log(
    `${STAFF} staff, ${BOOKINGS} bookings, ${WALK_INS} walk-ins: ${served.length} served today, ` +
      `last wait ${served.at(-1)?.estimatedWaitMinutes ?? '-'} min`,
  );
  const ours: number[] = [];
  const base: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    ours.push(...timeRuns(() => estimateWalkInWaits(data), 1, i === 0 ? 5 : 0));
    base.push(...timeRuns(() => earliestFree(data), 1, i === 0 ? 5 : 0));
  }
  console.log(
    `estimate p90 ${percentile(ours, 90).toFixed(3)} ms; earliest-free p90 ${percentile(base, 90).toFixed(3)} ms`,
  );
  printBench('walk-in-estimate', median(ours), 'ms', median(base));
}
