import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  ACTIVE_BOOKING_STATUSES,
  Booking,
  Customer,
  ExternalBusy,
  Location,
  Service,
  Staff,
  WalkIn,
  WEEKDAYS,
} from '../domain/schemas';
import { createDemoBusiness } from './demo-business';

const ZONES = ['UTC', 'Europe/London', 'America/New_York', 'Asia/Tehran', 'Australia/Lord_Howe'];

describe(createDemoBusiness.name, () => {
  const at = (date: string, hhmm: string, zone: string) =>
    new Date(DateTime.fromISO(`${date}T${hhmm}`, { zone }).toMillis());

  it.each(ZONES)('produces valid API shapes in %s', (timeZone) => {
    const sut = createDemoBusiness({
      date: '2026-11-27',
      timeZone,
      now: at('2026-11-27', '11:00', timeZone),
    });

    Location.parse(sut.location);
    sut.staff.forEach((s) => Staff.parse(s));
    sut.services.forEach((s) => Service.parse(s));
    sut.customers.forEach((c) => Customer.parse(c));
    sut.bookings.forEach((b) => Booking.parse(b));
    sut.walkIns.forEach((w) => WalkIn.parse(w));
    sut.busy.forEach((x) => ExternalBusy.parse(x));
    expect(sut.staff).toHaveLength(4);
    expect(sut.services).toHaveLength(5);
    expect(sut.customers).toHaveLength(23);
    expect(sut.bookings.length).toBeGreaterThanOrEqual(18);
    expect(sut.walkIns).toHaveLength(2);
  });

  it('books nobody twice in the day, and no walk-in already holds a booking', () => {
    const sut = createDemoBusiness({
      date: '2026-11-27',
      timeZone: 'UTC',
      now: new Date('2026-11-27T11:00:00Z'),
    });
    const booked = sut.bookings.map((b) => b.customerId);
    expect(new Set(booked).size).toBe(booked.length);
    for (const w of sut.walkIns) if (w.customerId) expect(booked).not.toContain(w.customerId);
  });

  it('is deterministic for the same date, zone and moment', () => {
    const now = new Date('2026-11-27T11:00:00Z');
    expect(createDemoBusiness({ date: '2026-11-27', timeZone: 'UTC', now })).toEqual(
      createDemoBusiness({ date: '2026-11-27', timeZone: 'UTC', now }),
    );
  });

  it('gives each day its own booking ids but keeps staff and services stable', () => {
    const a = createDemoBusiness({
      date: '2026-11-27',
      timeZone: 'UTC',
      now: new Date('2026-11-27T11:00:00Z'),
    });
    const b = createDemoBusiness({
      date: '2026-11-28',
      timeZone: 'UTC',
      now: new Date('2026-11-28T11:00:00Z'),
    });

    expect(a.staff.map((s) => s.id)).toEqual(b.staff.map((s) => s.id));
    expect(a.bookings.map((x) => x.id).filter((id) => b.bookings.some((y) => y.id === id))).toEqual([]);
  });

  it.each(ZONES)(
    'books every appointment inside its staff hours, buffers included, without overlaps (%s)',
    (timeZone) => {
      const date = '2026-03-29';
      const sut = createDemoBusiness({ date, timeZone, now: at(date, '12:00', timeZone) });
      const services = new Map(sut.services.map((s) => [s.id, s]));
      const weekday = WEEKDAYS[DateTime.fromISO(date).weekday - 1]!;

      for (const member of sut.staff) {
        const shifts = (member.weeklyHours[weekday] ?? []).map(([a, b]) => [
          at(date, a, timeZone).getTime(),
          at(date, b, timeZone).getTime(),
        ]);
        const held = [
          ...sut.bookings
            .filter((b) => b.staffId === member.id)
            .map((b) => {
              const s = services.get(b.serviceId)!;
              expect(member.serviceIds).toContain(s.id);
              return [
                Date.parse(b.start) - s.bufferBeforeMinutes * 60_000,
                Date.parse(b.end) + s.bufferAfterMinutes * 60_000,
              ];
            }),
          ...sut.busy
            .filter((x) => x.staffId === member.id)
            .map((x) => [Date.parse(x.start), Date.parse(x.end)]),
        ].sort((x, y) => x[0]! - y[0]!);
        for (const [start, end] of held) {
          expect(shifts.some(([a, b]) => start! >= a! && end! <= b!)).toBe(true);
        }
        for (let i = 1; i < held.length; i++) expect(held[i]![0]!).toBeGreaterThanOrEqual(held[i - 1]![1]!);
      }
    },
  );

  it('shows a day in progress: done, no-show, in the chair, checked in and upcoming', () => {
    const sut = createDemoBusiness({
      date: '2026-11-27',
      timeZone: 'Europe/London',
      now: new Date('2026-11-27T11:05:00Z'),
    });
    const statuses = new Set(sut.bookings.map((b) => b.status));

    expect([...statuses].sort()).toEqual(['booked', 'checked_in', 'completed', 'in_service', 'no_show']);
    expect(sut.bookings.filter((b) => b.status === 'no_show')).toHaveLength(1);
    for (const b of sut.bookings) {
      if (b.status === 'completed' || b.status === 'no_show')
        expect(Date.parse(b.end)).toBeLessThanOrEqual(Date.parse('2026-11-27T11:05:00Z'));
      if (b.status === 'booked')
        expect(Date.parse(b.start)).toBeGreaterThan(Date.parse('2026-11-27T11:05:00Z'));
    }
  });

  it('queues two walk-ins in order with waits that grow down the queue', () => {
    const sut = createDemoBusiness({
      date: '2026-11-27',
      timeZone: 'UTC',
      now: new Date('2026-11-27T11:05:00Z'),
    });

    expect(sut.walkIns.map((w) => [w.position, w.status])).toEqual([
      [1, 'waiting'],
      [2, 'waiting'],
    ]);
    const [first, second] = sut.walkIns.map((w) => w.estimatedWaitMinutes!);
    expect(first).toBeGreaterThanOrEqual(0);
    expect(second).toBeGreaterThanOrEqual(first!);
    expect(
      sut.bookings.every(
        (b) =>
          ACTIVE_BOOKING_STATUSES.includes(b.status) ||
          Date.parse(b.end) <= Date.parse('2026-11-27T11:05:00Z'),
      ),
    ).toBe(true);
  });
});
