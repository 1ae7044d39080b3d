/**
 * heldTimeFor: a create uses the held time read in its context round trip only when it was read
 * for the staff and span it is checking (a concurrent edit of the service or of who performs it can
 * commit between the two statements that read them).
 */
import { describe, expect, it } from 'vitest';
import { heldTimeFor } from './booking-context';
import type { BookingContext } from './booking-context';
import type { HeldTime } from './booking.repository';

const from = new Date('2026-03-10T09:50:00Z');
const to = new Date('2026-03-10T11:10:00Z');
const held: HeldTime[] = [
  {
    kind: 'busy',
    id: 'b1',
    staffId: 's1',
    start: from,
    end: to,
    busyFrom: from,
    busyTo: to,
    status: null,
  },
];
const context = (
  heldFor: BookingContext['heldFor'],
  rows: HeldTime[] | undefined = held,
): BookingContext => ({
  service: null,
  definitions: [],
  staff: [],
  customerExists: true,
  held: rows,
  heldFor,
});

describe(heldTimeFor.name, () => {
  it('gives the held time read for these candidates (or more) over this span', () => {
    expect(heldTimeFor(context({ staffIds: ['s1'], from, to }), ['s1'], { from, to })).toBe(held);
    expect(heldTimeFor(context({ staffIds: ['s1', 's2'], from, to }), ['s2'], { from, to })).toBe(held);
  });

  it('gives nothing when a candidate was not read (it stopped performing the service meanwhile)', () => {
    expect(heldTimeFor(context({ staffIds: ['s1'], from, to }), ['s1', 's2'], { from, to })).toBeUndefined();
  });

  it('gives nothing when the span differs (the duration or buffers changed meanwhile)', () => {
    const later = new Date(to.getTime() + 5 * 60_000);
    expect(heldTimeFor(context({ staffIds: ['s1'], from, to }), ['s1'], { from, to: later })).toBeUndefined();
    expect(
      heldTimeFor(context({ staffIds: [], from: null, to: null }), ['s1'], { from, to }),
    ).toBeUndefined();
  });

  it('gives nothing when nothing was read with the context (SQLite)', () => {
    expect(heldTimeFor(context(undefined, undefined), ['s1'], { from, to })).toBeUndefined();
  });
});
