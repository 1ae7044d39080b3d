/**
 * findFreeSlots in every IANA zone the runtime knows, on every day its offset changes in 2027–2028,
 * against the minute-by-minute oracle of wall-clock-oracle.ts (Intl only, no code from core/time):
 * a location open 00:00–23:59 and 09:00–17:00 every day, and a shift with a break across the change,
 * for a 60-minute service on the 15-minute grid. Also zones that never change (Tehran, Kolkata,
 * Kathmandu at +05:45, UTC) on two ordinary days, and the clocks going back across midnight in
 * St. John's in 2010. Pure core: no API, no database.
 *
 * The window is fixed, 2027-01-01 to 2029-01-01 (the two years after this test was written), not
 * taken from the clock: a run tests the same days today and next year, and a failure reproduces.
 * What those days are comes from the runtime's tz data, so a newer Node with new rules is tested on
 * its own rules.
 */
import { describe, expect, it } from 'vitest';
import { findFreeSlots } from '../../core/scheduling';
import {
  datesAround,
  everyDay,
  MinuteWalk,
  offsetChanges,
  shiftAround,
  WallClock,
  type LocalDate,
  type SlotRules,
} from './wall-clock-oracle';

const WINDOW = { from: Date.UTC(2027, 0, 1), to: Date.UTC(2029, 0, 1) };
const SERVICE_MINUTES = 60;
const STEP_MINUTES = 15;

/** The days issue 15 found wrong: clocks back at midnight, so 23:00–23:59 happens twice. */
const REPEATED_LAST_HOUR: [string, LocalDate][] = [
  ['Africa/Cairo', '2027-10-28'],
  ['Egypt', '2027-10-28'],
  ['America/Santiago', '2027-04-03'],
  ['Chile/Continental', '2027-04-03'],
  ['Asia/Beirut', '2027-10-30'],
  ['America/Nuuk', '2027-10-30'],
  ['America/Scoresbysund', '2027-10-30'],
];
/** Zones without a change in the window, tested on ordinary days; odd offsets included. */
const STEADY_ZONES = ['Asia/Tehran', 'Asia/Kolkata', 'Asia/Kathmandu', 'UTC'];
const STEADY_DATES: LocalDate[] = ['2027-03-21', '2028-09-22'];

interface Case {
  name: string;
  clock: WallClock;
  dates: [LocalDate, LocalDate];
  /** The instant the shift is built around. */
  pivot: number;
}

function cases(): Case[] {
  const zones = [
    ...new Set([
      ...Intl.supportedValuesOf('timeZone'),
      ...REPEATED_LAST_HOUR.map(([zone]) => zone),
      ...STEADY_ZONES,
      'Pacific/Chatham',
      'Australia/Lord_Howe',
    ]),
  ];
  const out: Case[] = [];
  for (const zone of zones) {
    const clock = new WallClock(zone);
    for (const change of offsetChanges(clock, WINDOW.from, WINDOW.to)) {
      const dates = datesAround(clock, change);
      out.push({
        name: `${zone} ${dates[0]}${dates[1] !== dates[0] ? `/${dates[1]}` : ''} (${change.before} → ${change.after} min)`,
        clock,
        dates,
        pivot: change.at,
      });
    }
  }
  for (const zone of STEADY_ZONES) {
    const clock = new WallClock(zone);
    for (const date of STEADY_DATES) {
      out.push({
        name: `${zone} ${date} (steady)`,
        clock,
        dates: [date, date],
        pivot: Date.parse(`${date}T12:00Z`),
      });
    }
  }
  // St. John's until 2011: at 00:01 the clock went back to 23:01 the day before.
  const stJohns = new WallClock('America/St_Johns');
  for (const change of offsetChanges(stJohns, Date.UTC(2010, 0, 1), Date.UTC(2011, 0, 1))) {
    const dates = datesAround(stJohns, change);
    out.push({ name: `America/St_Johns ${dates.join('/')} (2010)`, clock: stJohns, dates, pivot: change.at });
  }
  return out;
}

const CASES = cases();

const iso = (t: number) => new Date(t).toISOString();

function slotsFromCore(zone: string, walk: MinuteWalk, rules: SlotRules): string[] {
  return findFreeSlots({
    service: {
      id: 'service',
      durationMinutes: rules.durationMinutes,
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 0,
      minNoticeMinutes: 0,
      maxAdvanceDays: 30,
    },
    staff: [
      {
        id: 'staff',
        serviceIds: ['service'],
        weeklyHours: rules.staffHours,
        weeklyBreaks: rules.weeklyBreaks,
      },
    ],
    location: { timeZone: zone, openingHours: rules.openingHours },
    bookings: [],
    from: walk.from,
    to: walk.to,
    now: walk.from,
    stepMinutes: rules.stepMinutes,
  }).map((slot) => iso(slot.start));
}

describe('free slots in every zone, against a minute-by-minute oracle', () => {
  it('covers every zone that changes its offset, and the days issue 15 found wrong', () => {
    const changing = new Set(CASES.filter((c) => !c.name.endsWith('(steady)')).map((c) => c.clock.zone));
    expect(changing.size).toBeGreaterThan(100);
    for (const [zone, date] of REPEATED_LAST_HOUR) {
      expect(CASES.some((c) => c.clock.zone === zone && c.dates[0] === date)).toBe(true);
    }
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, { clock, dates, pivot }) => {
    const walk = new MinuteWalk(clock, dates[0], dates[1], SERVICE_MINUTES);
    const shift = shiftAround(clock, pivot);
    const ruleSets: Record<string, SlotRules> = {
      'open 00:00–23:59': {
        openingHours: everyDay([['00:00', '23:59']]),
        staffHours: everyDay([['00:00', '23:59']]),
        durationMinutes: SERVICE_MINUTES,
        stepMinutes: STEP_MINUTES,
      },
      'open 09:00–17:00': {
        openingHours: everyDay([['09:00', '17:00']]),
        staffHours: everyDay([['09:00', '17:00']]),
        durationMinutes: SERVICE_MINUTES,
        stepMinutes: STEP_MINUTES,
      },
      [`shift ${JSON.stringify(shift)}`]: {
        openingHours: everyDay([['00:00', '24:00']]),
        ...shift,
        durationMinutes: SERVICE_MINUTES,
        stepMinutes: STEP_MINUTES,
      },
    };
    for (const [label, rules] of Object.entries(ruleSets)) {
      expect(slotsFromCore(clock.zone, walk, rules), label).toEqual(walk.slotStarts(rules).map(iso));
    }
  });
});
