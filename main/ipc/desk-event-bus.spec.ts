import { describe, expect, it } from 'vitest';
import type { DeskEvent } from '../../core/ipc/desk-events';
import { DeskEventBus } from './desk-event-bus';

const online = {
  connection: { state: 'online' as const },
  waiting: 0,
  lastSyncAt: '2026-11-27T10:00:00.000Z',
  problems: 0,
};

describe(DeskEventBus.name, () => {
  it('hands every event to every listener until it unsubscribes', () => {
    const sut = new DeskEventBus();
    const seen: DeskEvent[] = [];
    const unsubscribe = sut.subscribe((event) => seen.push(event));

    sut.emit({ name: 'schedule:changed', payload: { from: '2026-11-27', to: '2026-11-27' } });
    unsubscribe();
    sut.emit({ name: 'schedule:changed', payload: { from: '2026-11-28', to: '2026-11-28' } });

    expect(seen).toEqual([{ name: 'schedule:changed', payload: { from: '2026-11-27', to: '2026-11-27' } }]);
  });

  it('sends nothing outside the contract, and says so', () => {
    const logged: string[] = [];
    const sut = new DeskEventBus((message) => logged.push(message));
    const seen: DeskEvent[] = [];
    sut.subscribe((event) => seen.push(event));

    sut.emit({ name: 'schedule:changed', payload: { from: 'yesterday', to: '2026-11-27' } });

    expect(seen).toEqual([]);
    expect(logged).toEqual(['Event schedule:changed is outside its contract; not sent']);
  });

  it('starts a late subscriber from the latest states, not from past changes', () => {
    const sut = new DeskEventBus();
    sut.emit({ name: 'sync:status', payload: { ...online, waiting: 3 } });
    sut.emit({ name: 'sync:status', payload: online });
    sut.emit({ name: 'schedule:changed', payload: { from: '2026-11-27', to: '2026-11-27' } });
    const seen: DeskEvent[] = [];

    sut.subscribe((event) => seen.push(event), { replay: true });

    expect(seen).toEqual([{ name: 'sync:status', payload: online }]);
  });

  it('keeps delivering when one listener throws', () => {
    const sut = new DeskEventBus();
    const seen: string[] = [];
    sut.subscribe(() => {
      throw new Error('broken window');
    });
    sut.subscribe((event) => seen.push(event.name));

    sut.emit({ name: 'sync:progress', payload: { done: 1, total: 2 } });

    expect(seen).toEqual(['sync:progress']);
  });

  it('tells a subscriber from a position every change sent after it, in order', () => {
    const sut = new DeskEventBus();
    sut.emit({ name: 'schedule:changed', payload: { from: '2026-11-26', to: '2026-11-26' } });
    const firstReadsTakenAt = sut.position;
    sut.emit({ name: 'schedule:changed', payload: { from: '2026-11-27', to: '2026-11-27' } });
    sut.emit({ name: 'sync:status', payload: online });
    sut.emit({ name: 'schedule:changed', payload: { from: '2026-11-28', to: '2026-11-28' } });
    const seen: [string, unknown][] = [];

    sut.subscribe((event) => seen.push([event.name, event.payload]), {
      replay: true,
      after: firstReadsTakenAt,
    });

    expect(seen).toEqual([
      ['sync:status', online],
      ['schedule:changed', { from: '2026-11-27', to: '2026-11-27' }],
      ['schedule:changed', { from: '2026-11-28', to: '2026-11-28' }],
    ]);
  });

  it('says everything changed to a subscriber from before the changes it still keeps', () => {
    const sut = new DeskEventBus();
    const long = sut.position;
    for (let day = 0; day < 501; day++)
      sut.emit({ name: 'sync:progress', payload: { done: day, total: 501 } });
    const seen: DeskEvent[] = [];

    sut.subscribe((event) => seen.push(event), { after: long });

    expect(seen).toEqual([{ name: 'schedule:changed', payload: { from: '1970-01-01', to: '9999-12-31' } }]);
  });

  it('tells a subscriber from the latest position nothing but what comes next', () => {
    const sut = new DeskEventBus();
    sut.emit({ name: 'schedule:changed', payload: { from: '2026-11-27', to: '2026-11-27' } });
    const seen: DeskEvent[] = [];

    sut.subscribe((event) => seen.push(event), { after: sut.position });

    expect(seen).toEqual([]);
  });
});
