import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { WeeklyHours } from '../domain/schemas';
import { expandWeeklyHours, workingIntervals } from './weekly-hours';
import {
  InvalidTimeZoneError,
  isValidTimeZone,
  requireTimeZone,
  resolveWallTime,
  ZoneCalendar,
} from './zone-calendar';

const Z = (iso: string) => Date.parse(iso);
const span = (start: string, end: string) => ({ start: Z(start), end: Z(end) });
const HOUR = 3_600_000;

/** Expands `hours` over the three UTC days around `date`, so a whole local day is always covered. */
const expandAround = (hours: WeeklyHours, zone: string, date: string) => {
  const midnight = Z(`${date}T00:00:00Z`);
  return expandWeeklyHours(hours, zone, midnight - 24 * HOUR, midnight + 48 * HOUR);
};

describe(expandWeeklyHours.name, () => {
  // Expected instants worked out by hand from each zone's rules (offsets noted per row).
  it.each([
    {
      name: 'New York, normal Saturday before spring-forward (EST -5)',
      zone: 'America/New_York',
      date: '2026-03-07',
      hours: { sat: [['09:00', '17:00']] },
      expected: [span('2026-03-07T14:00Z', '2026-03-07T22:00Z')],
    },
    {
      name: 'New York spring-forward day, 09:00 EDT (-4) is 13:00Z',
      zone: 'America/New_York',
      date: '2026-03-08',
      hours: { sun: [['09:00', '17:00']] },
      expected: [span('2026-03-08T13:00Z', '2026-03-08T21:00Z')],
    },
    {
      name: 'New York spring-forward, a night shift across the gap lasts 5 real hours',
      zone: 'America/New_York',
      date: '2026-03-08',
      hours: { sun: [['00:00', '06:00']] },
      expected: [span('2026-03-08T05:00Z', '2026-03-08T10:00Z')],
    },
    {
      name: 'New York spring-forward, a range starting inside the gap starts at the jump',
      zone: 'America/New_York',
      date: '2026-03-08',
      hours: { sun: [['02:15', '04:00']] },
      expected: [span('2026-03-08T07:00Z', '2026-03-08T08:00Z')],
    },
    {
      name: 'New York fall-back, a range ending at the first repeated minute (01:00) ends at its first pass',
      zone: 'America/New_York',
      date: '2026-11-01',
      hours: { sun: [['00:00', '01:00']] },
      expected: [span('2026-11-01T04:00Z', '2026-11-01T05:00Z')],
    },
    {
      name: 'Lord Howe half-hour fall-back (02:00 +11 to 01:30 +10:30), "00:00–01:30" ends at the first 01:30',
      zone: 'Australia/Lord_Howe',
      date: '2026-04-05',
      hours: { sun: [['00:00', '01:30']] },
      expected: [span('2026-04-04T13:00Z', '2026-04-04T14:30Z')],
    },
    {
      name: 'Lord Howe half-hour fall-back, "00:00–01:45" ends at the second 01:45 (+10:30)',
      zone: 'Australia/Lord_Howe',
      date: '2026-04-05',
      hours: { sun: [['00:00', '01:45']] },
      expected: [span('2026-04-04T13:00Z', '2026-04-04T15:15Z')],
    },
    {
      name: 'New York spring-forward, a range wholly inside the gap does not exist',
      zone: 'America/New_York',
      date: '2026-03-08',
      hours: { sun: [['02:00', '02:45']] },
      expected: [],
    },
    {
      name: 'New York fall-back, the repeated hour is inside once (5 real hours)',
      zone: 'America/New_York',
      date: '2026-11-01',
      hours: { sun: [['00:00', '04:00']] },
      expected: [span('2026-11-01T04:00Z', '2026-11-01T09:00Z')],
    },
    {
      name: 'New York fall-back, a range ending at 01:30 ends in the second pass (EST)',
      zone: 'America/New_York',
      date: '2026-11-01',
      hours: { sun: [['00:00', '01:30']] },
      expected: [span('2026-11-01T04:00Z', '2026-11-01T06:30Z')],
    },
    {
      name: 'New York fall-back, a range inside the repeated hour runs from its first pass to its second',
      zone: 'America/New_York',
      date: '2026-11-01',
      hours: { sun: [['01:15', '01:45']] },
      expected: [span('2026-11-01T05:15Z', '2026-11-01T06:45Z')],
    },
    {
      name: 'Cairo, clocks back at 24:00 (+03 -> +02): open until 23:59 keeps the repeated hour',
      zone: 'Africa/Cairo',
      date: '2027-10-28',
      hours: { thu: [['00:00', '23:59']] },
      expected: [span('2027-10-27T21:00Z', '2027-10-28T21:59Z')],
    },
    {
      name: 'Cairo, a 22:00–23:59 shift on the night the clocks go back lasts three real hours',
      zone: 'Africa/Cairo',
      date: '2027-10-28',
      hours: { thu: [['22:00', '23:59']] },
      expected: [span('2027-10-28T19:00Z', '2027-10-28T21:59Z')],
    },
    {
      name: 'Santiago, clocks back at 24:00 on Saturday (-03 -> -04): 23:59 is the second one',
      zone: 'America/Santiago',
      date: '2027-04-03',
      hours: { sat: [['09:00', '23:59']] },
      expected: [span('2027-04-03T12:00Z', '2027-04-04T03:59Z')],
    },
    {
      name: 'Santiago, clocks forward at 24:00 (-04 -> -03): an end at 24:00 is the end of the gap',
      zone: 'America/Santiago',
      date: '2027-09-04',
      hours: { sat: [['22:00', '24:00']], sun: [['00:00', '02:00']] },
      expected: [span('2027-09-05T02:00Z', '2027-09-05T05:00Z')],
    },
    {
      name: "St. John's 2010, clocks back at 00:01 to 23:01 the day before: Saturday's 24:00 is the second one",
      zone: 'America/St_Johns',
      date: '2010-11-06',
      hours: { sat: [['23:00', '24:00']] },
      expected: [span('2010-11-07T01:30Z', '2010-11-07T03:30Z')],
    },
    {
      name: 'New York fall-back day, 09:00 EST is 14:00Z',
      zone: 'America/New_York',
      date: '2026-11-01',
      hours: { sun: [['09:00', '17:00']] },
      expected: [span('2026-11-01T14:00Z', '2026-11-01T22:00Z')],
    },
    {
      name: 'New York, the Saturday before fall-back (EDT)',
      zone: 'America/New_York',
      date: '2026-10-31',
      hours: { sat: [['09:00', '17:00']] },
      expected: [span('2026-10-31T13:00Z', '2026-10-31T21:00Z')],
    },
    {
      name: 'London spring-forward (01:00 GMT -> 02:00 BST)',
      zone: 'Europe/London',
      date: '2026-03-29',
      hours: {
        sun: [
          ['00:00', '04:00'],
          ['09:00', '17:00'],
        ],
      },
      expected: [
        span('2026-03-29T00:00Z', '2026-03-29T03:00Z'),
        span('2026-03-29T08:00Z', '2026-03-29T16:00Z'),
      ],
    },
    {
      name: 'London fall-back (02:00 BST -> 01:00 GMT), local midnight is 23:00Z the day before',
      zone: 'Europe/London',
      date: '2026-10-25',
      hours: {
        sun: [
          ['00:00', '03:00'],
          ['09:00', '17:00'],
        ],
      },
      expected: [
        span('2026-10-24T23:00Z', '2026-10-25T03:00Z'),
        span('2026-10-25T09:00Z', '2026-10-25T17:00Z'),
      ],
    },
    {
      name: 'Lord Howe DST end (02:00 +11 -> 01:30 +10:30)',
      zone: 'Australia/Lord_Howe',
      date: '2026-04-05',
      hours: {
        sun: [
          ['00:00', '03:00'],
          ['09:00', '17:00'],
        ],
      },
      expected: [
        span('2026-04-04T13:00Z', '2026-04-04T16:30Z'),
        span('2026-04-04T22:30Z', '2026-04-05T06:30Z'),
      ],
    },
    {
      name: 'Lord Howe DST start (02:00 +10:30 -> 02:30 +11)',
      zone: 'Australia/Lord_Howe',
      date: '2026-10-04',
      hours: {
        sun: [
          ['00:00', '04:00'],
          ['09:00', '17:00'],
        ],
      },
      expected: [
        span('2026-10-03T13:30Z', '2026-10-03T17:00Z'),
        span('2026-10-03T22:00Z', '2026-10-04T06:00Z'),
      ],
    },
    {
      name: 'Tehran keeps +03:30 on 21 March (no DST since 2022)',
      zone: 'Asia/Tehran',
      date: '2026-03-21',
      hours: { sat: [['09:00', '17:00']] },
      expected: [span('2026-03-21T05:30Z', '2026-03-21T13:30Z')],
    },
    {
      name: 'a range ending 24:00 joins the next day starting 00:00 (across spring-forward)',
      zone: 'America/New_York',
      date: '2026-03-07',
      hours: { sat: [['20:00', '24:00']], sun: [['00:00', '01:00']] },
      expected: [span('2026-03-08T01:00Z', '2026-03-08T06:00Z')],
    },
  ] satisfies { name: string; zone: string; date: string; hours: WeeklyHours; expected: unknown[] }[])(
    '$name',
    ({ zone, date, hours, expected }) => {
      const sut = expandAround(hours, zone, date);
      expect(sut).toEqual(expected);
    },
  );

  it.each([
    ['America/New_York', '2026-03-05'],
    ['America/New_York', '2026-10-29'],
    ['Europe/London', '2026-03-26'],
    ['Europe/London', '2026-10-22'],
    ['Australia/Lord_Howe', '2026-04-02'],
    ['Australia/Lord_Howe', '2026-10-01'],
  ])('loses and duplicates nothing over a DST week in %s from %s', (zone, date) => {
    const all: WeeklyHours = Object.fromEntries(
      ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['09:00', '17:00']]]),
    );
    const from = Z(`${date}T00:00:00Z`);
    const sut = expandWeeklyHours(all, zone, from, from + 7 * 24 * HOUR);
    // 09:00–17:00 never touches a transition in these zones, so every day keeps its 8 hours.
    const inside = sut.filter((i) => i.start >= from + 24 * HOUR && i.end <= from + 6 * 24 * HOUR);
    expect(inside.length).toBeGreaterThanOrEqual(4);
    for (const i of inside) expect(i.end - i.start).toBe(8 * HOUR);
  });

  it('clips to the requested range', () => {
    const sut = expandWeeklyHours(
      { mon: [['09:00', '17:00']] },
      'Europe/London',
      Z('2026-06-01T10:00Z'),
      Z('2026-06-01T12:00Z'),
    );
    expect(sut).toEqual([span('2026-06-01T10:00Z', '2026-06-01T12:00Z')]);
  });

  it("reaches back to the day before when the clock goes back across midnight (St. John's 2010)", () => {
    // 00:00 NDT on Sunday is 02:30Z; at 02:31Z the clock went back to Saturday 23:01 NST, so
    // Saturday's "until 24:00" ends at the second midnight, 03:30Z, inside a range starting on Sunday.
    const sut = expandWeeklyHours(
      { sat: [['23:00', '24:00']] },
      'America/St_Johns',
      Z('2010-11-07T02:30Z'),
      Z('2010-11-07T04:00Z'),
    );
    expect(sut).toEqual([span('2010-11-07T02:30Z', '2010-11-07T03:30Z')]);
  });

  it('refuses an unknown zone', () => {
    expect(() => expandWeeklyHours({}, 'Mars/Olympus_Mons', 0, 1)).toThrow(InvalidTimeZoneError);
  });
});

