/**
 * Desktop notifications of the front desk, decided from today's DaySchedule:
 * - a walk-in still waiting 10 minutes past the start the desk estimated for them;
 * - a booked appointment starting within the next few minutes (the customer is about to arrive).
 * The rules are pure functions over the schedule; {@link DeskNotifier} remembers what was promised
 * and what was already said, so each walk-in and each booking is announced once.
 */
import type { DaySchedule, ScheduleBooking } from '../../core/ipc/schedule.ipc';
import type { WalkIn } from '../../core/domain/schemas';
import { deskText } from '../../core/i18n/desk-texts';
import type { Language } from '../../core/ipc/settings.ipc';
import { sayDeskText } from '../i18n/desk-text';

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
  /** The desk's language, read at each review (notices follow a switch at once); English by default. */
  language?: () => Language;
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
    const language = this.options.language?.() ?? 'en';
    const say = (...args: Parameters<typeof deskText>) => sayDeskText(language, deskText(...args));
    const staffName = new Map(day.staff.map((s) => [s.id, s.name]));
    const serviceName = new Map(day.services.map((s) => [s.id, s.name]));
    const service = (id: string) => serviceName.get(id) ?? deskText('word.service');
    const notices: DeskNotice[] = [];
    for (const walkIn of overdueWalkIns(day, this.promised, t, this.options.graceMinutes)) {
      notices.push({
        key: `walk-in-overdue:${walkIn.id}`,
        kind: 'walk-in-overdue',
        title: say('notice.walkInOverdue.title'),
        body: say('notice.walkInOverdue.body', {
          name: walkIn.customerName || deskText('word.aWalkIn'),
          service: service(walkIn.serviceId),
          waited: Math.floor((t - Date.parse(walkIn.arrivedAt)) / MINUTE_MS),
          late: Math.floor((t - this.promised.get(walkIn.id)!) / MINUTE_MS),
        }),
      });
    }
    for (const booking of arrivingAppointments(day, t, this.options.leadMinutes)) {
      notices.push({
        key: `appointment-arriving:${booking.id}:${booking.start}`,
        kind: 'appointment-arriving',
        title: say('notice.arriving.title', {
          minutes: Math.ceil((Date.parse(booking.start) - t) / MINUTE_MS),
        }),
        body: say(
          'notice.arriving.body',
          {
            name: booking.customerName ?? deskText('word.aCustomer'),
            service: service(booking.serviceId),
            staff: staffName.get(booking.staffId) ?? deskText('word.staff'),
            start: Date.parse(booking.start),
          },
          day.location.timeZone,
        ),
      });
    }
    const fresh = notices.filter((notice) => !this.said.has(notice.key));
    for (const notice of fresh) this.said.add(notice.key);
    return fresh;
  }
}
