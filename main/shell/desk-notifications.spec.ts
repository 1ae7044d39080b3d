import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WalkIn } from '../../core/domain/schemas';
import type { DeskEvent } from '../../core/ipc/desk-events';
import type { DaySchedule, ScheduleBooking } from '../../core/ipc/schedule.ipc';
import { DeskEventBus } from '../ipc/desk-event-bus';
import { DeskNotificationFeed, todaysSchedule } from './desk-notification-feed';
import type { DeskNotice } from './desk-notifications';
import { arrivingAppointments, DeskNotifier, overdueWalkIns, promisedStarts } from './desk-notifications';

const ANA = '00000000-0000-4000-8000-0000000000a1';
const CUT = '00000000-0000-4000-8000-0000000000c1';
const at = (time: string) => new Date(`2026-03-10T${time}:00Z`);
const T = (time: string) => at(time).getTime();

function walkIn(
  id: string,
  arrived: string,
  estimate: number | null,
  status: WalkIn['status'] = 'waiting',
): WalkIn {
  return {
    id,
    customerId: null,
    customerName: `Walk-in ${id}`,
    serviceId: CUT,
    staffId: null,
    partySize: 1,
    status,
    arrivedAt: at(arrived).toISOString(),
    position: 1,
    estimatedWaitMinutes: estimate,
  };
}

function booking(id: string, start: string, status: ScheduleBooking['status'] = 'booked'): ScheduleBooking {
  const s = at(start);
  return {
    id,
    serviceId: CUT,
    staffId: ANA,
    customerId: null,
    customerName: 'Dana Levi',
    start: s.toISOString(),
    end: new Date(s.getTime() + 30 * 60_000).toISOString(),
    status,
    source: 'desk',
  };
}

function day(parts: Partial<DaySchedule> = {}): DaySchedule {
  return {
    date: '2026-03-10',
    location: { id: '00000000-0000-4000-8000-000000000001', name: 'Main', timeZone: 'UTC', openingHours: {} },
    staff: [
      {
        id: ANA,
        name: 'Ana',
        locationId: '00000000-0000-4000-8000-000000000001',
        color: '#336699',
        serviceIds: [CUT],
        weeklyHours: {},
      },
    ],
    services: [
      {
        id: CUT,
        name: 'Haircut',
        durationMinutes: 30,
        bufferBeforeMinutes: 0,
        bufferAfterMinutes: 0,
        minNoticeMinutes: 0,
        maxAdvanceDays: 30,
      },
    ],
    bookings: [],
    walkIns: [],
    busy: [],
    pending: [],
    ...parts,
  };
}

describe(overdueWalkIns.name, () => {
  it('flags a walk-in 10 minutes past the start it was promised when first seen', () => {
    const schedule = day({ walkIns: [walkIn('w1', '09:00', 15)] });
    const promised = promisedStarts(new Map(), schedule, T('09:00'));
    expect(promised.get('w1')).toBe(T('09:15'));
    expect(overdueWalkIns(schedule, promised, T('09:24'))).toEqual([]);
    expect(overdueWalkIns(schedule, promised, T('09:25')).map((w) => w.id)).toEqual(['w1']);
  });

  it('keeps the first promise while the live estimate moves', () => {
    const first = promisedStarts(new Map(), day({ walkIns: [walkIn('w1', '09:00', 15)] }), T('09:00'));
    // Twenty minutes on the estimate still says 5 more minutes: the promise is not pushed back.
    const later = day({ walkIns: [walkIn('w1', '09:00', 5)] });
    const promised = promisedStarts(first, later, T('09:20'));
    expect(promised.get('w1')).toBe(T('09:15'));
    expect(overdueWalkIns(later, promised, T('09:25')).map((w) => w.id)).toEqual(['w1']);
  });

  it('ignores walk-ins already called or without an estimate, and forgets them once served', () => {
    const schedule = day({ walkIns: [walkIn('w1', '08:00', null), walkIn('w2', '08:00', 0, 'called')] });
    const promised = promisedStarts(new Map([['w2', T('08:00')]]), schedule, T('09:00'));
    expect(promised.size).toBe(0);
    expect(overdueWalkIns(schedule, promised, T('12:00'))).toEqual([]);
  });
});

describe(arrivingAppointments.name, () => {
  it('lists booked appointments starting within the next N minutes', () => {
    const schedule = day({
      bookings: [
        booking('b1', '10:00'),
        booking('b2', '10:04'),
        booking('b3', '10:06'),
        booking('b4', '10:03', 'checked_in'),
        booking('b5', '09:59'),
      ],
    });
    expect(arrivingAppointments(schedule, T('09:59'), 5).map((b) => b.id)).toEqual(['b1', 'b2']);
    expect(arrivingAppointments(schedule, T('09:59'), 10).map((b) => b.id)).toEqual(['b1', 'b2', 'b3']);
  });
});

