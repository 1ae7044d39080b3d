/**
 * Queue positions and waits for cached walk-ins that arrived without them: the sync pull sends
 * walk-ins with `position` and `estimatedWaitMinutes` null (they depend on the whole queue and the
 * clock), so the desktop runs core's estimator over the cached day, as the API does for its queue.
 */
import type { Booking, ExternalBusy, Location, Service, Staff, WalkIn } from '../../core/domain/schemas';
import { estimateDayWaits } from '../../core/scheduling/walk-in-day';

export interface CachedDay {
  date: string;
  location: Location;
  staff: Staff[];
  services: Service[];
  bookings: Booking[];
  busy: ExternalBusy[];
  timeOff?: { staffId: string; start: number; end: number }[];
}

/** `queue` (in arrival order) with positions and waits filled in where the API left them null. */
export function withEstimatedWaits(day: CachedDay, queue: WalkIn[], now: Date): WalkIn[] {
  if (queue.every((w) => w.position !== null && w.estimatedWaitMinutes !== null)) return queue;
  const ordered = [...queue].sort((a, b) => Date.parse(a.arrivedAt) - Date.parse(b.arrivedAt));
  // The local day's working time by core's rule (DST, repeated hours, opening hours), as the API's queue.
  const estimates = estimateDayWaits(day, ordered, now.getTime());
  return ordered.map((w, i) => ({
    ...w,
    position: w.position ?? estimates[i]?.position ?? i + 1,
    estimatedWaitMinutes: w.estimatedWaitMinutes ?? estimates[i]?.estimatedWaitMinutes ?? null,
  }));
}
