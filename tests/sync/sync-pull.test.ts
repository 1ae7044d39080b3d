/**
 * `POST /v1/sync/pull` on both stores: a paged snapshot of the working set equal to what the REST
 * GETs show, deltas in version order with tombstones, a pull from any cursor after a random
 * sequence of changes reproducing the server's state exactly, and tenant isolation.
 */
import fc from 'fast-check';
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
import { only, PullClient, restState } from './sync.fixtures';

const DAY = 86_400_000;
const NOW = Date.parse('2026-03-02T08:00:00Z');
const WINDOW = { from: new Date(NOW - 30 * DAY), to: new Date(NOW + 90 * DAY) };

describe.each(STORES)('POST /v1/sync/pull on %s', (store) => {
  const clock = new TestClock(NOW);
  let t: TestApp;
  let owner: SeededTenant;
  let shop: ShopIds;

  beforeAll(async () => {
    t = await startClockedApp(store, clock);
    owner = await seedClockedTenant(t);
    shop = await seedShop(t, owner.token, { staffCount: 2 });
  });
  afterAll(async () => t?.close());

  const book = (start: string, extra: object = {}) =>
    expectCall<{ id: string }>(t, owner.token, 'POST', '/v1/bookings', 201, {
      serviceId: shop.serviceId,
      staffId: shop.staffIds[0],
      start,
      source: 'desk',
      ...extra,
    });

  it('serves a paged snapshot equal to the REST state, then continues with the delta from its start', async () => {
    const tenant = await seedClockedTenant(t);
    const own = await seedShop(t, tenant.token, { staffCount: 2 });
    await expectCall(t, tenant.token, 'POST', '/v1/custom-fields', 201, {
      key: 'allergies',
      label: 'Allergies',
      type: 'text',
      required: false,
    });
    for (let i = 0; i < 7; i++) {
      await expectCall(t, tenant.token, 'POST', '/v1/bookings', 201, {
        serviceId: own.serviceId,
        start: new Date(NOW + (i + 1) * DAY + 3 * 3_600_000).toISOString(),
        source: 'phone',
        customer: { name: `Customer ${i}` },
      });
    }
    const client = new PullClient(t, tenant.token, 3);
    await client.pullAll();

    expect(client.pages).toBeGreaterThan(5);
    expect(client.state).toEqual(await restState(t, tenant.token, WINDOW));
    expect(only(client.state, 'booking').size).toBe(7);
    expect(only(client.state, 'customer').size).toBe(7);

    // Caught up: the same cursor returns nothing until something changes.
    const idle = await client.pullOnce();
    expect(idle).toMatchObject({ changes: [], hasMore: false });
    const customer = await expectCall<{ id: string }>(t, tenant.token, 'POST', '/v1/customers', 201, {
      name: 'Late',
    });
    const next = await client.pullOnce();
    expect(next.changes).toEqual([
      {
        entity: 'customer',
        op: 'put',
        id: customer.id,
        version: expect.any(Number),
        data: { id: customer.id, name: 'Late' },
      },
    ]);
  });

  it('keeps a snapshot consistent with changes made while it is being paged', async () => {
    const tenant = await seedClockedTenant(t);
    const own = await seedShop(t, tenant.token);
    const customers: string[] = [];
    for (let i = 0; i < 6; i++) {
      customers.push(
        (await expectCall<{ id: string }>(t, tenant.token, 'POST', '/v1/customers', 201, { name: `C${i}` }))
          .id,
      );
    }
    const client = new PullClient(t, tenant.token, 2);
    await client.pullOnce();
    await client.pullOnce();
    // Mid-snapshot: a rename, a deletion and a new booking.
    await expectCall(t, tenant.token, 'PATCH', `/v1/customers/${customers[5]}`, 200, { name: 'Renamed' });
    await expectCall(t, tenant.token, 'DELETE', `/v1/customers/${customers[0]}`, 204);
    await expectCall(t, tenant.token, 'POST', '/v1/bookings', 201, {
      serviceId: own.serviceId,
      start: new Date(NOW + DAY + 3_600_000).toISOString(),
      source: 'desk',
    });
    await client.pullAll();
    expect(client.state).toEqual(await restState(t, tenant.token, WINDOW));
  });

  it('reproduces the server state from any cursor after a random sequence of changes', async () => {
    const command = fc.oneof(
      fc.record({
        kind: fc.constant('createCustomer' as const),
        name: fc.string({ minLength: 1, maxLength: 8 }),
      }),
      fc.record({
        kind: fc.constant('updateCustomer' as const),
        pick: fc.nat(),
        phone: fc.option(fc.constantFrom('+44 1', '+44 2')),
      }),
      fc.record({ kind: fc.constant('deleteCustomer' as const), pick: fc.nat() }),
      fc.record({
        kind: fc.constant('createBooking' as const),
        slot: fc.nat(40),
        withCustomer: fc.boolean(),
      }),
      fc.record({ kind: fc.constant('moveBooking' as const), pick: fc.nat(), slot: fc.nat(40) }),
      fc.record({ kind: fc.constant('cancelBooking' as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant('checkIn' as const), pick: fc.nat() }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(command, { minLength: 1, maxLength: 14 }),
        fc.nat(),
        async (commands, cut) => {
          const tenant = await seedClockedTenant(t);
          const own = await seedShop(t, tenant.token);
          const customers: string[] = [];
          const bookings: string[] = [];
          const slotStart = (slot: number) =>
            new Date(NOW + (1 + (slot % 20)) * DAY + (slot % 2) * 3_600_000).toISOString();
          // Checkpoints after every command: a client may resume from any of them with the state it had.
          const checkpoints: { cursor: string | undefined; state: Map<string, unknown> }[] = [
            { cursor: undefined, state: new Map() },
          ];
          const tracker = new PullClient(t, tenant.token, 4);
          const call = (method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
            t.call({ method, url, token: tenant.token, ...(payload ? { payload } : {}) });
          for (const c of commands) {
            if (c.kind === 'createCustomer') {
              const r = await call('POST', '/v1/customers', { name: c.name.trim() || 'x' });
              if (r.statusCode === 201) customers.push(r.json<{ id: string }>().id);
            } else if (c.kind === 'updateCustomer' && customers.length) {
              await call('PATCH', `/v1/customers/${customers[c.pick % customers.length]}`, {
                phone: c.phone,
              });
            } else if (c.kind === 'deleteCustomer' && customers.length) {
              const id = customers[c.pick % customers.length]!;
              if ((await call('DELETE', `/v1/customers/${id}`)).statusCode === 204)
                customers.splice(customers.indexOf(id), 1);
            } else if (c.kind === 'createBooking') {
              const r = await call('POST', '/v1/bookings', {
                serviceId: own.serviceId,
                start: slotStart(c.slot),
                source: 'desk',
                ...(c.withCustomer ? { customer: { name: 'Walk up' } } : {}),
              });
              if (r.statusCode === 201) bookings.push(r.json<{ id: string }>().id);
            } else if (c.kind === 'moveBooking' && bookings.length) {
              await call('PATCH', `/v1/bookings/${bookings[c.pick % bookings.length]}`, {
                start: slotStart(c.slot),
              });
            } else if (c.kind === 'cancelBooking' && bookings.length) {
              await call('DELETE', `/v1/bookings/${bookings[c.pick % bookings.length]}`);
            } else if (c.kind === 'checkIn' && bookings.length) {
              await call('PATCH', `/v1/bookings/${bookings[c.pick % bookings.length]}`, {
                status: 'checked_in',
              });
            }
            await tracker.pullAll();
            checkpoints.push({ cursor: tracker.cursor, state: new Map(tracker.state) });
          }
          const server = await restState(t, tenant.token, WINDOW);
          // The tracker followed every step; a client resuming from any checkpoint converges too.
          expect(tracker.state).toEqual(server);
          const checkpoint = checkpoints[cut % checkpoints.length]!;
          const resumed = new PullClient(t, tenant.token, 3);
          resumed.cursor = checkpoint.cursor;
          checkpoint.state.forEach((value, key) => resumed.state.set(key, value));
          await resumed.pullAll();
          expect(resumed.state).toEqual(server);
        },
      ),
      { numRuns: store === 'postgres' ? 12 : 20 },
    );
  });

  it('sends tombstones for deleted entities and never another tenant’s changes', async () => {
    const other = await seedClockedTenant(t);
    const client = new PullClient(t, owner.token);
    const outsider = new PullClient(t, other.token);
    await client.pullAll();
    await outsider.pullAll();
    const customer = await expectCall<{ id: string }>(t, owner.token, 'POST', '/v1/customers', 201, {
      name: 'Gone soon',
    });
    await book(new Date(NOW + 2 * DAY + 2 * 3_600_000).toISOString(), { customerId: customer.id });
    const lone = await expectCall<{ id: string }>(t, owner.token, 'POST', '/v1/customers', 201, {
      name: 'Lone',
    });
    await expectCall(t, owner.token, 'DELETE', `/v1/customers/${lone.id}`, 204);

    const page = await client.pullAll();
    expect(page.changes.map((c) => [c.entity, c.op, c.id])).toEqual([
      ['customer', 'put', customer.id],
      ['booking', 'put', expect.any(String)],
      ['customer', 'del', lone.id],
    ]);
    const versions = page.changes.map((c) => c.version);
    expect([...versions].sort((a, b) => a - b)).toEqual(versions);

    const seen = await outsider.pullAll();
    expect(seen.changes).toEqual([]);
    expect(JSON.stringify(outsider.state)).not.toContain(customer.id);
  });

  it('lets the staff role pull, and refuses a cursor it did not issue (422)', async () => {
    const staff = await addClockedUser(t, owner.tenantId, 'staff');
    const client = new PullClient(t, staff.token);
    await client.pullAll();
    expect(only(client.state, 'staff').size).toBeGreaterThan(0);
    const bad = await t.call({
      method: 'POST',
      url: '/v1/sync/pull',
      token: owner.token,
      payload: { cursor: 'nope' },
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toMatchObject({ errors: [{ path: 'body.cursor' }] });
  });
});