describe(DeskNotifier.name, () => {
  it('announces each overdue walk-in and each arriving appointment once', () => {
    const sut = new DeskNotifier({ leadMinutes: 5 });
    const schedule = day({ walkIns: [walkIn('w1', '09:00', 15)], bookings: [booking('b1', '09:30')] });
    expect(sut.review(schedule, at('09:00'))).toEqual([]);
    const notices = sut.review(schedule, at('09:26'));
    expect(notices).toEqual([
      {
        key: 'walk-in-overdue:w1',
        kind: 'walk-in-overdue',
        title: 'Walk-in waiting too long',
        body: 'Walk-in w1 (Haircut) has waited 26 min, 11 min past the estimate.',
      },
      {
        key: `appointment-arriving:b1:${at('09:30').toISOString()}`,
        kind: 'appointment-arriving',
        title: 'Next appointment in 4 min',
        body: 'Dana Levi · Haircut with Ana at 09:30',
      },
    ]);
    expect(sut.review(schedule, at('09:27'))).toEqual([]);
  });

  it('says its notices in the language the desk is set to, Persian digits and times included', () => {
    let language: 'en' | 'fa' = 'fa';
    const sut = new DeskNotifier({ leadMinutes: 5, language: () => language });
    const schedule = day({ walkIns: [walkIn('w1', '09:00', 15)], bookings: [booking('b1', '09:30')] });
    expect(sut.review(schedule, at('09:00'))).toEqual([]);

    expect(sut.review(schedule, at('09:26'))).toEqual([
      expect.objectContaining({
        title: 'مراجعهٔ حضوری بیش از حد منتظر مانده',
        body: 'Walk-in w1 (Haircut) ۲۶ دقیقه منتظر مانده است، ۱۱ دقیقه بیش از زمان برآوردشده.',
      }),
      expect.objectContaining({
        title: 'نوبت بعدی تا ۴ دقیقهٔ دیگر',
        body: 'Dana Levi · Haircut با Ana ساعت ۰۹:۳۰',
      }),
    ]);
    language = 'en';
    const later = day({ bookings: [booking('b2', '09:40')] });
    expect(sut.review(later, at('09:37'))).toEqual([
      expect.objectContaining({
        title: 'Next appointment in 3 min',
        body: 'Dana Levi · Haircut with Ana at 09:40',
      }),
    ]);
  });

  it('announces a moved appointment again and starts afresh on a new day', () => {
    const sut = new DeskNotifier();
    expect(sut.review(day({ bookings: [booking('b1', '09:30')] }), at('09:27'))).toHaveLength(1);
    expect(sut.review(day({ bookings: [booking('b1', '09:31')] }), at('09:28'))).toHaveLength(1);
    const tomorrow = { ...day({ bookings: [booking('b1', '09:31')] }), date: '2026-03-11' };
    expect(sut.review(tomorrow, at('09:28'))).toHaveLength(1);
  });
});

describe(DeskNotificationFeed.name, () => {
  afterEach(() => vi.useRealTimers());

  it('checks when the schedule changes and as time passes', () => {
    vi.useFakeTimers();
    vi.setSystemTime(at('09:00'));
    const events = new DeskEventBus();
    let schedule = day({ walkIns: [walkIn('w1', '09:00', 15)] });
    const shown: DeskNotice[] = [];
    const sut = new DeskNotificationFeed({
      readToday: () => schedule,
      events,
      notify: (notice) => shown.push(notice),
      checkEveryMs: 30_000,
    });
    sut.start();
    schedule = day({ walkIns: [walkIn('w1', '09:00', 15)], bookings: [booking('b1', '09:03')] });
    const changed: DeskEvent = {
      name: 'schedule:changed',
      payload: { from: '2026-03-10', to: '2026-03-10' },
    };
    events.emit(changed);
    expect(shown.map((n) => n.kind)).toEqual(['appointment-arriving']);
    vi.advanceTimersByTime(25 * 60_000);
    expect(shown.map((n) => n.kind)).toEqual(['appointment-arriving', 'walk-in-overdue']);
    sut.stop();
    vi.advanceTimersByTime(60 * 60_000);
    expect(shown).toHaveLength(2);
  });
});

describe(todaysSchedule.name, () => {
  it("reads today's date in the business's zone from a signed-in desk only", () => {
    const asked: string[] = [];
    const open = {
      account: { timeZone: 'Asia/Tehran' },
      cache: { schedule: { getDay: ({ date }: { date: string }) => (asked.push(date), day({ date })) } },
      desk: {},
    };
    // 21:00 UTC on 10 March is already 11 March in Tehran (UTC+3:30).
    expect(todaysSchedule({ current: () => open }, new Date('2026-03-10T21:00:00Z'))?.date).toBe(
      '2026-03-11',
    );
    expect(todaysSchedule({ current: () => ({ ...open, desk: null }) }, new Date())).toBeNull();
    expect(todaysSchedule({ current: () => null }, new Date())).toBeNull();
    const failing = {
      ...open,
      cache: {
        schedule: {
          getDay: () => {
            throw new Error('not downloaded');
          },
        },
      },
    };
    expect(todaysSchedule({ current: () => failing }, new Date())).toBeNull();
    expect(asked).toEqual(['2026-03-11']);
  });
});
