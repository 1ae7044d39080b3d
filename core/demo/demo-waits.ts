/**
 * A small earliest-free-chair estimate for the demo's walk-ins, so the seeded queue shows plausible
 * waits. The scheduling core's walk-in estimator replaces it once the API computes waits.
 */
import type { Booking, ExternalBusy, Service, Staff } from '../domain/schemas';
import { ACTIVE_BOOKING_STATUSES } from '../domain/schemas';

export interface DemoWaitInput {
  /** The moment the queue is estimated from (epoch ms). */
  at: number;
  staff: Staff[];
  services: Service[];
  bookings: Booking[];
  busy: ExternalBusy[];
  /** Working intervals (epoch ms) of a staff member on the day. */
  hoursOf: (member: Staff) => [number, number][];
  /** The queued walk-ins' services, in queue order. */
  queue: Service[];
}

const MINUTE = 60_000;

/** Minutes each queued walk-in waits until a qualified staff member has a long enough gap. */
export function estimateDemoWaits(input: DemoWaitInput): number[] {
  const serviceById = new Map(input.services.map((s) => [s.id, s]));
  const taken = new Map<string, [number, number][]>(input.staff.map((m) => [m.id, []]));
  for (const b of input.bookings) {
    if (!ACTIVE_BOOKING_STATUSES.includes(b.status)) continue;
    const svc = serviceById.get(b.serviceId);
    const before = (svc?.bufferBeforeMinutes ?? 0) * MINUTE;
    const after = (svc?.bufferAfterMinutes ?? 0) * MINUTE;
    taken.get(b.staffId)?.push([Date.parse(b.start) - before, Date.parse(b.end) + after]);
  }
  for (const x of input.busy) taken.get(x.staffId)?.push([Date.parse(x.start), Date.parse(x.end)]);

  return input.queue.map((service) => {
    const need = (service.durationMinutes + service.bufferAfterMinutes) * MINUTE;
    let best: { staffId: string; start: number } | null = null;
    for (const member of input.staff) {
      if (!member.serviceIds.includes(service.id)) continue;
      const start = firstGap(input.at, need, input.hoursOf(member), taken.get(member.id) ?? []);
      if (start !== null && (best === null || start < best.start)) best = { staffId: member.id, start };
    }
    if (best === null) return 0;
    taken.get(best.staffId)!.push([best.start, best.start + need]);
    return Math.round((best.start - input.at) / MINUTE);
  });
}

function firstGap(
  from: number,
  need: number,
  hours: [number, number][],
  taken: [number, number][],
): number | null {
  const sorted = [...taken].sort((a, b) => a[0] - b[0]);
  for (const [open, close] of hours) {
    let t = Math.max(from, open);
    for (const [s, e] of sorted) {
      if (e <= t) continue;
      if (s >= t + need) break;
      t = Math.max(t, e);
    }
    if (t + need <= close) return t;
  }
  return null;
}
