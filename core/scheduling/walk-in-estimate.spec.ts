import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BookingStatus } from '../domain/schemas';
import {
  estimateWalkInWaits,
  type EstimateWalkInWaitsInput,
  type QueuedWalkIn,
  type TodayBooking,
  type WalkInService,
} from './walk-in-estimate';

const MIN = 60_000;
/** Monday 2026-06-01 in London (UTC+1). */
const at = (hhmm: string) => Date.parse(`2026-06-01T${hhmm}:00+01:00`);
const day = [{ start: at('09:00'), end: at('17:00') }];
const services: WalkInService[] = [
  { id: 'cut', durationMinutes: 30, bufferBeforeMinutes: 0, bufferAfterMinutes: 0 },
  { id: 'colour', durationMinutes: 90, bufferBeforeMinutes: 0, bufferAfterMinutes: 10 },
];
const booking = (
  id: string,
  staffId: string,
  start: string,
  end: string,
  status: BookingStatus,
  expectedEnd?: string,
): TodayBooking => ({
  id,
  staffId,
  start: at(start),
  end: at(end),
  status,
  ...(expectedEnd ? { expectedEnd: at(expectedEnd) } : {}),
});

describe(estimateWalkInWaits.name, () => {
  const input: EstimateWalkInWaitsInput = {
    // Half a minute past ten, so waits are visibly rounded up.
    now: at('10:00') + 30_000,
    staff: [
      { id: 'ana', serviceIds: ['cut', 'colour'], hours: day },
      { id: 'ben', serviceIds: ['cut'], hours: day },
    ],
    services,
    bookings: [
      booking('a1', 'ana', '09:30', '10:30', 'in_service', '10:40'), // overrunning by ten minutes
      booking('a2', 'ana', '11:00', '12:00', 'booked'),
      booking('a3', 'ana', '15:00', '16:00', 'cancelled'),
      booking('b1', 'ben', '10:00', '10:45', 'checked_in'),
      booking('b2', 'ben', '11:15', '13:00', 'booked'),
    ],
    queue: [],
  };
  const queue: QueuedWalkIn[] = [
    { id: 'w1', serviceId: 'cut' },
    { id: 'w2', serviceId: 'cut' },
    { id: 'w3', serviceId: 'cut', preferredStaffId: 'ben' },
    { id: 'w4', serviceId: 'colour' },
    { id: 'w5', serviceId: 'perm' },
    { id: 'w6', serviceId: 'colour', preferredStaffId: 'ben' },
    { id: 'w7', serviceId: 'cut', partySize: 2 },
    { id: 'w8', serviceId: 'colour', partySize: 2 },
    { id: 'w9', serviceId: 'colour' },
  ];

  it.each([
    // ana is busy until 10:40 (overrun) and 10:40–11:00 is too short; ben's 10:45–11:15 fits exactly.
    { id: 'w1', position: 1, wait: 45, staffIds: ['ben'], start: '10:45' },
    // ana's next gap opens at 12:00; ben is booked until 13:00.
    { id: 'w2', position: 2, wait: 120, staffIds: ['ana'], start: '12:00' },
    // Only ben, although ana would be free sooner.
    { id: 'w3', position: 3, wait: 180, staffIds: ['ben'], start: '13:00' },
    { id: 'w4', position: 4, wait: 150, staffIds: ['ana'], start: '12:30' },
    { id: 'w5', position: 5, wait: null, staffIds: [], start: null, reason: 'unknown_service' },
    { id: 'w6', position: 6, wait: null, staffIds: [], start: null, reason: 'no_qualified_staff' },
    // Two people: ben 13:30 then ben 14:00 (ana is taken until 14:10 with colour and its buffer).
    { id: 'w7', position: 7, wait: 210, staffIds: ['ben', 'ben'], start: '13:30' },
    // The second colour would end after 17:00: the party is not served today and takes no time…
    { id: 'w8', position: 8, wait: null, staffIds: [], start: null, reason: 'no_time_today' },
    // …so the next colour still gets ana at 14:10.
    { id: 'w9', position: 9, wait: 250, staffIds: ['ana'], start: '14:10' },
  ])('estimates $id: wait $wait with $staffIds', ({ id, position, wait, staffIds, start, reason }) => {
    const sut = estimateWalkInWaits({ ...input, queue }).find((e) => e.walkInId === id);
    expect(sut).toEqual({
      walkInId: id,
      position,
      estimatedWaitMinutes: wait,
      staffId: staffIds[0] ?? null,
      staffIds,
      expectedStart: start === null ? null : at(start),
      ...(reason ? { reason } : {}),
    });
  });

  it('gives no time today to a queue when every staff member is off', () => {
    const sut = estimateWalkInWaits({
      ...input,
      staff: input.staff.map((s) => ({ ...s, hours: [] })),
      queue: [queue[0]!],
    });
    expect(sut[0]).toMatchObject({ estimatedWaitMinutes: null, reason: 'no_time_today' });
  });

  it('never lets a later walk-in start before an earlier one with the same staff member', () => {
    const arbitrary = fc.record({
      staffCount: fc.integer({ min: 1, max: 3 }),
      bookings: fc.array(
        fc.record({
          staff: fc.nat(2),
          start: fc.integer({ min: 0, max: 95 }),
          length: fc.integer({ min: 1, max: 24 }),
        }),
        { maxLength: 15 },
      ),
      queue: fc.array(
        fc.record({
          service: fc.constantFrom('cut', 'colour'),
          preferred: fc.option(fc.nat(2), { nil: undefined }),
          partySize: fc.constantFrom(1, 1, 1, 2),
        }),
        { maxLength: 25 },
      ),
    });
    fc.assert(
      fc.property(arbitrary, ({ staffCount, bookings, queue: q }) => {
        const open = at('09:00');
        const staff = Array.from({ length: staffCount }, (_, i) => ({
          id: `s${i}`,
          serviceIds: ['cut', 'colour'],
          hours: [{ start: open, end: open + 8 * 60 * MIN }],
        }));
        const todays: TodayBooking[] = bookings.map((b, i) => ({
          id: `b${i}`,
          staffId: `s${b.staff}`,
          start: open + b.start * 5 * MIN,
          end: open + (b.start + b.length) * 5 * MIN,
          status: 'booked',
        }));
        const now = open + 30 * MIN;
        const walkIns: QueuedWalkIn[] = q.map((w, i) => ({
          id: `w${i}`,
          serviceId: w.service,
          partySize: w.partySize,
          preferredStaffId: w.preferred === undefined ? null : `s${w.preferred}`,
        }));
        const sut = estimateWalkInWaits({ now, staff, services, bookings: todays, queue: walkIns });

        const lastWait = new Map<string, number>();
        sut.forEach((e, i) => {
          if (e.estimatedWaitMinutes === null) return;
          expect(lastWait.get(e.staffId!) ?? 0).toBeLessThanOrEqual(e.estimatedWaitMinutes);
          lastWait.set(e.staffId!, e.estimatedWaitMinutes);
          if (walkIns[i]!.preferredStaffId) expect(e.staffId).toBe(walkIns[i]!.preferredStaffId);
          // The first member's service (with buffer) clashes with no booking and ends by closing time.
          const service = services.find((s) => s.id === walkIns[i]!.serviceId)!;
          const span = {
            start: e.expectedStart!,
            end: e.expectedStart! + (service.durationMinutes + service.bufferAfterMinutes) * MIN,
          };
          expect(span.start).toBeGreaterThanOrEqual(now);
          expect(span.end).toBeLessThanOrEqual(open + 8 * 60 * MIN);
          for (const b of todays)
            if (b.staffId === e.staffId) expect(span.start < b.end && b.start < span.end).toBe(false);
        });
      }),
      { numRuns: 300 },
    );
  });
});
