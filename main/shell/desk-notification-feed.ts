/**
 * Feeds today's schedule of the open desk to the {@link DeskNotifier}: again whenever main says the
 * schedule or the session changed, and every half minute (a wait grows overdue with no event).
 * Electron only shows what comes out (main/electron/notifications.electron.ts).
 */
import { DateTime } from 'luxon';
import type { DaySchedule } from '../../core/ipc/schedule.ipc';
import type { DeskEventBus } from '../ipc/desk-event-bus';
import type { DeskNotice, DeskNotifierOptions } from './desk-notifications';
import { DeskNotifier } from './desk-notifications';

const CHECK_EVERY_MS = 30_000;

/** The parts of the session the feed reads: the open account's zone, cache and whether it is signed in. */
export interface OpenDeskView {
  current(): {
    account: { timeZone: string };
    cache: { schedule: { getDay(args: { date: string }): DaySchedule } };
    desk: unknown;
  } | null;
}

/** Today's schedule (in the business's zone) of a signed-in desk; null otherwise or when not cached. */
export function todaysSchedule(session: OpenDeskView, now: Date): DaySchedule | null {
  const open = session.current();
  if (!open || open.desk === null) return null;
  const date = DateTime.fromJSDate(now, { zone: open.account.timeZone }).toISODate();
  if (!date) return null;
  try {
    return open.cache.schedule.getDay({ date });
  } catch {
    return null; // not downloaded yet
  }
}

export interface DeskNotificationFeedDeps {
  readToday(now: Date): DaySchedule | null;
  events: Pick<DeskEventBus, 'subscribe'>;
  notify(notice: DeskNotice): void;
  now?: () => Date;
  checkEveryMs?: number;
  rules?: DeskNotifierOptions;
  log?: (message: string, error: unknown) => void;
}

export class DeskNotificationFeed {
  private readonly notifier: DeskNotifier;
  private timer: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly deps: DeskNotificationFeedDeps) {
    this.notifier = new DeskNotifier(deps.rules);
  }

  start(): void {
    if (this.timer) return;
    this.unsubscribe = this.deps.events.subscribe((event) => {
      if (event.name === 'schedule:changed' || event.name === 'session:status') this.check();
    });
    this.timer = setInterval(() => this.check(), this.deps.checkEveryMs ?? CHECK_EVERY_MS);
    this.timer.unref();
    this.check();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  /** Reads today's schedule and shows what became due. */
  check(): void {
    try {
      const now = this.deps.now?.() ?? new Date();
      const day = this.deps.readToday(now);
      if (!day) return;
      for (const notice of this.notifier.review(day, now)) this.deps.notify(notice);
    } catch (error) {
      this.deps.log?.('Could not check the desk notifications', error);
    }
  }
}
