import { describe, expect, it } from 'vitest';
import { TenantCache } from './tenant-cache';

function clock(start = 1_000_000) {
  const state = { now: start };
  return { state, now: () => state.now };
}

describe(TenantCache.name, () => {
  const make = (ttlMs = 10_000, maxEntries = 100) => {
    const time = clock();
    return { sut: new TenantCache<string>({ ttlMs, maxEntries, now: time.now }), time };
  };

  it('serves what was stored until the TTL ends', () => {
    const { sut, time } = make(10_000);
    sut.set('k', 'tenant-a', 'v', sut.ticket());
    time.state.now += 9_999;
    expect(sut.get('k')).toBe('v');
    time.state.now += 1;
    expect(sut.get('k')).toBeUndefined();
  });

  it("never serves an entry past its own expiry (a token's), even within the TTL", () => {
    const { sut, time } = make(10_000);
    sut.set('k', 'tenant-a', 'v', sut.ticket(), time.state.now + 500);
    time.state.now += 500;
    expect(sut.get('k')).toBeUndefined();
  });

  it('does not store an answer that has already expired', () => {
    const { sut, time } = make();
    sut.set('k', 'tenant-a', 'v', sut.ticket(), time.state.now - 1);
    expect(sut.size).toBe(0);
  });

  it("drops only the invalidated tenant's entries", () => {
    const { sut } = make();
    sut.set('a1', 'tenant-a', 'x', sut.ticket());
    sut.set('a2', 'tenant-a', 'y', sut.ticket());
    sut.set('b1', 'tenant-b', 'z', sut.ticket());
    sut.invalidateTenant('tenant-a');
    expect([sut.get('a1'), sut.get('a2'), sut.get('b1')]).toEqual([undefined, undefined, 'z']);
  });

  it('refuses an answer read before an invalidation (the read may have seen the old rows)', () => {
    const { sut } = make();
    const ticket = sut.ticket();
    // … the database read is in flight while another request revokes a credential of any tenant …
    sut.invalidateTenant('tenant-b');
    sut.set('k', 'tenant-a', 'read before the change', ticket);
    expect(sut.get('k')).toBeUndefined();
    sut.set('k', 'tenant-a', 'read after', sut.ticket());
    expect(sut.get('k')).toBe('read after');
  });

  it('serves and stores nothing while suspended, and starts empty when resumed', () => {
    const { sut } = make();
    sut.set('k', 'tenant-a', 'v', sut.ticket());
    sut.suspend();
    expect(sut.get('k')).toBeUndefined();
    sut.set('k', 'tenant-a', 'v', sut.ticket());
    expect(sut.get('k')).toBeUndefined();
    sut.resume();
    expect(sut.get('k')).toBeUndefined();
    sut.set('k', 'tenant-a', 'v2', sut.ticket());
    expect(sut.get('k')).toBe('v2');
  });

  it('stores nothing with a TTL of 0 (cache turned off)', () => {
    const { sut } = make(0);
    sut.set('k', 'tenant-a', 'v', sut.ticket());
    expect(sut.get('k')).toBeUndefined();
  });

  it('keeps at most maxEntries, dropping the oldest first', () => {
    const { sut } = make(10_000, 2);
    sut.set('first', 't', '1', sut.ticket());
    sut.set('second', 't', '2', sut.ticket());
    sut.set('third', 't', '3', sut.ticket());
    expect(sut.size).toBe(2);
    expect([sut.get('first'), sut.get('second'), sut.get('third')]).toEqual([undefined, '2', '3']);
  });

  it('replaces an entry stored again under another tenant without leaving it reachable from the old one', () => {
    const { sut } = make();
    sut.set('k', 'tenant-a', 'a', sut.ticket());
    sut.set('k', 'tenant-b', 'b', sut.ticket());
    sut.invalidateTenant('tenant-a');
    expect(sut.get('k')).toBe('b');
    sut.invalidateTenant('tenant-b');
    expect(sut.get('k')).toBeUndefined();
  });
});
