/**
 * Which walk-ins a sync snapshot holds, on both stores: the queue of "today" in every zone, i.e.
 * parties that arrived in the 26 hours before the snapshot, whatever their status. Yesterday's party
 * still waiting is there, today's too; one that arrived two days ago is not, and the next day's
 * snapshot holds none of them (server/walk-ins/walk-in.sync.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SeededTenant, TestApp } from '../support/api';
import { STORES } from '../support/db';
import {
  expectCall,
  seedClockedTenant,
  seedShop,
  startClockedApp,
  TestClock,
} from '../frontdesk/front-desk.fixtures';
import type { ShopIds } from '../frontdesk/front-desk.fixtures';
import { PullClient } from '../sync/sync.fixtures';

describe.each(STORES)('walk-ins in a sync snapshot on %s', (store) => {
  const clock = new TestClock(Date.parse('2026-03-01T18:00:00Z'));
  let sut: TestApp;
  let owner: SeededTenant;
  let shop: ShopIds;
  const arrived: Record<'twoDaysAgo' | 'yesterday' | 'today', string> = {
    twoDaysAgo: '',
    yesterday: '',
    today: '',
  };

  /** A party arriving at `at` (the clock's time), left waiting. */
  const walkIn = async (at: string, name: string) => {
    clock.set(at);
    const created = await expectCall<{ id: string; status: string }>(
      sut,
      owner.token,
      'POST',
      '/v1/walk-ins',
      201,
      { customer: { name }, serviceId: shop.serviceId, locationId: shop.locationId },
    );
    expect(created.status).toBe('waiting');
    return created.id;
  };

  /** The walk-in ids of a snapshot taken at `at`. */
  const snapshotWalkIns = async (at: string) => {
    clock.set(at);
    const client = new PullClient(sut, owner.token);
    await client.pullAll();
    return [...client.of('walkIn').keys()].map((key) => key.slice('walkIn:'.length)).sort();
  };

  beforeAll(async () => {
    sut = await startClockedApp(store, clock);
    owner = await seedClockedTenant(sut);
    shop = await seedShop(sut, owner.token);
    arrived.twoDaysAgo = await walkIn('2026-03-01T18:00:00Z', 'Two Days');
    arrived.yesterday = await walkIn('2026-03-02T09:00:00Z', 'Yesterday Still Waiting');
    arrived.today = await walkIn('2026-03-03T09:30:00Z', 'Today');
  });
  afterAll(async () => sut?.close());

  it('holds yesterday’s party still waiting and today’s, not one from two days ago', async () => {
    expect(await snapshotWalkIns('2026-03-03T10:00:00Z')).toEqual([arrived.yesterday, arrived.today].sort());
  });

  it('holds none of them in the next day’s snapshot', async () => {
    expect(await snapshotWalkIns('2026-03-04T12:00:00Z')).toEqual([]);
  });
});
