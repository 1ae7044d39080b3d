import { describe, expect, it } from 'vitest';
import { checkConflicts, type CheckConflictsInput, type ProposedBooking } from './conflicts';
import { toBusyBooking, type BusyBlock, type BusyBooking } from './scheduling.types';

const Z = (iso: string) => Date.parse(iso);
/** London is on BST (UTC+1) on Monday 2026-06-01. */
const at = (hhmm: string) => Z(`2026-06-01T${hhmm}:00+01:00`);
const proposal = (start: string, end: string, before = 0, after = 0): ProposedBooking => ({
  start: at(start),
  end: at(end),
  bufferBeforeMinutes: before,
  bufferAfterMinutes: after,
});

const existing: BusyBooking[] = [
  { id: 'b-10', staffId: 'ana', start: at('10:00'), end: at('11:00') },
  { id: 'b-14', staffId: 'ana', start: at('14:00'), end: at('14:30'), bufferAfterMinutes: 15 },
  { id: 'b-other-staff', staffId: 'ben', start: at('11:00'), end: at('12:00') },
  { id: 'b-cancelled', staffId: 'ana', start: at('15:00'), end: at('16:00'), status: 'cancelled' },
];
const blocks: BusyBlock[] = [{ id: 'x-dentist', staffId: 'ana', start: at('16:00'), end: at('16:30') }];

const input = (proposed: ProposedBooking): CheckConflictsInput => ({
  proposed,
  staff: {
    id: 'ana',
    serviceIds: ['cut'],
    weeklyHours: { mon: [['09:00', '17:00']] },
    weeklyBreaks: { mon: [['12:30', '13:00']] },
  },
  location: { timeZone: 'Europe/London', openingHours: { mon: [['08:00', '20:00']] } },
  bookings: existing,
  busyBlocks: blocks,
});

describe(checkConflicts.name, () => {
  it.each([
    {
      name: 'a free slot in working hours',
      p: proposal('09:00', '10:00'),
      bookings: [],
      blocks: [],
      within: true,
    },
    {
      name: 'touching a booking end to start',
      p: proposal('11:00', '11:30'),
      bookings: [],
      blocks: [],
      within: true,
    },
    {
      name: 'its own buffer before reaching a booking',
      p: proposal('11:00', '11:30', 10),
      bookings: ['b-10'],
      blocks: [],
      within: true,
    },
    {
      name: "the existing booking's buffer after",
      p: proposal('14:40', '15:00'),
      bookings: ['b-14'],
      blocks: [],
      within: true,
    },
    {
      name: 'a clear start after that buffer',
      p: proposal('14:45', '15:15'),
      bookings: [],
      blocks: [],
      within: true,
    },
    {
      name: 'a busy block',
      p: proposal('15:45', '16:15'),
      bookings: [],
      blocks: ['x-dentist'],
      within: true,
    },
    {
      name: 'its buffer after leaving working hours',
      p: proposal('16:30', '17:00', 0, 10),
      bookings: [],
      blocks: [],
      within: false,
    },
    { name: 'a break', p: proposal('12:15', '12:45'), bookings: [], blocks: [], within: false },
    {
      name: 'several at once',
      p: proposal('10:30', '16:10'),
      bookings: ['b-10', 'b-14'],
      blocks: ['x-dentist'],
      within: false,
    },
  ])('reports $name', ({ p, bookings, blocks: blockIds, within }) => {
    const sut = checkConflicts(input(p));
    expect(sut).toEqual({
      ok: within && bookings.length === 0 && blockIds.length === 0,
      bookingIds: bookings,
      busyBlockIds: blockIds,
      withinWorkingHours: within,
    });
  });

  it('ignores the booking being moved', () => {
    const sut = checkConflicts(input({ ...proposal('10:30', '11:30'), replacesBookingId: 'b-10' }));
    expect(sut.ok).toBe(true);
  });

  it('judges working hours in the location zone on a DST day', () => {
    const ny = (p: ProposedBooking): CheckConflictsInput => ({
      proposed: p,
      staff: { id: 'ana', serviceIds: [], weeklyHours: { sun: [['09:00', '17:00']] } },
      location: { timeZone: 'America/New_York', openingHours: { sun: [['09:00', '17:00']] } },
      bookings: [],
    });
    // 2026-03-08 is spring-forward: 09:00 EDT is 13:00Z (it would be 14:00Z a day earlier).
    const onTime = checkConflicts(
      ny({
        start: Z('2026-03-08T13:00Z'),
        end: Z('2026-03-08T14:00Z'),
        bufferBeforeMinutes: 0,
        bufferAfterMinutes: 0,
      }),
    );
    const early = checkConflicts(
      ny({
        start: Z('2026-03-08T12:30Z'),
        end: Z('2026-03-08T13:30Z'),
        bufferBeforeMinutes: 0,
        bufferAfterMinutes: 0,
      }),
    );
    expect([onTime.withinWorkingHours, early.withinWorkingHours]).toEqual([true, false]);
  });

  it('refuses a booking that does not end after it starts', () => {
    expect(() => checkConflicts(input(proposal('10:00', '10:00')))).toThrow(RangeError);
  });
});

describe(toBusyBooking.name, () => {
  it('turns an API booking and its service buffers into busy time that conflicts', () => {
    const apiBooking = {
      id: 'b-api',
      staffId: 'ana',
      start: '2026-06-01T09:00:00Z',
      end: '2026-06-01T09:30:00+00:00',
      status: 'booked' as const,
    };
    const sut = toBusyBooking(apiBooking, { bufferBeforeMinutes: 0, bufferAfterMinutes: 15 });
    // 09:30Z + 15 min buffer = 09:45Z, i.e. 10:45 London time.
    const report = checkConflicts({ ...input(proposal('10:40', '11:00')), bookings: [sut], busyBlocks: [] });
    expect(report.bookingIds).toEqual(['b-api']);
  });
});
