/**
 * Properties of findFreeSlots checked against independent oracles: wall times are read back with
 * luxon for each instant (not through our expansion), busy spans are checked pairwise. Every zone
 * of the runtime is compared with a minute-by-minute oracle in tests/time-zones/.
 */
import fc from 'fast-check';
import { DateTime, IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import { WEEKDAYS, type WeeklyHours } from '../domain/schemas';
import { findFreeSlots, type FindFreeSlotsInput } from './free-slots';
import type { BusyBlock, BusyBooking, SchedulingStaff } from './scheduling.types';

const MIN = 60_000;
const ZONES = ['America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Tehran', 'UTC'];
/** Days around DST transitions of the test zones, plus plain days. */
const DATES = [
  '2026-03-07',
  '2026-03-08',
  '2026-03-28',
  '2026-03-29',
  '2026-04-04',
  '2026-10-03',
  '2026-10-24',
  '2026-10-31',
  '2026-06-10',
];

const hhmm = (m: number) =>
  `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
/** 0–2 ranges per weekday on a 15-minute grid, sometimes reaching 00:00 or 24:00. */
const weeklyHours: fc.Arbitrary<WeeklyHours> = fc
  .array(
    fc.array(fc.tuple(fc.integer({ min: 0, max: 96 }), fc.integer({ min: 0, max: 96 })), { maxLength: 2 }),
    { minLength: 7, maxLength: 7 },
  )
  .map((days) =>
    Object.fromEntries(
      days.map((ranges, i) => [
        WEEKDAYS[i],
        ranges
          .map(([a, b]) => [Math.min(a, b) * 15, Math.max(a, b) * 15] as const)
          .filter(([a, b]) => a < b)
          .map(([a, b]) => [hhmm(a), hhmm(b)] as [string, string]),
      ]),
    ),
  );

const scenario = fc
  .record({
    zone: fc.constantFrom(...ZONES),
    date: fc.constantFrom(...DATES),
    days: fc.integer({ min: 1, max: 2 }),
    opening: weeklyHours,
    staffHours: fc.array(weeklyHours, { minLength: 1, maxLength: 3 }),
    duration: fc.integer({ min: 1, max: 24 }).map((n) => n * 5),
    before: fc.constantFrom(0, 5, 10, 30),
    after: fc.constantFrom(0, 5, 15),
    step: fc.constantFrom(5, 10, 15, 30, 60),
    minNotice: fc.constantFrom(0, 30, 240),
    maxAdvanceDays: fc.integer({ min: 1, max: 4 }),
    nowOffsetMinutes: fc.integer({ min: -1440, max: 720 }),
    busy: fc.array(
      fc.record({
        staff: fc.nat(2),
        startMinute: fc.integer({ min: -120, max: 3 * 1440 }),
        length: fc.integer({ min: 1, max: 240 }),
        kind: fc.constantFrom('booking', 'cancelled', 'block'),
        bufferAfter: fc.constantFrom(0, 10),
      }),
      { maxLength: 25 },
    ),
    timeOff: fc.option(fc.tuple(fc.integer({ min: 0, max: 2 * 1440 }), fc.integer({ min: 1, max: 600 }))),
  })
  .map((s) => {
    const from = Date.parse(`${s.date}T00:00:00Z`);
    const staff: SchedulingStaff[] = s.staffHours.map((weeklyHours, i) => ({
      id: `s${i}`,
      serviceIds: i === 2 ? ['other'] : ['svc'],
      weeklyHours,
      timeOff:
        i === 0 && s.timeOff
          ? [{ start: from + s.timeOff[0] * MIN, end: from + (s.timeOff[0] + s.timeOff[1]) * MIN }]
          : [],
    }));
    const bookings: BusyBooking[] = [];
    const busyBlocks: BusyBlock[] = [];
    s.busy.forEach((b, i) => {
      const interval = {
        staffId: `s${b.staff}`,
        start: from + b.startMinute * MIN,
        end: from + (b.startMinute + b.length) * MIN,
      };
      if (b.kind === 'block') busyBlocks.push({ id: `x${i}`, ...interval });
      else
        bookings.push({
          id: `b${i}`,
          ...interval,
          bufferBeforeMinutes: 5,
          bufferAfterMinutes: b.bufferAfter,
          status: b.kind === 'cancelled' ? 'cancelled' : 'booked',
        });
    });
    const input: FindFreeSlotsInput = {
      service: {
        id: 'svc',
        durationMinutes: s.duration,
        bufferBeforeMinutes: s.before,
        bufferAfterMinutes: s.after,
        minNoticeMinutes: s.minNotice,
        maxAdvanceDays: s.maxAdvanceDays,
      },
      staff,
      location: { timeZone: s.zone, openingHours: s.opening },
      bookings,
      busyBlocks,
      from,
      to: from + s.days * 1440 * MIN,
      now: from + s.nowOffsetMinutes * MIN,
      stepMinutes: s.step,
    };
    return input;
  });

/** Wall times already read: samples repeat from slot to slot (a run reads a few hundred thousand). */
const walls = new Map<string, number>();
/** The wall time shown at `t` as local milliseconds (the wall time read as UTC), through luxon. */
const wallAt = (t: number, zone: string) => {
  const key = `${zone} ${t}`;
  let wall = walls.get(key);
  if (wall === undefined) walls.set(key, (wall = t + IANAZone.create(zone).offset(t) * MIN));
  return wall;
};

/**
 * Oracle for core/time's rule (README.md), instant by instant: `t` is inside the range `[a, b)` of
 * local day D when the clock has shown D a by then (the latest wall time shown up to `t` is at or
 * after it) and will still show a time before D b from `t` on (the earliest wall time shown from `t`
 * on is before it). Away from a transition both are the wall time at `t`; near one, two hours either
 * side hold every repeated wall time.
 */
const inWeekly = (hours: WeeklyHours, zone: string, t: number) => {
  const now = wallAt(t, zone);
  let latest = now;
  let earliest = now;
  if (wallAt(t - 120 * MIN, zone) !== now - 120 * MIN || wallAt(t + 120 * MIN, zone) !== now + 120 * MIN) {
    for (let d = MIN; d <= 120 * MIN; d += MIN) {
      latest = Math.max(latest, wallAt(t - d, zone));
      earliest = Math.min(earliest, wallAt(t + d, zone));
    }
  }
  const today = Math.floor(now / (1440 * MIN)) * 1440 * MIN;
  return [today - 1440 * MIN, today, today + 1440 * MIN].some((midnight) => {
    const day = WEEKDAYS[(new Date(midnight).getUTCDay() + 6) % 7]!;
    return (hours[day] ?? []).some(([a, b]) => {
      const [ah, am] = a.split(':').map(Number);
      const [bh, bm] = b.split(':').map(Number);
      return latest >= midnight + (ah! * 60 + am!) * MIN && earliest < midnight + (bh! * 60 + bm!) * MIN;
    });
  });
};
const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) =>
  a.start < b.end && b.start < a.end;

/** Oracle: may `staff` take a slot starting at `start`? Weekly working time is sampled every 5 minutes. */
const staffCanTake = (input: FindFreeSlotsInput, staff: SchedulingStaff, start: number) => {
  const { service } = input;
  const span = {
    start: start - service.bufferBeforeMinutes * MIN,
    end: start + (service.durationMinutes + service.bufferAfterMinutes) * MIN,
  };
  const samples: number[] = [];
  for (let t = span.start; t < span.end; t += 5 * MIN) samples.push(t);
  samples.push(span.end - 1);
  // Weekly hours sit on a 15-minute grid, so 5-minute samples see them; time off can be any minute
  // long (a 1-minute absence falls between samples), so it is checked as an interval.
  const working =
    samples.every(
      (t) =>
        inWeekly(input.location.openingHours, input.location.timeZone, t) &&
        inWeekly(staff.weeklyHours, input.location.timeZone, t),
    ) && !(staff.timeOff ?? []).some((o) => overlaps(span, o));
  const clashes =
    input.bookings.some(
      (b) =>
        b.staffId === staff.id &&
        b.status !== 'cancelled' &&
        overlaps(span, {
          start: b.start - (b.bufferBeforeMinutes ?? 0) * MIN,
          end: b.end + (b.bufferAfterMinutes ?? 0) * MIN,
        }),
    ) || (input.busyBlocks ?? []).some((b) => b.staffId === staff.id && overlaps(span, b));
  return staff.serviceIds.includes(service.id) && working && !clashes;
};

describe(`${findFreeSlots.name} properties`, () => {
  it('never returns a slot that overlaps busy time or leaves working hours, and aligns starts locally', () => {
    fc.assert(
      fc.property(scenario, (input) => {
        const sut = findFreeSlots(input);
        const limit = DateTime.fromMillis(input.now, { zone: input.location.timeZone })
          .plus({ days: input.service.maxAdvanceDays })
          .toMillis();
        sut.forEach((slot, i) => {
          if (i > 0) expect(slot.start).toBeGreaterThan(sut[i - 1]!.start);
          expect(slot.start).toBeGreaterThanOrEqual(
            Math.max(input.from, input.now + input.service.minNoticeMinutes * MIN),
          );
          expect(slot.start).toBeLessThanOrEqual(limit);
          expect(slot.start).toBeLessThan(input.to);
          const local = DateTime.fromMillis(slot.start, { zone: input.location.timeZone });
          expect((local.hour * 60 + local.minute) % input.stepMinutes!).toBe(0);
          for (const id of slot.staffIds) {
            expect(
              staffCanTake(
                input,
                input.staff.find((s) => s.id === id)!,
                slot.start,
              ),
            ).toBe(true);
          }
        });
      }),
      { numRuns: 300 },
    );
  });

  it('finds every slot a brute-force scan finds where the offset never changes', () => {
    fc.assert(
      fc.property(
        scenario.filter((s) => s.location.timeZone === 'UTC' || s.location.timeZone === 'Asia/Tehran'),
        (input) => {
          const sut = findFreeSlots(input);
          const got = sut.flatMap((s) => s.staffIds.map((id) => `${s.start}/${id}`));
          const limit = input.now + input.service.maxAdvanceDays * 1440 * MIN;
          const expected: string[] = [];
          // Both zones are a whole number of 30 minutes off UTC, so local alignment is UTC alignment
          // for every tested step except 60 in Tehran; shift that one by its 30-minute offset.
          const shift = input.location.timeZone === 'Asia/Tehran' && input.stepMinutes === 60 ? 30 * MIN : 0;
          const step = input.stepMinutes! * MIN;
          for (let t = Math.ceil((input.from - shift) / step) * step + shift; t < input.to; t += step) {
            if (t < input.now + input.service.minNoticeMinutes * MIN || t > limit) continue;
            for (const staff of input.staff)
              if (staffCanTake(input, staff, t)) expected.push(`${t}/${staff.id}`);
          }
          expect(got).toEqual(expected);
        },
      ),
      { numRuns: 200 },
    );
  });
});
