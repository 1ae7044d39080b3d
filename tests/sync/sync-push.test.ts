/**
 * `POST /v1/sync/push` on both stores: mutations apply in order through the REST services, a push
 * sent twice applies once, a rejected mutation carries the REST problem and still advances the
 * client's id, role checks match the REST routes, and pull reports the last applied ids.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SeededTenant, TestApp } from '../support/api';
import { STORES } from '../support/db';
import {
  addClockedUser,
  expectCall,
  seedClockedTenant,
  seedShop,
  startClockedApp,
  TestClock,
} from '../frontdesk/front-desk.fixtures';
import type { ShopIds } from '../frontdesk/front-desk.fixtures';
import { PullClient } from './sync.fixtures';
import type { PullPage } from './sync.fixtures';

const NOW = Date.parse('2026-03-02T08:00:00Z');
const at = (dayOffset: number, hour: number) =>
  new Date(Date.UTC(2026, 2, 2 + dayOffset, hour)).toISOString();

type PushResult = { id: number; status: string; problem?: { status: number; type: string } };

describe.each(STORES)('POST /v1/sync/push on %s', (store) => {
  const clock = new TestClock(NOW);
  let t: TestApp;
  let owner: SeededTenant;
  let shop: ShopIds;

  beforeAll(async () => {
    t = await startClockedApp(store, clock);
    owner = await seedClockedTenant(t);
    shop = await seedShop(t, owner.token, { staffCount: 1 });
  });
  afterAll(async () => t?.close());

  const push = async (clientId: string, mutations: object[], token = owner.token) =>
    (
      await expectCall<{ results: PushResult[] }>(t, token, 'POST', '/v1/sync/push', 200, {
        clientId,
        mutations,
      })
    ).results;

  it('applies create, update, setStatus and cancel exactly like the REST routes', async () => {
    const bookingId = crypto.randomUUID();
    const customerId = crypto.randomUUID();
    const results = await push('desk-1', [
      { id: 1, name: 'customer.create', args: { id: customerId, name: 'Ada', phone: '+44 20 1' } },
      { id: 2, name: 'customer.update', args: { id: customerId, email: 'ada@example.com' } },
      {
        id: 3,
        name: 'booking.create',
        args: {
          id: bookingId,
          serviceId: shop.serviceId,
          staffId: shop.staffIds[0],
          customerId,
          start: at(1, 10),
          source: 'desk',
        },
      },
      { id: 4, name: 'booking.update', args: { id: bookingId, start: at(1, 11), notes: 'moved' } },
      { id: 5, name: 'booking.setStatus', args: { id: bookingId, status: 'checked_in' } },
    ]);
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'applied', 'applied']);
    expect(await expectCall(t, owner.token, 'GET', `/v1/customers/${customerId}`, 200)).toEqual({
      id: customerId,
      name: 'Ada',
      phone: '+44 20 1',
      email: 'ada@example.com',
    });
    expect(await expectCall(t, owner.token, 'GET', `/v1/bookings/${bookingId}`, 200)).toMatchObject({
      start: '2026-03-03T11:00:00+00:00',
      status: 'checked_in',
      notes: 'moved',
    });
    expect(
      (await push('desk-1', [{ id: 6, name: 'booking.cancel', args: { id: bookingId } }]))[0]!.status,
    ).toBe('applied');
    expect(await expectCall(t, owner.token, 'GET', `/v1/bookings/${bookingId}`, 200)).toMatchObject({
      status: 'cancelled',
    });
  });

  it('applies a push sent twice (lost response) once: the second answers duplicate and changes nothing', async () => {
    const client = new PullClient(t, owner.token);
    await client.pullAll();
    const mutations = [
      { id: 1, name: 'customer.create', args: { name: 'Once' } },
      {
        id: 2,
        name: 'booking.create',
        args: { serviceId: shop.serviceId, start: at(2, 10), source: 'phone' },
      },
    ];
    expect((await push('desk-twice', mutations)).map((r) => r.status)).toEqual(['applied', 'applied']);
    const afterFirst = await client.pullAll();
    expect(afterFirst.changes).toHaveLength(2);

    expect(await push('desk-twice', mutations)).toEqual([
      { id: 1, status: 'duplicate' },
      { id: 2, status: 'duplicate' },
    ]);
    const afterSecond = await client.pullAll();
    expect(afterSecond.changes).toEqual([]);
    const customers = await expectCall<{ items: { name: string }[] }>(
      t,
      owner.token,
      'GET',
      '/v1/customers?q=Once',
      200,
    );
    expect(customers.items).toHaveLength(1);
    expect(afterSecond.lastMutationIds['desk-twice']).toBe(2);
  });

  it('applies one mutation once when the same push races itself', async () => {
    const mutations = [{ id: 1, name: 'customer.create', args: { name: 'Raced' } }];
    const [a, b] = await Promise.all([push('desk-race', mutations), push('desk-race', mutations)]);
    expect([a![0]!.status, b![0]!.status].sort()).toEqual(['applied', 'duplicate']);
    const customers = await expectCall<{ items: unknown[] }>(
      t,
      owner.token,
      'GET',
      '/v1/customers?q=Raced',
      200,
    );
    expect(customers.items).toHaveLength(1);
  });

  it('rejects with the REST problem, advances the id, and applies later mutations', async () => {
    const first = crypto.randomUUID();
    const results = await push('desk-rejects', [
      {
        id: 10,
        name: 'booking.create',
        args: {
          id: first,
          serviceId: shop.serviceId,
          staffId: shop.staffIds[0],
          start: at(3, 10),
          source: 'desk',
        },
      },
      // The same slot: 409 /slot-taken, as POST /v1/bookings answers.
      {
        id: 11,
        name: 'booking.create',
        args: { serviceId: shop.serviceId, staffId: shop.staffIds[0], start: at(3, 10), source: 'desk' },
      },
      // Invalid: 422 naming the field.
      { id: 12, name: 'customer.create', args: { name: '' } },
      { id: 13, name: 'booking.setStatus', args: { id: first, status: 'completed' } },
      { id: 14, name: 'no.such.mutation', args: {} },
      { id: 15, name: 'customer.create', args: { name: 'After the rejections' } },
    ]);
    expect(results.map((r) => [r.id, r.status, r.problem?.status])).toEqual([
      [10, 'applied', undefined],
      [11, 'rejected', 409],
      [12, 'rejected', 422],
      [13, 'rejected', 409],
      [14, 'rejected', 422],
      [15, 'applied', undefined],
    ]);
    expect(results[1]!.problem!.type).toMatch(/\/slot-taken$/);
    expect(results[3]!.problem!.type).toMatch(/\/invalid-transition$/);
    expect(results[2]!.problem).toMatchObject({ errors: [{ path: 'args.name' }] });
    // Resending them (the answer was lost) changes nothing: the client's queue moved past them. Each
    // rejected one is told again with its problem; an applied one is a plain duplicate.
    const again = await push('desk-rejects', [
      { id: 10, name: 'customer.create', args: { name: 'Late' } },
      { id: 11, name: 'customer.create', args: { name: 'Late' } },
      { id: 13, name: 'customer.create', args: { name: 'Late' } },
    ]);
    expect(again).toEqual([
      { id: 10, status: 'duplicate' },
      { id: 11, status: 'duplicate', problem: results[1]!.problem },
      { id: 13, status: 'duplicate', problem: results[3]!.problem },
    ]);
    const page = await expectCall<PullPage>(t, owner.token, 'POST', '/v1/sync/pull', 200, {});
    expect(page.lastMutationIds['desk-rejects']).toBe(15);
  });

  it('checks roles per mutation as the REST routes do', async () => {
    const staff = await addClockedUser(t, owner.tenantId, 'staff');
    const results = await push(
      'staff-phone',
      [
        { id: 1, name: 'customer.create', args: { name: 'Not allowed' } },
        {
          id: 2,
          name: 'booking.create',
          args: { serviceId: shop.serviceId, start: at(4, 10), source: 'desk' },
        },
      ],
      staff.token,
    );
    expect(results.map((r) => [r.status, r.problem?.status])).toEqual([
      ['rejected', 403],
      ['rejected', 403],
    ]);
    const customers = await expectCall<{ items: unknown[] }>(
      t,
      owner.token,
      'GET',
      '/v1/customers?q=Not%20allowed',
      200,
    );
    expect(customers.items).toHaveLength(0);
  });

  it('keeps clients of different tenants apart', async () => {
    const other = await seedClockedTenant(t);
    await push('shared-name', [{ id: 7, name: 'customer.create', args: { name: 'Tenant A' } }]);
    const results = await push(
      'shared-name',
      [{ id: 1, name: 'customer.create', args: { name: 'Tenant B' } }],
      other.token,
    );
    expect(results[0]!.status).toBe('applied');
    const page = await expectCall<PullPage>(t, other.token, 'POST', '/v1/sync/pull', 200, {});
    expect(page.lastMutationIds).toEqual({ 'shared-name': 1 });
  });
});
