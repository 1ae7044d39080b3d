/**
 * Walk-in queue estimate: simulates today's queue in order against the staff's remaining free time
 * and tells each waiting party roughly when, and with whom, they will start.
 */
import type { Service } from '../domain/schemas';
import { clipIntervals, MINUTE_MS, normalizeIntervals, subtractIntervals, type Interval } from '../time';
import { isActiveBooking, occupiedSpan } from './busy';
import type { BusyBooking } from './scheduling.types';

/** A staff member's remaining day: services they perform and today's working intervals (epoch ms). */
export interface WalkInStaff {
  id: string;
  serviceIds: readonly string[];
  /** Today's working time, e.g. from `workingIntervals(...)` over today's local day. */
  hours: readonly Interval[];
}

/** The service fields the estimate needs. */
export type WalkInService = Pick<
  Service,
  'id' | 'durationMinutes' | 'bufferBeforeMinutes' | 'bufferAfterMinutes'
>;

/** Today's booking; one `in_service` may carry the end the staff now expects (overrunning or early). */
export interface TodayBooking extends BusyBooking {
  expectedEnd?: number;
}

/** One waiting party, in queue order. */
export interface QueuedWalkIn {
  id: string;
  serviceId: string;
  /** People in the party; each needs the service. Default 1. */
  partySize?: number;
  /** When set, only this staff member will serve the party. */
  preferredStaffId?: string | null;
}

/**
 * When a started party's in-service booking begins: the whole minute of the start, its seconds
 * dropped, so the time it holds ends on the minute grid. Started at 15:45:18, a 30-minute service held
 * the staff member until 16:15:18 and took the 16:15 slot; from 15:45 it leaves 16:15 free.
 */
export function walkInServiceStart(startedAt: number): number {
  return Math.floor(startedAt / MINUTE_MS) * MINUTE_MS;
}

/** Why a party cannot be served today. */
export type WalkInUnservedReason = 'unknown_service' | 'no_qualified_staff' | 'no_time_today';

/** The estimate for one queued party. */
export interface WalkInEstimate {
  walkInId: string;
  /** 1-based position in the queue. */
  position: number;
  /** Minutes from `now` until the party's first member starts, rounded up; null when not today. */
  estimatedWaitMinutes: number | null;
  /** Staff who will likely take the (first member of the) party; null when not today. */
  staffId: string | null;
  /** Staff for each member of the party, in order (empty when not today). */
  staffIds: string[];
  /** Expected start of the first member (epoch ms); null when not today. */
  expectedStart: number | null;
  reason?: WalkInUnservedReason;
}

/** Everything the estimate looks at; `now` is passed in, the function reads no clock. */
export interface EstimateWalkInWaitsInput {
  now: number;
  staff: readonly WalkInStaff[];
  services: readonly WalkInService[];
  /** Today's bookings of the staff; inactive statuses are ignored. */
  bookings: readonly TodayBooking[];
  queue: readonly QueuedWalkIn[];
}

/** Free gaps of one staff member as parallel arrays, plus the queue-order floor. */
interface Timeline {
  staff: WalkInStaff;
  starts: number[];
  ends: number[];
  /** Start of the last walk-in given to this staff: later arrivals never start before it. */
  floor: number;
}

/**
 * Estimates each queued party's wait. Parties are taken in queue order; each member goes to the
 * qualified staff member (only the preferred one, when given) who can start earliest, where a start
 * needs the whole service with its buffers to fit in a free gap between bookings and working-time
 * edges. Per staff member, walk-ins keep queue order: a later party never starts before an earlier
 * one given to the same person, so estimates for one staff member's queue never decrease.
 * A party that cannot be fully served before the staff's day ends gets `null` and takes no time.
 */
