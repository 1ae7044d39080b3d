/**
 * The desktop's pull against the real API started in-process (SQLite, settable clock): the demo
 * business created through REST by {@link DemoApiSeeder}, a paged snapshot pulled into a fresh cache
 * equal to what the REST GETs answer, walk-in waits worked out locally, then a delta with an update and
 * a tombstone.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoBusiness } from '../../core/demo/demo-business';
import type { DemoBusiness } from '../../core/demo/demo-business';
import type { Booking, Customer, WalkIn } from '../../core/domain/schemas';
import {
  expectCall,
  seedClockedTenant,
  startClockedApp,
  TestClock,
} from '../../tests/frontdesk/front-desk.fixtures';
import type { SeededTenant, TestApp } from '../../tests/support/api';
import { ApiClient } from '../api/api.client';
import { CacheCipher } from '../cache/cache.cipher';
import { openCacheDatabase } from '../cache/cache.database';
import type { CacheDatabase } from '../cache/cache.database';
import { MetaStore } from '../cache/meta.store';
import { ScheduleCache } from '../cache/schedule.cache';
import { DemoApiSeeder } from '../seed/demo-api-seed';
import type { DemoApiSeedResult } from '../seed/demo-api-seed';
import { cacheTarget, SyncPuller, syncCursorKey } from './sync-puller';

const DATE = '2026-03-02';
const ZONE = 'Europe/London';
/** The API's clock: before opening, so every booking of the demo day is still ahead. */
const API_NOW = Date.parse(`${DATE}T08:30:00Z`);
/** The demo's clock: mid-morning, so the day has every status. */
const DEMO_NOW = new Date(`${DATE}T11:20:00Z`);

