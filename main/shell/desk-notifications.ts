/**
 * Desktop notifications of the front desk, decided from today's DaySchedule:
 * - a walk-in still waiting 10 minutes past the start the desk estimated for them;
 * - a booked appointment starting within the next few minutes (the customer is about to arrive).
 * The rules are pure functions over the schedule; {@link DeskNotifier} remembers what was promised
 * and what was already said, so each walk-in and each booking is announced once.
 */
import type { DaySchedule, ScheduleBooking } from '../../core/ipc/schedule.ipc';
import type { WalkIn } from '../../core/domain/schemas';

export const WALK_IN_GRACE_MINUTES = 10;
export const ARRIVING_LEAD_MINUTES = 5;
const MINUTE_MS = 60_000;

export interface DeskNotice {
  /** Stable per subject and rule: a notice with the same key is never shown twice. */
  key: string;
  kind: 'walk-in-overdue' | 'appointment-arriving';
  title: string;
  body: string;
}

/**
 * When each waiting walk-in was told they would start: the first estimate the desk saw, counted from
 * when it saw it (the schedule's `estimatedWaitMinutes` is always counted from now, so it moves).
 * Walk-ins no longer waiting are dropped.
 */
export function promisedStarts(
  previous: ReadonlyMap<string, number>,
  day: Pick<DaySchedule, 'walkIns'>,
  now: number,
): Map<string, number> {
  const next = new Map<string, number>();
  for (const walkIn of day.walkIns) {
    if (walkIn.status !== 'waiting') continue;
    const known = previous.get(walkIn.id);
    if (known !== undefined) next.set(walkIn.id, known);
    else if (walkIn.estimatedWaitMinutes !== null)
      next.set(
        walkIn.id,
        Math.max(now, Date.parse(walkIn.arrivedAt)) + walkIn.estimatedWaitMinutes * MINUTE_MS,
      );
  }
  return next;
}

/** Walk-ins still waiting at least `graceMinutes` past their promised start. */
export function overdueWalkIns(
  day: Pick<DaySchedule, 'walkIns'>,
  promised: ReadonlyMap<string, number>,
  now: number,
  graceMinutes = WALK_IN_GRACE_MINUTES,
): WalkIn[] {
  return day.walkIns.filter((walkIn) => {
    const start = promised.get(walkIn.id);
    return walkIn.status === 'waiting' && start !== undefined && now >= start + graceMinutes * MINUTE_MS;
  });
}

/** Booked appointments (not yet checked in) starting after `now` and within `leadMinutes`. */
export function arrivingAppointments(
  day: Pick<DaySchedule, 'bookings'>,
  now: number,
  leadMinutes = ARRIVING_LEAD_MINUTES,
): ScheduleBooking[] {
  return day.bookings.filter((booking) => {
    const start = Date.parse(booking.start);
    return booking.status === 'booked' && start > now && start - now <= leadMinutes * MINUTE_MS;
  });
}

export interface DeskNotifierOptions {
  graceMinutes?: number;
  leadMinutes?: number;
  /** Locale of the times in notices; the system's by default. */
  locale?: string;
}

export class DeskNotifier {
  private date: string | null = null;
  private promised = new Map<string, number>();
  private readonly said = new Set<string>();

  constructor(private readonly options: DeskNotifierOptions = {}) {}

  /** The notices due now that were not given before (for today's schedule `day`). */
  review(day: DaySchedule, now: Date): DeskNotice[] {
    if (day.date !== this.date) {
      this.date = day.date;
      this.promised = new Map();
      this.said.clear();
    }
    const t = now.getTime();
    this.promised = promisedStarts(this.promised, day, t);
    const staffName = new Map(day.staff.map((s) => [s.id, s.name]));
    const serviceName = new Map(day.services.map((s) => [s.id, s.name]));
    const time = new Intl.DateTimeFormat(this.options.locale, {
      hour: '2-digit',
      minute: '2-digit',
      timeZone: day.location.timeZone,
    });
    const notices: DeskNotice[] = [];
    for (const walkIn of overdueWalkIns(day, this.promised, t, this.options.graceMinutes)) {
      const waited = Math.floor((t - Date.parse(walkIn.arrivedAt)) / MINUTE_MS);
      const late = Math.floor((t - this.promised.get(walkIn.id)!) / MINUTE_MS);
      notices.push({
        key: `walk-in-overdue:${walkIn.id}`,
        kind: 'walk-in-overdue',
        title: 'Walk-in waiting too long',
        body: `${walkIn.customerName || 'A walk-in'} (${serviceName.get(walkIn.serviceId) ?? 'service'}) has waited ${waited} min, ${late} min past the estimate.`,
      });
    }
    for (const booking of arrivingAppointments(day, t, this.options.leadMinutes)) {
      const minutes = Math.ceil((Date.parse(booking.start) - t) / MINUTE_MS);
      notices.push({
        key: `appointment-arriving:${booking.id}:${booking.start}`,
        kind: 'appointment-arriving',
        title: `Next appointment in ${minutes} min`,
        body: `${booking.customerName ?? 'A customer'} · ${serviceName.get(booking.serviceId) ?? 'service'} with ${staffName.get(booking.staffId) ?? 'staff'} at ${time.format(Date.parse(booking.start))}`,
      });
    }
    const fresh = notices.filter((notice) => !this.said.has(notice.key));
    for (const notice of fresh) this.said.add(notice.key);
    return fresh;
  }
}