export function estimateWalkInWaits(input: EstimateWalkInWaitsInput): WalkInEstimate[] {
  const { now } = input;
  const services = new Map(input.services.map((s) => [s.id, s]));
  const busy = new Map<string, Interval[]>();
  for (const b of input.bookings) {
    if (!isActiveBooking(b)) continue;
    const span = occupiedSpan(b);
    // A service in progress holds the staff until its expected end, and at least until now.
    const end =
      b.status === 'in_service'
        ? Math.max((b.expectedEnd ?? b.end) + (b.bufferAfterMinutes ?? 0) * MINUTE_MS, now)
        : span.end;
    const list = busy.get(b.staffId);
    if (list) list.push({ start: span.start, end });
    else busy.set(b.staffId, [{ start: span.start, end }]);
  }
  const timelines = new Map<string, Timeline>();
  for (const staff of input.staff) {
    const hours = clipIntervals(normalizeIntervals(staff.hours), now, Number.POSITIVE_INFINITY);
    const free = subtractIntervals(hours, normalizeIntervals(busy.get(staff.id) ?? []));
    timelines.set(staff.id, {
      staff,
      starts: free.map((g) => g.start),
      ends: free.map((g) => g.end),
      floor: now,
    });
  }

  return input.queue.map((walkIn, index) => {
    const position = index + 1;
    const unserved = (reason: WalkInUnservedReason): WalkInEstimate => ({
      walkInId: walkIn.id,
      position,
      estimatedWaitMinutes: null,
      staffId: null,
      staffIds: [],
      expectedStart: null,
      reason,
    });
    const service = services.get(walkIn.serviceId);
    if (!service) return unserved('unknown_service');
    const candidates = walkIn.preferredStaffId
      ? [timelines.get(walkIn.preferredStaffId)].filter((t) => t !== undefined)
      : [...timelines.values()];
    const qualified = candidates.filter((t) => t.staff.serviceIds.includes(service.id));
    if (qualified.length === 0) return unserved('no_qualified_staff');

    const partySize = Math.max(1, walkIn.partySize ?? 1);
    // Only parties of several can fail half-way; keep what they touch so it can be put back.
    const saved = partySize > 1 ? qualified.map(snapshot) : [];
    const placed: { staffId: string; start: number }[] = [];
    for (let member = 0; member < partySize; member++) {
      const best = earliestStart(qualified, service);
      if (!best) {
        saved.forEach(restore);
        return unserved('no_time_today');
      }
      occupy(best.timeline, best.gap, best.start, service);
      placed.push({ staffId: best.timeline.staff.id, start: best.start });
    }
    const first = placed[0]!;
    return {
      walkInId: walkIn.id,
      position,
      estimatedWaitMinutes: Math.max(0, Math.ceil((first.start - now) / MINUTE_MS)),
      staffId: first.staffId,
      staffIds: placed.map((p) => p.staffId),
      expectedStart: first.start,
    };
  });
}

function earliestStart(
  timelines: readonly Timeline[],
  service: WalkInService,
): { timeline: Timeline; gap: number; start: number } | null {
  const before = service.bufferBeforeMinutes * MINUTE_MS;
  const need = (service.durationMinutes + service.bufferAfterMinutes) * MINUTE_MS;
  let best: { timeline: Timeline; gap: number; start: number } | null = null;
  for (const t of timelines) {
    for (let g = 0; g < t.starts.length; g++) {
      const start = Math.max(t.starts[g]! + before, t.floor);
      if (best && start >= best.start) break;
      if (start + need <= t.ends[g]!) {
        best = { timeline: t, gap: g, start };
        break;
      }
    }
  }
  return best;
}

/**
 * Takes the walk-in's span (with buffers) out of gap `g` and moves the queue floor to its start.
 * Everything before the span is dropped: it ends before the new floor, so no later walk-in of this
 * staff member could use it.
 */
function occupy(t: Timeline, g: number, start: number, service: WalkInService): void {
  const spanEnd = start + (service.durationMinutes + service.bufferAfterMinutes) * MINUTE_MS;
  if (spanEnd < t.ends[g]!) {
    t.starts.splice(0, g + 1, spanEnd);
    t.ends.splice(0, g);
  } else {
    t.starts.splice(0, g + 1);
    t.ends.splice(0, g + 1);
  }
  t.floor = start;
}

function snapshot(t: Timeline): Timeline & { original: Timeline } {
  return { staff: t.staff, starts: [...t.starts], ends: [...t.ends], floor: t.floor, original: t };
}

function restore(s: Timeline & { original: Timeline }): void {
  s.original.starts = s.starts;
  s.original.ends = s.ends;
  s.original.floor = s.floor;
}
