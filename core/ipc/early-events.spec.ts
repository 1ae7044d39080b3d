import { describe, expect, it } from 'vitest';
import type { DeskEvent } from './desk-events';
import { earlyEvents } from './early-events';

const changed = (date: string): DeskEvent => ({
  name: 'schedule:changed',
  payload: { from: date, to: date },
});

/** The fan-out with its hand-over run by hand. */
function sut() {
  const pending: (() => void)[] = [];
  const fanout = earlyEvents((run) => pending.push(run));
  return { fanout, handOver: () => pending.splice(0).forEach((run) => run()) };
}

describe(earlyEvents.name, () => {
  it('hands the events heard before any listener to the listeners of the first task, in order', () => {
    const { fanout, handOver } = sut();
    fanout.deliver(changed('2026-12-01'));
    fanout.deliver(changed('2026-12-02'));
    const day: DeskEvent[] = [];
    const today: DeskEvent[] = [];

    fanout.subscribe((event) => day.push(event));
    fanout.subscribe((event) => today.push(event));
    fanout.deliver(changed('2026-12-03')); // arrives before the hand-over: kept behind the others
    handOver();

    const expected = [changed('2026-12-01'), changed('2026-12-02'), changed('2026-12-03')];
    expect(day).toEqual(expected);
    expect(today).toEqual(expected);
  });

  it('tells a later listener only what comes after it subscribes', () => {
    const { fanout, handOver } = sut();
    fanout.deliver(changed('2026-12-01'));
    fanout.subscribe(() => {});
    handOver();
    const later: DeskEvent[] = [];

    fanout.subscribe((event) => later.push(event));
    fanout.deliver(changed('2026-12-04'));

    expect(later).toEqual([changed('2026-12-04')]);
  });

  it('stops telling a listener once it unsubscribes', () => {
    const { fanout, handOver } = sut();
    const heard: DeskEvent[] = [];
    const off = fanout.subscribe((event) => heard.push(event));
    handOver();

    off();
    fanout.deliver(changed('2026-12-05'));

    expect(heard).toEqual([]);
  });
});
