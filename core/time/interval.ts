/**
 * Half-open intervals `[start, end)` over numbers, normally epoch milliseconds (UTC instants).
 * "Normalised" means: sorted by start, no empty intervals, and no two that overlap or touch.
 * Every function here returns new arrays and never mutates its arguments.
 */

/** A half-open interval `[start, end)`; `end` itself is not included. */
export interface Interval {
  readonly start: number;
  readonly end: number;
}

/** True when the two half-open intervals share at least one instant (touching is not overlapping). */
export function intervalsOverlap(a: Interval, b: Interval): boolean {
  return a.start < b.end && b.start < a.end;
}

/** Sorts, drops empty intervals, and merges overlapping or touching ones. */
export function normalizeIntervals(intervals: readonly Interval[]): Interval[] {
  const sorted = intervals.filter((i) => i.end > i.start).sort((a, b) => a.start - b.start);
  return mergeSortedIntervals(sorted);
}

/**
 * Merges an already start-sorted list in one pass (no sort). Callers that build their intervals in
 * order use this to skip the O(n log n) step of {@link normalizeIntervals}.
 */
export function mergeSortedIntervals(sorted: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  let curStart = 0;
  let curEnd = 0;
  let open = false;
  for (const i of sorted) {
    if (i.end <= i.start) continue;
    if (open && i.start <= curEnd) {
      if (i.end > curEnd) curEnd = i.end;
    } else {
      if (open) out.push({ start: curStart, end: curEnd });
      curStart = i.start;
      curEnd = i.end;
      open = true;
    }
  }
  if (open) out.push({ start: curStart, end: curEnd });
  return out;
}

/** Intersection of two normalised lists (the instants in both); the result is normalised. */
export function intersectIntervals(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    const start = Math.max(x.start, y.start);
    const end = Math.min(x.end, y.end);
    if (start < end) out.push({ start, end });
    if (x.end < y.end) i++;
    else j++;
  }
  return out;
}

/** The instants of normalised list `a` that are in no interval of normalised list `b`. */
export function subtractIntervals(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  let j = 0;
  for (const x of a) {
    let start = x.start;
    while (j < b.length && b[j]!.end <= start) j++;
    let k = j;
    while (k < b.length && b[k]!.start < x.end) {
      const y = b[k]!;
      if (y.start > start) out.push({ start, end: y.start });
      if (y.end > start) start = y.end;
      if (start >= x.end) break;
      k++;
    }
    if (start < x.end) out.push({ start, end: x.end });
  }
  return out;
}

/** Cuts a normalised list down to `[from, to)`. */
export function clipIntervals(intervals: readonly Interval[], from: number, to: number): Interval[] {
  const out: Interval[] = [];
  for (const i of intervals) {
    const start = Math.max(i.start, from);
    const end = Math.min(i.end, to);
    if (start < end) out.push({ start, end });
  }
  return out;
}

/** True when `[start, end)` lies wholly inside one interval of the normalised list (binary search). */
export function containsInterval(intervals: readonly Interval[], span: Interval): boolean {
  let lo = 0;
  let hi = intervals.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const i = intervals[mid]!;
    if (i.end <= span.start) lo = mid + 1;
    else if (i.start > span.start) hi = mid - 1;
    else return span.end <= i.end;
  }
  return false;
}

/** Index of the first element of a sorted number array that is `>= value` (length when none). */
export function lowerBound(sorted: ArrayLike<number>, value: number, from = 0): number {
  let lo = from;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
