/**
 * Walk-ins through the sync protocol on both stores: `walkIn.create` and `walkIn.action` pushed by a
 * desktop behave like the REST routes (same validation, same 409s), and a pull returns the walk-in's
 * current state under entity `walkIn`, versioned after every change.
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

type Change = { entity: string; op: string; id: string; version: number; data?: Record<string, unknown> };

describe.each(STORES)('walk-ins over sync on %s', (store) => {
  const clock = new TestClock(Date.parse('2026-06-01T10:00:00+01:00'));
  let sut: TestApp;
  let owner: SeededTenant;
  let shop: ShopIds;

  beforeAll(async () => {
    sut = await startClockedApp(store, clock);
    owner = await seedClockedTenant(sut);
    shop = await seedShop(sut, owner.token, { staffCount: 1 });
  });
  afterAll(async () => {
    await sut?.close();
  });

  const push = (mutations: { id: number; name: string; args: unknown }[]) =>
    expectCall<{ results: { id: number; status: string; problem?: { type: string } }[] }>(
      sut,
      owner.token,
      'POST',
      '/v1/sync/push',
      200,
      { clientId: 'desk-1', mutations },
    );
  const pullAll = async () => {
    const changes: Change[] = [];
    let cursor: string | undefined;
    for (;;) {
      const page = await expectCall<{ cursor: string; hasMore: boolean; changes: Change[] }>(
        sut,
        owner.token,
        'POST',
        '/v1/sync/pull',
        200,
        cursor ? { cursor } : {},
      );
      changes.push(...page.changes);
      cursor = page.cursor;
      if (!page.hasMore) return { changes, cursor };
    }
  };

  it('applies pushed walk-in mutations like the REST routes and pulls their state', async () => {
    const id = crypto.randomUUID();
    const first = await push([
      {
        id: 1,
        name: 'walkIn.create',
        args: {
          id,
          customer: { name: 'Offline Olga' },
          serviceId: shop.serviceId,
          locationId: shop.locationId,
        },
      },
      { id: 2, name: 'walkIn.action', args: { id, action: 'call' } },
      { id: 3, name: 'walkIn.action', args: { id, action: 'call' } },
      {
        id: 4,
        name: 'walkIn.create',
        args: { customer: { name: 'No service' }, locationId: shop.locationId },
      },
    ]);
    expect(first.results.map((r) => r.status)).toEqual(['applied', 'applied', 'rejected', 'rejected']);
    expect(first.results[2]!.problem!.type).toMatch(/\/invalid-transition$/);

    const queue = await expectCall<{ items: { id: string; status: string; position: number }[] }>(
      sut,
      owner.token,
      'GET',
      `/v1/walk-ins?locationId=${shop.locationId}`,
      200,
    );
    expect(queue.items).toEqual([expect.objectContaining({ id, status: 'called', position: 1 })]);

    const { changes, cursor } = await pullAll();
    const walkIn = changes.find((c) => c.entity === 'walkIn' && c.id === id);
    expect(walkIn?.data).toMatchObject({ customerName: 'Offline Olga', status: 'called' });

    await push([{ id: 5, name: 'walkIn.action', args: { id, action: 'start' } }]);
    const after = await expectCall<{ changes: Change[] }>(sut, owner.token, 'POST', '/v1/sync/pull', 200, {
      cursor,
    });
    expect(after.changes.find((c) => c.entity === 'walkIn' && c.id === id)?.data).toMatchObject({
      status: 'started',
    });
    const bookingId = after.changes.find((c) => c.entity === 'walkIn')!.data!.bookingId as string;
    expect(after.changes.find((c) => c.entity === 'booking' && c.id === bookingId)?.data).toMatchObject({
      status: 'in_service',
      source: 'walk_in',
    });
  });
});
