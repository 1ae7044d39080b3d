import { describe, expect, it } from 'vitest';
import type { WeeklyHours } from '../domain/schemas';
import { InvalidTimeZoneError } from '../time';
import { findFreeSlots, type FindFreeSlotsInput } from './free-slots';
import type { SchedulingService, SchedulingStaff } from './scheduling.types';

const Z = (iso: string) => Date.parse(iso);
const HOUR = 3_600_000;
const ALL_DAY: WeeklyHours = Object.fromEntries(
  ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]]),
);

const service = (over: Partial<SchedulingService> = {}): SchedulingService => ({
  id: 'cut',
  durationMinutes: 60,
  bufferBeforeMinutes: 0,
  bufferAfterMinutes: 0,
  minNoticeMinutes: 0,
  maxAdvanceDays: 730,
  ...over,
});
const member = (
  id: string,
  weeklyHours: WeeklyHours,
  over: Partial<SchedulingStaff> = {},
): SchedulingStaff => ({
  id,
  serviceIds: ['cut'],
  weeklyHours,
  ...over,
});

/** One London Monday in summer (BST, UTC+1): local 09:00 is 08:00Z. */
const LONDON_MONDAY = '2026-06-01';
const london = (hhmm: string) => Z(`${LONDON_MONDAY}T${hhmm}:00+01:00`);
const inLondon = (over: Partial<FindFreeSlotsInput>): FindFreeSlotsInput => ({
  service: service(),
  staff: [member('ana', { mon: [['09:00', '13:00']] })],
  location: { timeZone: 'Europe/London', openingHours: ALL_DAY },
  bookings: [],
  from: Z(`${LONDON_MONDAY}T00:00:00Z`),
  to: Z(`${LONDON_MONDAY}T23:00:00Z`),
  now: Z('2026-01-01T00:00:00Z'),
  ...over,
});
const startsOf = (input: FindFreeSlotsInput) =>
  findFreeSlots(input).map((s) => new Date(s.start).toISOString());
const iso = (...list: string[]) => list.map((s) => new Date(Z(s)).toISOString());

