import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  clipIntervals,
  containsInterval,
  intersectIntervals,
  normalizeIntervals,
  subtractIntervals,
  type Interval,
} from './interval';

const iv = (start: number, end: number): Interval => ({ start, end });

/** The integer points covered by a list, as an oracle for the set operations. */
const points = (list: readonly Interval[]): Set<number> => {
  const out = new Set<number>();
  for (const i of list) for (let x = i.start; x < i.end; x++) out.add(x);
  return out;
};
const isNormalised = (list: readonly Interval[]) =>
  list.every((i, k) => i.end > i.start && (k === 0 || list[k - 1]!.end < i.start));

const intervalList = fc.array(
  fc
    .tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 20 }))
    .map(([s, len]) => iv(s, s + len)),
  { maxLength: 12 },
);

describe(normalizeIntervals.name, () => {
  it.each([
    { input: [], expected: [] },
    { input: [iv(5, 5)], expected: [] },
    { input: [iv(3, 5), iv(1, 2)], expected: [iv(1, 2), iv(3, 5)] },
    { input: [iv(1, 3), iv(3, 5)], expected: [iv(1, 5)] },
    { input: [iv(1, 10), iv(2, 3), iv(9, 12)], expected: [iv(1, 12)] },
  ])('normalises $input', ({ input, expected }) => {
    expect(normalizeIntervals(input)).toEqual(expected);
  });

  it('covers exactly the same points, in normal form', () => {
    fc.assert(
      fc.property(intervalList, (list) => {
        const sut = normalizeIntervals(list);
        expect(isNormalised(sut)).toBe(true);
        expect(points(sut)).toEqual(points(list));
      }),
      { numRuns: 300 },
    );
  });
});

describe(intersectIntervals.name, () => {
  it.each([
    { a: [iv(0, 10)], b: [iv(5, 15)], expected: [iv(5, 10)] },
    { a: [iv(0, 5)], b: [iv(5, 10)], expected: [] },
    { a: [iv(0, 3), iv(5, 9)], b: [iv(2, 6), iv(8, 20)], expected: [iv(2, 3), iv(5, 6), iv(8, 9)] },
  ])('intersects $a with $b', ({ a, b, expected }) => {
    expect(intersectIntervals(a, b)).toEqual(expected);
  });

  it('keeps exactly the points in both', () => {
    fc.assert(
      fc.property(intervalList, intervalList, (x, y) => {
        const a = normalizeIntervals(x);
        const b = normalizeIntervals(y);
        const sut = intersectIntervals(a, b);
        const pb = points(b);
        expect(points(sut)).toEqual(new Set([...points(a)].filter((p) => pb.has(p))));
      }),
      { numRuns: 300 },
    );
  });
});

describe(subtractIntervals.name, () => {
  it.each([
    { a: [iv(0, 10)], b: [iv(3, 5)], expected: [iv(0, 3), iv(5, 10)] },
    { a: [iv(0, 10)], b: [iv(0, 10)], expected: [] },
    { a: [iv(0, 4), iv(6, 10)], b: [iv(3, 7)], expected: [iv(0, 3), iv(7, 10)] },
    { a: [iv(0, 10)], b: [iv(10, 12)], expected: [iv(0, 10)] },
  ])('takes $b out of $a', ({ a, b, expected }) => {
    expect(subtractIntervals(a, b)).toEqual(expected);
  });

  it('keeps exactly the points of a not in b, in normal form', () => {
    fc.assert(
      fc.property(intervalList, intervalList, (x, y) => {
        const a = normalizeIntervals(x);
        const b = normalizeIntervals(y);
        const sut = subtractIntervals(a, b);
        const pb = points(b);
        expect(isNormalised(sut)).toBe(true);
        expect(points(sut)).toEqual(new Set([...points(a)].filter((p) => !pb.has(p))));
      }),
      { numRuns: 300 },
    );
  });
});

describe(clipIntervals.name, () => {
  it('cuts intervals to the window and drops those outside', () => {
    expect(clipIntervals([iv(0, 5), iv(8, 12), iv(20, 30)], 3, 10)).toEqual([iv(3, 5), iv(8, 10)]);
  });
});

describe(containsInterval.name, () => {
  const list = [iv(0, 5), iv(10, 20)];
  it.each([
    { span: iv(0, 5), expected: true },
    { span: iv(11, 19), expected: true },
    { span: iv(4, 11), expected: false },
    { span: iv(5, 6), expected: false },
    { span: iv(15, 21), expected: false },
  ])('$span inside [0,5),[10,20) is $expected', ({ span, expected }) => {
    expect(containsInterval(list, span)).toBe(expected);
  });
});