describe(SyncPuller.name, () => {
  const clock = new TestClock(API_NOW);
  let t: TestApp;
  let owner: SeededTenant;
  let apiUrl: string;
  let api: ApiClient;
  let demo: DemoBusiness;
  let seeded: DemoApiSeedResult;
  let db: CacheDatabase;
  let cache: ScheduleCache;
  let meta: MetaStore;
  let sut: SyncPuller;

  beforeAll(async () => {
    t = await startClockedApp('sqlite', clock);
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    apiUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    owner = await seedClockedTenant(t);
    api = new ApiClient(apiUrl);
    demo = createDemoBusiness({ date: DATE, timeZone: ZONE, now: DEMO_NOW });
    seeded = await new DemoApiSeeder(api, owner.token).seed(demo, owner.locationId, clock.now());
  }, 60_000);

  beforeAll(() => {
    db = openCacheDatabase(':memory:');
    cache = new ScheduleCache(db, CacheCipher.withRandomKey(), () => clock.now());
    meta = new MetaStore(db);
    sut = new SyncPuller({ apiBaseUrl: apiUrl, api, target: cacheTarget(cache), meta, pageSize: 10 });
  });

  afterAll(async () => {
    db?.close();
    await t?.close();
  });

  const restBookings = async () =>
    (
      await expectCall<{ items: Booking[] }>(
        t,
        owner.token,
        'GET',
        `/v1/bookings?from=${DATE}T00:00:00Z&to=${DATE}T23:59:00Z&limit=200`,
        200,
      )
    ).items;

  it('creates the whole demo day through the REST API, statuses included', async () => {
    expect(seeded).toMatchObject({ services: 5, staff: 4, customers: 23, bookings: 22, walkIns: 2 });
    expect(seeded.refused).toEqual([]);
    const statuses = Object.fromEntries((await restBookings()).map((b) => [b.id, b.status]));
    expect(statuses).toEqual(Object.fromEntries(demo.bookings.map((b) => [b.id, b.status])));
  });

  it('pulls a paged snapshot into the cache, replacing what was there, and keeps the cursor', async () => {
    const stale = { ...demo.bookings[0]!, id: 'b00cde5c-0000-4000-8000-ffffffffffff' };
    cache.putSnapshot({ locations: [demo.location], bookings: [stale] });

    const outcome = await sut.pull(owner.token);

    expect(outcome).toMatchObject({ ok: true, snapshot: true });
    expect(outcome.ok && outcome.pages).toBeGreaterThan(1);
    expect(meta.get(syncCursorKey(apiUrl))).toEqual(expect.any(String));
    const day = cache.getDay(DATE)!;
    expect(day.location.id).toBe(owner.locationId);
    expect(day.location.openingHours).toEqual(demo.location.openingHours);
    expect(day.staff.map((s) => s.id)).toEqual(expect.arrayContaining(demo.staff.map((s) => s.id)));
    const byId = <T extends { id: string }>(rows: T[]): T[] =>
      [...rows].sort((a, b) => a.id.localeCompare(b.id));
    const { customerName: _name, ...first } = byId(day.bookings)[0]!;
    expect(first).toEqual(byId(await restBookings())[0]);
    expect(byId(day.bookings).map((b) => [b.id, b.status])).toEqual(
      byId(await restBookings()).map((b) => [b.id, b.status]),
    );
    expect(day.bookings.find((b) => b.id === stale.id)).toBeUndefined();
  });

  it('works out queue positions and waits for pulled walk-ins, which come without them', async () => {
    const queue = await expectCall<{ items: WalkIn[] }>(t, owner.token, 'GET', '/v1/walk-ins', 200);

    const walkIns = cache.getDay(DATE)!.walkIns;

    expect(walkIns.map((w) => [w.id, w.position, w.estimatedWaitMinutes])).toEqual(
      queue.items.map((w) => [w.id, w.position, w.estimatedWaitMinutes]),
    );
    expect(walkIns.every((w) => w.estimatedWaitMinutes !== null)).toBe(true);
  });

  it('pulls only what changed since the cursor: updates and tombstones', async () => {
    const booked = demo.bookings.find((b) => b.status === 'booked')!;
    await expectCall(t, owner.token, 'DELETE', `/v1/bookings/${booked.id}`, 204);
    const extra = await expectCall<Customer>(t, owner.token, 'POST', '/v1/customers', 201, {
      name: 'Ada Byrne',
    });
    await expectCall(t, owner.token, 'PATCH', `/v1/customers/${demo.customers[0]!.id}`, 200, {
      name: 'Olivia Bennett-Hale',
    });
    await expectCall(t, owner.token, 'DELETE', `/v1/customers/${extra.id}`, 204);

    const outcome = await sut.pull(owner.token);

    expect(outcome).toMatchObject({ ok: true, snapshot: false, pages: 1 });
    const day = cache.getDay(DATE)!;
    expect(day.bookings.find((b) => b.id === booked.id)?.status).toBe('cancelled');
    expect(cache.customers.get(extra.id)).toBeNull();
    expect(cache.customers.get(demo.customers[0]!.id)?.name).toBe('Olivia Bennett-Hale');
  });

  it('asks the API for the next page before it stores the one it has (fetch and store overlap)', async () => {
    const log: string[] = [];
    let asked = 0;
    let stored = 0;
    const fresh = openCacheDatabase(':memory:');
    try {
      const target = cacheTarget(new ScheduleCache(fresh, CacheCipher.withRandomKey(), () => clock.now()));
      const puller = new SyncPuller({
        apiBaseUrl: apiUrl,
        api: {
          call: (...args: Parameters<ApiClient['call']>) => (log.push(`ask ${++asked}`), api.call(...args)),
        },
        target: {
          applyPull: (changes, options) => (
            log.push(`store ${++stored}`),
            target.applyPull(changes, options)
          ),
        },
        meta: new MetaStore(fresh),
        pageSize: 10,
      });

      const outcome = await puller.pull(owner.token);

      expect(outcome.ok && outcome.pages).toBe(stored);
      expect(stored).toBeGreaterThan(3);
      // Page n+1 is on its way before page n is stored; nothing is asked for after the last page.
      for (let n = 1; n < stored; n++)
        expect(log.indexOf(`ask ${n + 1}`)).toBeLessThan(log.indexOf(`store ${n}`));
      expect(asked).toBe(stored);
    } finally {
      fresh.close();
    }
  });
});
