import { describe, expect, it } from 'vitest';
import { buildBookdeskApi, CHANNEL_NAMES } from './bookdesk-api';
import { contract } from './contract';

describe(buildBookdeskApi.name, () => {
  it('lists exactly the channels of the contract', () => {
    expect([...CHANNEL_NAMES].sort()).toEqual(Object.keys(contract).sort());
  });

  it('exposes each channel as bookdesk.<domain>.<verb> over the given transport', async () => {
    const sent: [string, unknown][] = [];
    const sut = buildBookdeskApi(async (channel, args) => {
      sent.push([channel, args]);
      return { ok: true, value: null };
    });

    await sut.schedule.getDay({ date: '2026-11-27' });
    await sut.session.status({});

    expect(sent).toEqual([
      ['schedule:getDay', { date: '2026-11-27' }],
      ['session:status', {}],
    ]);
  });

  it('cannot be extended or rewired by page scripts', () => {
    const sut = buildBookdeskApi(async () => ({ ok: true, value: null }));

    expect(Object.isFrozen(sut)).toBe(true);
    expect(Object.isFrozen(sut.schedule)).toBe(true);
  });
});