describe(workingIntervals.name, () => {
  const opening: WeeklyHours = { mon: [['08:00', '18:00']], tue: [['08:00', '18:00']] };
  const monday = Z('2026-06-01T00:00Z');

  it('is opening hours ∩ staff hours minus breaks and time off', () => {
    const sut = workingIntervals(
      {
        timeZone: 'Europe/London',
        openingHours: opening,
        staffHours: { mon: [['07:00', '16:00']], tue: [['10:00', '20:00']] },
        weeklyBreaks: { mon: [['12:00', '13:00']] },
        timeOff: [span('2026-06-02T12:00Z', '2026-06-02T14:00Z')],
      },
      monday,
      monday + 3 * 24 * HOUR,
    );
    // London is on BST (+1) in June.
    expect(sut).toEqual([
      span('2026-06-01T07:00Z', '2026-06-01T11:00Z'),
      span('2026-06-01T12:00Z', '2026-06-01T15:00Z'),
      span('2026-06-02T09:00Z', '2026-06-02T12:00Z'),
      span('2026-06-02T14:00Z', '2026-06-02T17:00Z'),
    ]);
  });

  it('keeps a break inside the repeated hour: it starts in the first pass and ends in the second (Cairo)', () => {
    const thursday = Z('2027-10-28T00:00Z');
    const sut = workingIntervals(
      {
        timeZone: 'Africa/Cairo',
        openingHours: { thu: [['00:00', '23:59']] },
        staffHours: { thu: [['22:00', '23:59']] },
        weeklyBreaks: { thu: [['23:00', '23:30']] },
      },
      thursday - 24 * HOUR,
      thursday + 48 * HOUR,
    );
    // 22:00 and the first 23:00 are +03 (19:00Z, 20:00Z); the second 23:30 and 23:59 are +02.
    expect(sut).toEqual([
      span('2027-10-28T19:00Z', '2027-10-28T20:00Z'),
      span('2027-10-28T21:30Z', '2027-10-28T21:59Z'),
    ]);
  });

  it('is empty on a day the staff member is off', () => {
    const sut = workingIntervals(
      { timeZone: 'Europe/London', openingHours: opening, staffHours: { tue: [['09:00', '17:00']] } },
      monday,
      monday + 24 * HOUR,
    );
    expect(sut).toEqual([]);
  });
});

