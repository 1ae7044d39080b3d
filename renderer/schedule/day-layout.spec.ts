import { describe, expect, it } from 'vitest';
import type { ColumnBlock } from './day-layout';
import { placeOverlapping, shiftAt } from './day-layout';

const block = (id: string, start: number, end: number): ColumnBlock => ({ id, start, end });
const placesOf = (blocks: ColumnBlock[]) => Object.fromEntries(placeOverlapping(blocks));

describe(placeOverlapping.name, () => {
  it('gives a block that overlaps nothing the whole column', () => {
    expect(placesOf([block('a', 600, 630)])).toEqual({ a: { column: 0, columns: 1 } });
  });

  it('puts two overlapping blocks side by side, half the column each', () => {
    // A checked-in booking moved to 16:15 and a no-show at 16:30 in the same column.
    const sut = placesOf([block('noShow', 990, 1020), block('moved', 975, 1020)]);
    expect(sut).toEqual({ moved: { column: 0, columns: 2 }, noShow: { column: 1, columns: 2 } });
  });

  it('puts three mutually overlapping blocks in three sub-columns', () => {
    const sut = placesOf([block('a', 600, 660), block('b', 615, 645), block('c', 630, 690)]);
    expect(sut).toEqual({
      a: { column: 0, columns: 3 },
      b: { column: 1, columns: 3 },
      c: { column: 2, columns: 3 },
    });
  });

  it('reuses the first sub-column freed, and sizes the whole chain alike', () => {
    // a overlaps b; c starts after a ends but while b runs: c takes a's sub-column.
    const sut = placesOf([block('a', 600, 630), block('b', 610, 700), block('c', 640, 660)]);
    expect(sut).toEqual({
      a: { column: 0, columns: 2 },
      b: { column: 1, columns: 2 },
      c: { column: 0, columns: 2 },
    });
  });

  it('does not count blocks that only touch as overlapping', () => {
    const sut = placesOf([block('a', 600, 630), block('b', 630, 660), block('c', 660, 690)]);
    expect(Object.values(sut)).toEqual([
      { column: 0, columns: 1 },
      { column: 0, columns: 1 },
      { column: 0, columns: 1 },
    ]);
  });

  it('starts a new cluster after a gap: an earlier overlap does not narrow later blocks', () => {
    const sut = placesOf([block('a', 600, 660), block('b', 620, 640), block('c', 700, 730)]);
    expect(sut.c).toEqual({ column: 0, columns: 1 });
    expect(sut.a!.columns).toBe(2);
  });

  it('places every block given, whatever its status (cancelled and no-show ones too)', () => {
    const bookings = [
      { id: 'cancelled', status: 'cancelled', start: 600, end: 630 },
      { id: 'noShow', status: 'no_show', start: 600, end: 630 },
      { id: 'booked', status: 'booked', start: 615, end: 645 },
    ];
    const sut = placeOverlapping(bookings);
    expect(sut.size).toBe(3);
    expect(new Set([...sut.values()].map((p) => p.column))).toEqual(new Set([0, 1, 2]));
  });

  it('keeps blocks that never overlap in one sub-column however many there are', () => {
    const many = Array.from({ length: 1000 }, (_, i) => block(String(i), i * 30, i * 30 + 30));
    expect([...placeOverlapping(many.reverse()).values()].every((p) => p.columns === 1)).toBe(true);
  });
});

describe(shiftAt.name, () => {
  const shifts: [number, number][] = [
    [540, 780],
    [840, 1080],
  ];

  it('is on during a shift, from its first minute up to its end', () => {
    expect(shiftAt(shifts, 540)).toBe('on');
    expect(shiftAt(shifts, 1079)).toBe('on');
  });

  it('is a break between two shifts', () => {
    expect(shiftAt(shifts, 780)).toBe('break');
    expect(shiftAt(shifts, 800)).toBe('break');
  });

  it('is off before the first shift, past the last, and on a day without shifts', () => {
    expect(shiftAt(shifts, 500)).toBe('off');
    expect(shiftAt(shifts, 1080)).toBe('off');
    expect(shiftAt(shifts, 1200)).toBe('off');
    expect(shiftAt([], 600)).toBe('off');
  });
});
