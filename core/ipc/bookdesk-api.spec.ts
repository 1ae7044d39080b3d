import { describe, expect, it } from 'vitest';
import { buildBookdeskApi, CHANNEL_NAMES } from './bookdesk-api';
import { contract } from './contract';
import type { DeskEvent } from './desk-events';

const noEvents = () => () => {};

describe(buildBookdeskApi.name, () => {
  it('lists exactly the channels of the contract', () => {
    expect([...CHANNEL_NAMES].sort()).toEqual(Object.keys(contract).sort());
  });

  it('exposes each channel as bookdesk.<domain>.<verb> over the given transport', async () => {
    const sent: [string, unknown][] = [];
    const sut = buildBookdeskApi(async (channel, args) => {
      sent.push([channel, args]);
      return { ok: true, value: null };
    }, noEvents);

    await sut.schedule.getDay({ date: '2026-11-27' });
    await sut.session.status({});

    expect(sent).toEqual([
      ['schedule:getDay', { date: '2026-11-27' }],
      ['session:status', {}],
    ]);
  });

  it('cannot be extended or rewired by page scripts', () => {
    const sut = buildBookdeskApi(async () => ({ ok: true, value: null }), noEvents);

    expect(Object.isFrozen(sut)).toBe(true);
    expect(Object.isFrozen(sut.schedule)).toBe(true);
    expect(Object.isFrozen(sut.events)).toBe(true);
  });

  it("hands each event handler only its event's payloads, until unsubscribed", () => {
    const listeners = new Set<(event: DeskEvent) => void>();
    const sut = buildBookdeskApi(
      async () => ({ ok: true, value: null }),
      (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    );
    const send = (event: DeskEvent) => listeners.forEach((listener) => listener(event));
    const changed: unknown[] = [];

    const unsubscribe = sut.events.on('schedule:changed', (range) => changed.push(range));
    send({ name: 'sync:progress', payload: { done: 1, total: 2 } });
    send({ name: 'schedule:changed', payload: { from: '2026-11-27', to: '2026-11-28' } });
    unsubscribe();
    send({ name: 'schedule:changed', payload: { from: '2026-11-29', to: '2026-11-29' } });

    expect(changed).toEqual([{ from: '2026-11-27', to: '2026-11-28' }]);
    expect(listeners.size).toBe(0);
  });
});