describe(resolveWallTime.name, () => {
  const ny = requireTimeZone('America/New_York');
  it.each([
    {
      local: '2026-03-08T01:30Z',
      expected: { instant: Z('2026-03-08T06:30Z'), lastInstant: Z('2026-03-08T06:30Z'), kind: 'exact' },
    },
    {
      local: '2026-03-08T02:30Z',
      expected: { instant: Z('2026-03-08T07:00Z'), lastInstant: Z('2026-03-08T07:00Z'), kind: 'gap' },
    },
    {
      local: '2026-11-01T01:30Z',
      expected: { instant: Z('2026-11-01T05:30Z'), lastInstant: Z('2026-11-01T06:30Z'), kind: 'repeated' },
    },
  ])('resolves New York wall time $local', ({ local, expected }) => {
    expect(resolveWallTime(ny, Z(local))).toEqual(expected);
  });
});

describe(isValidTimeZone.name, () => {
  it.each([
    ['Asia/Tehran', true],
    ['Australia/Lord_Howe', true],
    ['Nowhere/City', false],
    ['', false],
  ])('%s -> %s', (name, expected) => {
    expect(isValidTimeZone(name)).toBe(expected);
  });
});

describe(ZoneCalendar.name, () => {
  it('maps every existing wall time back to its first occurrence, as luxon reads it', () => {
    const zones = ['America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Tehran'];
    const year2026 = { min: Z('2026-01-01T00:00Z') / 60_000, max: Z('2027-01-01T00:00Z') / 60_000 };
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.integer(year2026), (zone, minute) => {
        const t = minute * 60_000;
        const sut = ZoneCalendar.of(zone, t - 24 * HOUR, t + 24 * HOUR);
        const local = DateTime.fromMillis(t, { zone });
        const day = sut.days.find((d) =>
          new Date(d.localMidnight).toISOString().startsWith(local.toISODate()!),
        )!;
        const instant = sut.exactInstant(day, local.hour * 60 + local.minute);
        expect(instant).not.toBeNull();
        // The same instant, or an hour (half an hour on Lord Howe) earlier when the wall time repeats.
        expect([0, 30 * 60_000, HOUR]).toContain(t - instant!);
        expect(DateTime.fromMillis(instant!, { zone }).toFormat('yyyy-MM-dd HH:mm')).toBe(
          local.toFormat('yyyy-MM-dd HH:mm'),
        );
      }),
      { numRuns: 500 },
    );
  });

  it('repeats wall times only around the fall-back transitions', () => {
    const sut = ZoneCalendar.of('America/New_York', Z('2026-10-31T12:00Z'), Z('2026-11-02T12:00Z'));
    const fallBack = sut.days.find((d) => d.weekday === 'sun')!;
    expect(fallBack.fixedOffsetMinutes).toBeNull();
    expect(sut.exactInstant(fallBack, 90)).toBe(Z('2026-11-01T05:30Z'));
    expect(sut.days.filter((d) => d.fixedOffsetMinutes === null)).toHaveLength(1);
  });
});
