import { describe, expect, it } from 'vitest';
import { BookingContextCache } from './booking-context-cache';
import type { CachedBookingContext } from './booking-context-cache';

const at = (configVersion: number, name = 'Haircut'): CachedBookingContext => ({
  configVersion,
  service: {
    id: 'svc',
    name,
    durationMinutes: 30,
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 0,
    minNoticeMinutes: 0,
    maxAdvanceDays: 90,
  } as CachedBookingContext['service'],
  definitions: [],
  staff: [],
});

describe(BookingContextCache.name, () => {
  it('keeps contexts by tenant, service and staff member named (or anyone)', () => {
    const cache = new BookingContextCache();
    cache.set('t1', 'svc', 'ann', at(3, 'for Ann'));
    cache.set('t1', 'svc', undefined, at(3, 'for anyone'));
    expect(cache.get('t1', 'svc', 'ann')?.service?.name).toBe('for Ann');
    expect(cache.get('t1', 'svc', undefined)?.service?.name).toBe('for anyone');
    expect(cache.get('t1', 'svc', 'bob')).toBeUndefined();
    expect(cache.get('t2', 'svc', 'ann')).toBeUndefined();
  });

  it('drops every context of a tenant read before a newer version, and ignores an older read', () => {
    const cache = new BookingContextCache();
    cache.set('t1', 'svc', 'ann', at(3));
    cache.set('t1', 'svc', 'bob', at(4));
    expect(cache.get('t1', 'svc', 'ann')).toBeUndefined();
    expect(cache.get('t1', 'svc', 'bob')?.configVersion).toBe(4);
    cache.set('t1', 'svc', 'ann', at(3));
    expect(cache.get('t1', 'svc', 'ann')).toBeUndefined();
  });

  it('forgets the least recently used contexts beyond its bounds', () => {
    const cache = new BookingContextCache();
    for (let i = 0; i < 300; i++) cache.set('t1', 'svc', `s${i}`, at(1));
    expect(cache.size).toBe(256);
    expect(cache.get('t1', 'svc', 's0')).toBeUndefined();
    expect(cache.get('t1', 'svc', 's44')).toBeDefined(); // now the most recently used of t1
    cache.set('t1', 'svc', 'new', at(1));
    expect(cache.get('t1', 'svc', 's44')).toBeDefined();
    expect(cache.get('t1', 'svc', 's45')).toBeUndefined();

    // Weight: a context with 999 staff records weighs 1,000; fifty of them fill the cache.
    const big = {
      ...at(1),
      staff: Array.from({ length: 999 }, () => ({}) as CachedBookingContext['staff'][0]),
    };
    for (let i = 0; i < 60; i++) cache.set(`big${i}`, 'svc', undefined, big);
    expect(cache.get('t1', 'svc', 's44')).toBeUndefined();
    expect(cache.get('big0', 'svc', undefined)).toBeUndefined();
    expect(cache.get('big59', 'svc', undefined)).toBeDefined();
    expect(cache.size).toBeLessThanOrEqual(50);
  });
});
