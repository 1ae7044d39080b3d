/**
 * Walk-ins through the sync protocol on both stores: `walkIn.create|action` pushed like the REST
 * routes, and the queue (and the booking a `start` creates) arriving in pulls.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SeededTenant, TestApp } from '../support/api';
import { STORES } from '../support/db';
import {
  addClockedUser,
  EVERY_DAY,
  expectCall,
  seedClockedTenant,
  seedShop,
  startClockedApp,
  TestClock,
} from '../frontdesk/front-desk.fixtures';
import type { ShopIds } from '../frontdesk/front-desk.fixtures';
import { PullClient } from './sync.fixtures';

describe.each(STORES)('walk-ins over sync on %s', (store) => {
  const clock = new TestClock(Date.parse('2026-03-03T10:00:00Z'));
  let t: TestApp;
  let owner: SeededTenant;
  let shop: ShopIds;

  beforeAll(async () => {
    t = await startClockedApp(store, clock);
    owner = await seedClockedTenant(t);
    shop = await seedShop(t, owner.token, { hours: EVERY_DAY([['08:00', '20:00']]).mon! });
  });
  afterAll(async () => t?.close());

  it('adds, calls and starts a walk-in through push; the pull carries the walk-in and its booking', async () => {
    const client = new PullClient(t, owner.token);
    await client.pullAll();
    const walkInId = crypto.randomUUID();
    const pushed = await expectCall<{ results: { status: string; problem?: unknown }[] }>(
      t,
      owner.token,
      'POST',
      '/v1/sync/push',
      200,
      {
        clientId: 'desk-walk-ins',
        mutations: [
          {
            id: 1,
            name: 'walkIn.create',
            args: {
              id: walkInId,
              customer: { name: 'Queue Quinn' },
              serviceId: shop.serviceId,
              locationId: shop.locationId,
            },
          },
          { id: 2, name: 'walkIn.action', args: { id: walkInId, action: 'call' } },
          { id: 3, name: 'walkIn.action', args: { id: walkInId, action: 'start' } },
          { id: 4, name: 'walkIn.action', args: { id: walkInId, action: 'leave' } },
        ],
      },
    );
    expect(pushed.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'rejected']);

    const page = await client.pullAll();
    const walkIn = page.changes.find((c) => c.entity === 'walkIn')!;
    expect(walkIn).toMatchObject({
      op: 'put',
      id: walkInId,
      data: { status: 'started', customerName: 'Queue Quinn' },
    });
    const bookingId = (walkIn.data as { bookingId: string }).bookingId;
    expect(client.state.get(`booking:${bookingId}`)).toEqual(
      await expectCall(t, owner.token, 'GET', `/v1/bookings/${bookingId}`, 200),
    );
    expect(page.changes.filter((c) => c.entity === 'customer')).toHaveLength(1);
  });

  it('includes today’s walk-ins in a snapshot', async () => {
    const created = await expectCall<{ id: string }>(t, owner.token, 'POST', '/v1/walk-ins', 201, {
      customer: { name: 'Snap Shot' },
      serviceId: shop.serviceId,
      locationId: shop.locationId,
    });
    const client = new PullClient(t, owner.token, 2);
    await client.pullAll();
    expect(client.state.get(`walkIn:${created.id}`)).toMatchObject({
      status: 'waiting',
      customerName: 'Snap Shot',
    });
  });

  it('refuses walk-in mutations to the staff role, as the REST routes do', async () => {
    const staff = await addClockedUser(t, owner.tenantId, 'staff');
    const pushed = await expectCall<{ results: { status: string; problem?: { status: number } }[] }>(
      t,
      staff.token,
      'POST',
      '/v1/sync/push',
      200,
      {
        clientId: 'staff-walk-ins',
        mutations: [
          { id: 1, name: 'walkIn.create', args: { customer: { name: 'No' }, serviceId: shop.serviceId } },
        ],
      },
    );
    expect(pushed.results[0]).toMatchObject({ status: 'rejected', problem: { status: 403 } });
  });
});