describe(findFreeSlots.name, () => {
  describe('on DST transition days (expected UTC instants worked out by hand)', () => {
    it.each([
      {
        name: 'New York, Saturday before spring-forward: 09:00 EST is 14:00Z',
        zone: 'America/New_York',
        date: '2026-03-07',
        hours: { sat: [['09:00', '11:00']] },
        duration: 60,
        step: 60,
        expected: ['2026-03-07T14:00Z', '2026-03-07T15:00Z'],
      },
      {
        name: 'New York spring-forward: 09:00 EDT is 13:00Z',
        zone: 'America/New_York',
        date: '2026-03-08',
        hours: { sun: [['09:00', '11:00']] },
        duration: 60,
        step: 60,
        expected: ['2026-03-08T13:00Z', '2026-03-08T14:00Z'],
      },
      {
        name: 'New York spring-forward: 02:00 does not exist, the 5 real hours give 5 slots',
        zone: 'America/New_York',
        date: '2026-03-08',
        hours: { sun: [['00:00', '06:00']] },
        duration: 60,
        step: 60,
        expected: [
          '2026-03-08T05:00Z',
          '2026-03-08T06:00Z',
          '2026-03-08T07:00Z',
          '2026-03-08T08:00Z',
          '2026-03-08T09:00Z',
        ],
      },
      {
        name: 'New York fall-back: 01:00 is offered once (EDT), then 02:00 EST',
        zone: 'America/New_York',
        date: '2026-11-01',
        hours: { sun: [['00:00', '04:00']] },
        duration: 60,
        step: 60,
        expected: ['2026-11-01T04:00Z', '2026-11-01T05:00Z', '2026-11-01T07:00Z', '2026-11-01T08:00Z'],
      },
      {
        name: 'New York fall-back: 09:00 EST is 14:00Z',
        zone: 'America/New_York',
        date: '2026-11-01',
        hours: { sun: [['09:00', '10:00']] },
        duration: 60,
        step: 60,
        expected: ['2026-11-01T14:00Z'],
      },
      {
        name: 'London spring-forward: 01:00 and 01:30 do not exist',
        zone: 'Europe/London',
        date: '2026-03-29',
        hours: { sun: [['00:00', '04:00']] },
        duration: 30,
        step: 30,
        expected: [
          '2026-03-29T00:00Z',
          '2026-03-29T00:30Z',
          '2026-03-29T01:00Z',
          '2026-03-29T01:30Z',
          '2026-03-29T02:00Z',
          '2026-03-29T02:30Z',
        ],
      },
      {
        name: 'London fall-back: local midnight is 23:00Z, 01:00 offered once',
        zone: 'Europe/London',
        date: '2026-10-25',
        hours: { sun: [['00:00', '03:00']] },
        duration: 60,
        step: 60,
        expected: ['2026-10-24T23:00Z', '2026-10-25T00:00Z', '2026-10-25T02:00Z'],
      },
      {
        name: 'Lord Howe DST end: 01:30 happens twice (+11 then +10:30), offered once',
        zone: 'Australia/Lord_Howe',
        date: '2026-04-05',
        hours: { sun: [['00:00', '03:00']] },
        duration: 30,
        step: 30,
        expected: [
          '2026-04-04T13:00Z',
          '2026-04-04T13:30Z',
          '2026-04-04T14:00Z',
          '2026-04-04T14:30Z',
          '2026-04-04T15:30Z',
          '2026-04-04T16:00Z',
        ],
      },
      {
        name: 'Lord Howe DST start: 02:00 does not exist, the clock goes 02:00 -> 02:30',
        zone: 'Australia/Lord_Howe',
        date: '2026-10-04',
        hours: { sun: [['00:00', '04:00']] },
        duration: 30,
        step: 30,
        expected: [
          '2026-10-03T13:30Z',
          '2026-10-03T14:00Z',
          '2026-10-03T14:30Z',
          '2026-10-03T15:00Z',
          '2026-10-03T15:30Z',
          '2026-10-03T16:00Z',
          '2026-10-03T16:30Z',
        ],
      },
      {
        name: 'Lord Howe after DST end: 09:00 +10:30 is 22:30Z',
        zone: 'Australia/Lord_Howe',
        date: '2026-04-05',
        hours: { sun: [['09:00', '10:00']] },
        duration: 30,
        step: 15,
        expected: ['2026-04-04T22:30Z', '2026-04-04T22:45Z', '2026-04-04T23:00Z'],
      },
      {
        name: 'Lord Howe after DST start: 09:00 +11 is 22:00Z',
        zone: 'Australia/Lord_Howe',
        date: '2026-10-04',
        hours: { sun: [['09:00', '10:00']] },
        duration: 60,
        step: 15,
        expected: ['2026-10-03T22:00Z'],
      },
      {
        name: 'Tehran keeps +03:30 on 21 March 2026 (no DST since 2022)',
        zone: 'Asia/Tehran',
        date: '2026-03-21',
        hours: { sat: [['09:00', '12:00']] },
        duration: 60,
        step: 30,
        expected: [
          '2026-03-21T05:30Z',
          '2026-03-21T06:00Z',
          '2026-03-21T06:30Z',
          '2026-03-21T07:00Z',
          '2026-03-21T07:30Z',
        ],
      },
    ] satisfies {
      name: string;
      zone: string;
      date: string;
      hours: WeeklyHours;
      duration: number;
      step: number;
      expected: string[];
    }[])('$name', ({ zone, date, hours, duration, step, expected }) => {
      const midnight = Z(`${date}T00:00:00Z`);
      const sut = startsOf({
        service: service({ durationMinutes: duration }),
        staff: [member('ana', hours)],
        location: { timeZone: zone, openingHours: ALL_DAY },
        bookings: [],
        from: midnight - 24 * HOUR,
        to: midnight + 48 * HOUR,
        now: Z('2026-01-01T00:00:00Z'),
        stepMinutes: step,
      });
      expect(sut).toEqual(iso(...expected));
    });
  });

  it('aligns starts to the step in local time on a 30-minute-offset zone', () => {
    const sut = findFreeSlots(
      inLondon({
        location: { timeZone: 'Australia/Lord_Howe', openingHours: ALL_DAY },
        service: service({ durationMinutes: 30 }),
        // 2026-06-01 is a Monday; Lord Howe is on +10:30 in June, so 09:00 local is 22:30Z the day before.
        from: Z('2026-05-31T12:00Z'),
        to: Z('2026-06-01T12:00Z'),
        staff: [member('ana', { mon: [['09:00', '10:00']] })],
      }),
    );
    expect(sut.map((s) => s.start)).toEqual([
      Z('2026-05-31T22:30Z'),
      Z('2026-05-31T22:45Z'),
      Z('2026-05-31T23:00Z'),
    ]);
  });

  it('returns nothing on a day all staff are off', () => {
    const sut = findFreeSlots(
      inLondon({
        staff: [member('ana', { tue: [['09:00', '17:00']] }), member('ben', { wed: [['09:00', '17:00']] })],
      }),
    );
    expect(sut).toEqual([]);
  });

  it('returns nothing for a service longer than any free gap', () => {
    const sut = findFreeSlots(
      inLondon({
        service: service({ durationMinutes: 120 }),
        bookings: [{ id: 'b1', staffId: 'ana', start: london('10:30'), end: london('11:30') }],
      }),
    );
    expect(sut).toEqual([]);
  });

  it('keeps both sides buffers clear around back-to-back bookings', () => {
    const sut = startsOf(
      inLondon({
        service: service({ durationMinutes: 30, bufferBeforeMinutes: 10, bufferAfterMinutes: 5 }),
        bookings: [
          { id: 'b1', staffId: 'ana', start: london('10:00'), end: london('10:30'), bufferAfterMinutes: 0 },
          { id: 'b2', staffId: 'ana', start: london('10:30'), end: london('11:00'), bufferAfterMinutes: 15 },
        ],
      }),
    );
    // Needs [start-10, start+35) clear: before the bookings only 09:15 fits (09:05–09:50);
    // after b2's buffer (until 11:15) the first start is 11:25 -> 11:30; the day ends 13:00.
    expect(sut).toEqual(
      iso(
        '2026-06-01T08:15Z',
        '2026-06-01T10:30Z',
        '2026-06-01T10:45Z',
        '2026-06-01T11:00Z',
        '2026-06-01T11:15Z',
      ),
    );
  });

  it('lists for each slot the staff free then, skipping busy blocks and staff without the service', () => {
    const sut = findFreeSlots(
      inLondon({
        service: service({ durationMinutes: 60 }),
        stepMinutes: 60,
        staff: [
          member('ana', { mon: [['09:00', '12:00']] }),
          member('ben', { mon: [['09:00', '12:00']] }),
          member('cy', { mon: [['09:00', '12:00']] }, { serviceIds: ['colour'] }),
        ],
        busyBlocks: [{ id: 'x1', staffId: 'ana', start: london('09:30'), end: london('10:00') }],
        bookings: [
          { id: 'b1', staffId: 'ben', start: london('11:00'), end: london('12:00'), status: 'cancelled' },
        ],
      }),
    );
    expect(sut).toEqual([
      { start: london('09:00'), end: london('10:00'), staffIds: ['ben'] },
      { start: london('10:00'), end: london('11:00'), staffIds: ['ana', 'ben'] },
      { start: london('11:00'), end: london('12:00'), staffIds: ['ana', 'ben'] },
    ]);
  });

  it('respects opening hours, breaks and time off', () => {
    const sut = startsOf(
      inLondon({
        stepMinutes: 60,
        location: { timeZone: 'Europe/London', openingHours: { mon: [['10:00', '18:00']] } },
        staff: [
          member(
            'ana',
            { mon: [['09:00', '17:00']] },
            {
              weeklyBreaks: { mon: [['12:00', '13:00']] },
              timeOff: [{ start: london('14:00'), end: london('15:00') }],
            },
          ),
        ],
      }),
    );
    expect(sut).toEqual(
      iso(
        '2026-06-01T09:00Z',
        '2026-06-01T10:00Z',
        '2026-06-01T12:00Z',
        '2026-06-01T14:00Z',
        '2026-06-01T15:00Z',
      ),
    );
  });

  it('starts no earlier than now plus the minimum notice', () => {
    const sut = startsOf(
      inLondon({ service: service({ durationMinutes: 30, minNoticeMinutes: 60 }), now: london('09:40') }),
    );
    expect(sut[0]).toBe(new Date(london('10:45')).toISOString());
  });

  it('starts no later than the maximum advance in local days', () => {
    const sut = startsOf(
      inLondon({
        service: service({ durationMinutes: 60, maxAdvanceDays: 1 }),
        staff: [
          member('ana', { mon: [['09:00', '12:00']], tue: [['09:00', '12:00']], wed: [['09:00', '12:00']] }),
        ],
        to: Z('2026-06-04T00:00Z'),
        now: london('09:00'),
      }),
    );
    expect(sut.at(-1)).toBe('2026-06-02T08:00:00.000Z');
  });

  it('refuses an unknown zone and a bad step', () => {
    expect(() =>
      findFreeSlots(inLondon({ location: { timeZone: 'Atlantis/Capital', openingHours: {} } })),
    ).toThrow(InvalidTimeZoneError);
    expect(() => findFreeSlots(inLondon({ stepMinutes: 0 }))).toThrow(RangeError);
  });
});
