/** Pure layout of one day's grid: which minutes it spans and where each block sits. */
import type { DaySchedule } from '../../core/ipc/schedule.ipc';
import type { WallRange } from '../../core/domain/schemas';
import { minutesIn, wallMinutes, weekdayOf } from '../lib/time';

export interface DayWindow {
  /** First and last minute of the grid (whole hours). */
  start: number;
  end: number;
}

export interface OffBlock {
  start: number;
  end: number;
  /** A gap between two shifts is a break; before the first or after the last, the staff is off. */
  kind: 'break' | 'off';
}

const toMinutes = (ranges: WallRange[] | undefined) =>
  (ranges ?? []).map(([a, b]) => [wallMinutes(a), wallMinutes(b)] as [number, number]);

export function staffHours(day: DaySchedule, staffId: string): [number, number][] {
  const member = day.staff.find((s) => s.id === staffId);
  return toMinutes(member?.weeklyHours[weekdayOf(day.date)]).sort((a, b) => a[0] - b[0]);
}

export function dayWindow(day: DaySchedule): DayWindow {
  const zone = day.location.timeZone;
  const starts: number[] = [];
  const ends: number[] = [];
  const ranges = [
    ...toMinutes(day.location.openingHours[weekdayOf(day.date)]),
    ...day.staff.flatMap((s) => staffHours(day, s.id)),
  ];
  for (const [a, b] of ranges) {
    starts.push(a);
    ends.push(b);
  }
  for (const b of day.bookings) {
    const start = minutesIn(zone, b.start);
    starts.push(start);
    ends.push(Math.max(minutesIn(zone, b.end), start + 15));
  }
  if (starts.length === 0) return { start: 9 * 60, end: 17 * 60 };
  return {
    start: Math.floor(Math.min(...starts) / 60) * 60,
    end: Math.min(24 * 60, Math.ceil(Math.max(...ends) / 60) * 60),
  };
}

/** The parts of the window a staff member does not work, to shade them. */
export function offBlocks(window: DayWindow, hours: [number, number][]): OffBlock[] {
  if (hours.length === 0) return [{ start: window.start, end: window.end, kind: 'off' }];
  const blocks: OffBlock[] = [];
  let cursor = window.start;
  hours.forEach(([a, b], i) => {
    if (a > cursor) blocks.push({ start: cursor, end: a, kind: i === 0 ? 'off' : 'break' });
    cursor = Math.max(cursor, b);
  });
  if (cursor < window.end) blocks.push({ start: cursor, end: window.end, kind: 'off' });
  return blocks;
}

/** A block of one staff column to place: its minutes on the grid (the end as drawn, not as booked). */
export interface ColumnBlock {
  id: string;
  start: number;
  end: number;
}

/** Where a block sits across its column: sub-column `column` of `columns` equal ones. */
export interface BlockPlace {
  column: number;
  columns: number;
}

/** A binary min-heap ordered by `key`, for {@link placeOverlapping}. */
class MinHeap<T> {
  private readonly items: T[] = [];
  constructor(private readonly key: (item: T) => number) {}
  get size() {
    return this.items.length;
  }
  peek(): T | undefined {
    return this.items[0];
  }
  push(item: T) {
    const a = this.items;
    a.push(item);
    for (let i = a.length - 1; i > 0;) {
      const parent = (i - 1) >> 1;
      if (this.key(a[parent]!) <= this.key(a[i]!)) break;
      [a[parent], a[i]] = [a[i]!, a[parent]!];
      i = parent;
    }
  }
  pop(): T | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length === 0 || last === undefined) return top;
    a[0] = last;
    for (let i = 0; ;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < a.length && this.key(a[l]!) < this.key(a[m]!)) m = l;
      if (r < a.length && this.key(a[r]!) < this.key(a[m]!)) m = r;
      if (m === i) break;
      [a[m], a[i]] = [a[i]!, a[m]!];
      i = m;
    }
    return top;
  }
}

/**
 * Overlapping blocks of one column side by side, as calendars do: blocks that overlap, directly or
 * through others, form a cluster; each block takes the first sub-column free at its start, and every
 * block of a cluster is as wide as the column divided by the cluster's sub-columns. Blocks that only
 * touch (one ends as the next starts) do not overlap. Every block given is placed, whatever its status.
 * O(n log n): a sort, then heaps of the sub-columns in use (by end) and free (by index).
 */
export function placeOverlapping(blocks: readonly ColumnBlock[]): Map<string, BlockPlace> {
  const sorted = [...blocks].sort((a, b) => a.start - b.start || b.end - a.end);
  const places = new Map<string, BlockPlace>();
  const busy = new MinHeap<[end: number, column: number]>((x) => x[0]);
  const free = new MinHeap<number>((x) => x);
  let cluster: BlockPlace[] = [];
  let columns = 0;
  const closeCluster = () => {
    for (const place of cluster) place.columns = columns;
    cluster = [];
    columns = 0;
    while (free.size > 0) free.pop();
  };
  for (const block of sorted) {
    while (busy.size > 0 && busy.peek()![0] <= block.start) free.push(busy.pop()![1]);
    if (busy.size === 0) closeCluster();
    const column = free.size > 0 ? free.pop()! : columns++;
    busy.push([block.end, column]);
    const place = { column, columns: 0 };
    cluster.push(place);
    places.set(block.id, place);
  }
  closeCluster();
  return places;
}

/**
 * Whether a staff member works at `minute` of the day, by their shifts (sorted, as
 * {@link staffHours} gives them): on shift, on a break between two shifts, or off (before the first,
 * after the last, or not working that day).
 */
export function shiftAt(hours: readonly [number, number][], minute: number): 'on' | 'break' | 'off' {
  if (hours.some(([a, b]) => a <= minute && minute < b)) return 'on';
  const first = hours[0];
  const last = hours[hours.length - 1];
  return first && last && minute > first[0] && minute < last[1] ? 'break' : 'off';
}
