/**
 * Scheduling on the nights the clocks go back at midnight, so that 23:00–23:59 happens twice at the
 * end of the day (issue 15): free slots, the conflict check and the walk-in estimate keep the hour
 * the day gains. Expected instants worked out by hand from each zone's rules (offsets in the ISO
 * strings); every zone is compared with an oracle in tests/time-zones/.
 */
import { describe, expect, it } from 'vitest';
import type { WeeklyHours } from '../domain/schemas';
import { workingIntervals } from '../time';
import { checkConflicts, type ProposedBooking } from './conflicts';
import { findFreeSlots } from './free-slots';
import type { BusyBooking } from './scheduling.types';
import { estimateWalkInWaits } from './walk-in-estimate';

const Z = (iso: string) => Date.parse(iso);
const MIN = 60_000;
const everyDay = (from: string, to: string): WeeklyHours =>
  Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [[from, to]]]));

describe(`${findFreeSlots.name} on a day whose last hour repeats`, () => {
  it.each([
    { zone: 'Africa/Cairo', date: '2027-10-28', first: '+03:00', second: '+02:00' },
    { zone: 'Egypt', date: '2027-10-28', first: '+03:00', second: '+02:00' },
    { zone: 'America/Santiago', date: '2027-04-03', first: '-03:00', second: '-04:00' },
    { zone: 'Chile/Continental', date: '2027-04-03', first: '-03:00', second: '-04:00' },
    { zone: 'Asia/Beirut', date: '2027-10-30', first: '+03:00', second: '+02:00' },
    { zone: 'America/Nuuk', date: '2027-10-30', first: '-01:00', second: '-02:00' },
    { zone: 'America/Scoresbysund', date: '2027-10-30', first: '-01:00', second: '-02:00' },
  ])('$zone $date: open 00:00–23:59 gives 96 hourly starts, the last four in the first pass', (day) => {
    const sut = findFreeSlots({
      service: {
        id: 'cut',
        durationMinutes: 60,
        bufferBeforeMinutes: 0,
        bufferAfterMinutes: 0,
        minNoticeMinutes: 0,
        maxAdvanceDays: 30,
      },
      staff: [{ id: 'ana', serviceIds: ['cut'], weeklyHours: everyDay('00:00', '23:59') }],
      location: { timeZone: day.zone, openingHours: everyDay('00:00', '23:59') },
      bookings: [],
      from: Z(`${day.date}T00:00:00${day.first}`),
      // The next local midnight comes once, after the second pass.
      to: Z(`${day.date}T24:00:00${day.second}`),
      now: Z(`${day.date}T00:00:00${day.first}`),
    });
    expect(sut).toHaveLength(96);
    expect(sut[0]!.start).toBe(Z(`${day.date}T00:00:00${day.first}`));
    expect(sut.slice(-5).map((s) => [s.start, s.end])).toEqual([
      [Z(`${day.date}T22:45:00${day.first}`), Z(`${day.date}T23:45:00${day.first}`)],
      [Z(`${day.date}T23:00:00${day.first}`), Z(`${day.date}T23:00:00${day.second}`)],
      [Z(`${day.date}T23:15:00${day.first}`), Z(`${day.date}T23:15:00${day.second}`)],
      [Z(`${day.date}T23:30:00${day.first}`), Z(`${day.date}T23:30:00${day.second}`)],
      [Z(`${day.date}T23:45:00${day.first}`), Z(`${day.date}T23:45:00${day.second}`)],
    ]);
  });
});

/** Thursday 2027-10-28 in Cairo: at 24:00 (+03) the clock goes back to 23:00 (+02). */
const cairo = (hhmm: string, offset: '+03:00' | '+02:00') => Z(`2027-10-28T${hhmm}:00${offset}`);
const lateShift = {
  id: 'ana',
  serviceIds: ['cut'],
  weeklyHours: { thu: [['22:00', '23:59']] } as WeeklyHours,
};
const location = { timeZone: 'Africa/Cairo', openingHours: everyDay('00:00', '23:59') };

describe(`${checkConflicts.name} on a day whose last hour repeats`, () => {
  const proposal = (start: number, minutes: number): ProposedBooking => ({
    start,
    end: start + minutes * MIN,
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 0,
  });
  // 22:30 (+03) to 23:30 (+02): two real hours across the repeated one.
  const longBooking: BusyBooking = {
    id: 'long',
    staffId: 'ana',
    start: cairo('22:30', '+03:00'),
    end: cairo('23:30', '+02:00'),
  };

  it.each([
    {
      name: 'an hour from the first 23:00 to the second is working time',
      start: cairo('23:00', '+03:00'),
      minutes: 60,
      within: true,
    },
    {
      name: 'the last minutes of the second pass are working time',
      start: cairo('23:30', '+02:00'),
      minutes: 29,
      within: true,
    },
    {
      name: 'an hour from the second 23:00 runs past 23:59',
      start: cairo('23:00', '+02:00'),
      minutes: 60,
      within: false,
    },
  ])('$name', ({ start, minutes, within }) => {
    const sut = checkConflicts({
      proposed: proposal(start, minutes),
      staff: lateShift,
      location,
      bookings: [],
    });
    expect(sut.withinWorkingHours).toBe(within);
  });

  it('holds a booking across the repeated hour for its real duration', () => {
    const conflictsAt = (start: number, minutes: number) =>
      checkConflicts({
        proposed: proposal(start, minutes),
        staff: lateShift,
        location,
        bookings: [longBooking],
      }).bookingIds;
    expect(conflictsAt(cairo('23:45', '+03:00'), 15)).toEqual(['long']);
    expect(conflictsAt(cairo('23:00', '+02:00'), 15)).toEqual(['long']);
    expect(conflictsAt(cairo('23:15', '+02:00'), 15)).toEqual(['long']);
    expect(conflictsAt(cairo('23:30', '+02:00'), 15)).toEqual([]);
  });
});

describe(`${estimateWalkInWaits.name} on a day whose last hour repeats`, () => {
  it('serves walk-ins through the second pass of the repeated hour', () => {
    const now = cairo('23:00', '+03:00');
    const hours = workingIntervals(
      { timeZone: 'Africa/Cairo', openingHours: location.openingHours, staffHours: lateShift.weeklyHours },
      Z('2027-10-28T00:00:00+03:00'),
      Z('2027-10-29T00:00:00+02:00'),
    );
    expect(hours).toEqual([{ start: cairo('22:00', '+03:00'), end: cairo('23:59', '+02:00') }]);
    const sut = estimateWalkInWaits({
      now,
      staff: [{ id: 'ana', serviceIds: ['cut'], hours }],
      services: [{ id: 'cut', durationMinutes: 45, bufferBeforeMinutes: 0, bufferAfterMinutes: 0 }],
      bookings: [],
      queue: [
        { id: 'w1', serviceId: 'cut' },
        { id: 'w2', serviceId: 'cut' },
        { id: 'w3', serviceId: 'cut' },
      ],
    });
    // 23:00 (+03), then 23:45 (+03); a third would end at 00:15 (+02), after closing.
    expect(sut.map((e) => [e.estimatedWaitMinutes, e.expectedStart, e.reason])).toEqual([
      [0, now, undefined],
      [45, cairo('23:45', '+03:00'), undefined],
      [null, null, 'no_time_today'],
    ]);
  });
});
