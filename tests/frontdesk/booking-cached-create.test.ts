/**
 * A create after an earlier one for the same service and staff member: on PostgreSQL it is checked
 * against the configuration that earlier create read, in one round trip, and inserted only if that
 * configuration is still current and nothing holds the time (BookingService.createFromCache). Every
 * case here books once to warm that copy, changes something behind the copy's back (through the API,
 * or straight in the database as another instance or an operator would), and expects the answer a
 * create reading everything afresh gives. The same cases run on SQLite, which always reads afresh.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BookingContextRepository } from '../../server/bookings/booking-context.repository';
import type { SeededTenant, TestApp } from '../support/api';
import { STORES } from '../support/db';
import {
  addBusyBlock,
  EVERY_DAY,
  expectCall,
  seedClockedTenant,
  seedShop,
  startClockedApp,
  TestClock,
} from './front-desk.fixtures';
import type { ShopIds } from './front-desk.fixtures';

type Created = { id: string; start: string; end: string; staffId: string };

describe.each(STORES)('a create after an earlier one on %s', (store) => {
  const clock = new TestClock(Date.parse('2026-03-01T12:00:00Z'));
  let sut: TestApp;
  let owner: SeededTenant;

  beforeAll(async () => {
    sut = await startClockedApp(store, clock);
    owner = await seedClockedTenant(sut);
  });
  afterAll(async () => {
    await sut?.close();
  });

  const book = (shop: ShopIds, start: string, extra: object = {}) =>
    sut.call({
      method: 'POST',
      url: '/v1/bookings',
      token: owner.token,
      payload: { serviceId: shop.serviceId, staffId: shop.staffIds[0], start, source: 'desk', ...extra },
    });
  const booked = async (shop: ShopIds, start: string, extra: object = {}) => {
    const response = await book(shop, start, extra);
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as Created;
  };
  /** Runs SQL as the database's superuser, outside every instance (another instance, an operator). */
  const behindTheBack = (sql: string, parameters: unknown[]) =>
    sut.db.superuserQuery(store === 'postgres' ? sql : sql.replace(/\$\d+/g, '?'), parameters);

  it('books with a service duration changed through the API', async () => {
    const shop = await seedShop(sut, owner.token, { timeZone: 'UTC' });
    expect((await booked(shop, '2026-03-10T09:00:00Z')).end).toBe('2026-03-10T09:30:00Z');
    await expectCall(sut, owner.token, 'PATCH', `/v1/services/${shop.serviceId}`, 200, {
      durationMinutes: 60,
    });
    expect((await booked(shop, '2026-03-10T10:00:00Z')).end).toBe('2026-03-10T11:00:00Z');
  });

  it('books with a service duration changed straight in the database', async () => {
    const shop = await seedShop(sut, owner.token, { timeZone: 'UTC' });
    expect((await booked(shop, '2026-03-11T09:00:00Z')).end).toBe('2026-03-11T09:30:00Z');
    await behindTheBack(`UPDATE services SET duration_minutes = 45 WHERE id = $1`, [shop.serviceId]);
    expect((await booked(shop, '2026-03-11T10:00:00Z')).end).toBe('2026-03-11T10:45:00Z');
  });

  it('refuses a start outside working hours changed through the API, with 422 naming body.start', async () => {
    const shop = await seedShop(sut, owner.token, { timeZone: 'UTC' });
    await booked(shop, '2026-03-12T15:00:00Z');
    await expectCall(sut, owner.token, 'PATCH', `/v1/staff/${shop.staffIds[0]}`, 200, {
      weeklyHours: EVERY_DAY([['09:00', '12:00']]),
    });
    const refused = await book(shop, '2026-03-12T16:00:00Z');
    expect(refused.statusCode).toBe(422);
    expect(JSON.stringify(refused.json())).toContain('body.start');
  });

  it('refuses a slot taken by a booking, a busy block or a booking written straight in the database', async () => {
    const shop = await seedShop(sut, owner.token, { timeZone: 'UTC' });
    await booked(shop, '2026-03-13T09:00:00Z');
    expect((await book(shop, '2026-03-13T09:15:00Z')).statusCode).toBe(409);

    await addBusyBlock(sut, owner.tenantId, {
      staffId: shop.staffIds[0]!,
      start: '2026-03-13T11:00:00Z',
      end: '2026-03-13T12:00:00Z',
    });
    const overBusy = await book(shop, '2026-03-13T11:30:00Z');
    expect(overBusy.statusCode).toBe(409);
    expect(overBusy.json().type).toContain('slot-taken');

    const other = await booked(shop, '2026-03-13T13:00:00Z');
    const [from, to] =
      store === 'postgres'
        ? ['2026-03-13T14:00:00Z', '2026-03-13T14:30:00Z']
        : ['2026-03-13 14:00:00.000', '2026-03-13 14:30:00.000'];
    await behindTheBack(
      `INSERT INTO bookings (tenant_id, id, location_id, service_id, staff_id, start_at, end_at, busy_from, busy_to,
         status, source, created_at, updated_at)
       SELECT tenant_id, $1, location_id, service_id, staff_id, $2, $3, $4, $5, 'booked', 'desk', created_at, updated_at
         FROM bookings WHERE id = $6`,
      [crypto.randomUUID(), from, to, from, to, other.id],
    );
    expect((await book(shop, '2026-03-13T14:10:00Z')).statusCode).toBe(409);
    expect((await booked(shop, '2026-03-13T14:30:00Z')).start).toBe('2026-03-13T14:30:00Z');
  });

  it('refuses a customer that does not exist, and a required field added since, with 422 naming them', async () => {
    const { token } = await seedClockedTenant(sut);
    const shop = await seedShop(sut, token, { timeZone: 'UTC' });
    const call = (start: string, extra: object) =>
      sut.call({
        method: 'POST',
        url: '/v1/bookings',
        token,
        payload: { serviceId: shop.serviceId, staffId: shop.staffIds[0], start, source: 'desk', ...extra },
      });
    expect((await call('2026-03-14T09:00:00Z', {})).statusCode).toBe(201);
    const noCustomer = await call('2026-03-14T10:00:00Z', { customerId: crypto.randomUUID() });
    expect(noCustomer.statusCode).toBe(422);
    expect(JSON.stringify(noCustomer.json())).toContain('body.customerId');

    await expectCall(sut, token, 'POST', '/v1/custom-fields', 201, {
      key: 'allergies',
      label: 'Allergies',
      type: 'text',
      required: true,
    });
    const missingField = await call('2026-03-14T11:00:00Z', {});
    expect(missingField.statusCode).toBe(422);
    expect(JSON.stringify(missingField.json())).toContain('body.fields.allergies');
  });

  it('refuses time off added through the API, and a staff member who no longer performs the service', async () => {
    const shop = await seedShop(sut, owner.token, { timeZone: 'UTC' });
    await booked(shop, '2026-03-17T09:00:00Z');
    await expectCall(sut, owner.token, 'POST', `/v1/staff/${shop.staffIds[0]}/time-off`, 201, {
      start: '2026-03-17T12:00:00Z',
      end: '2026-03-17T14:00:00Z',
    });
    const inTimeOff = await book(shop, '2026-03-17T12:30:00Z');
    expect(inTimeOff.statusCode).toBe(422);
    expect(JSON.stringify(inTimeOff.json())).toContain('body.start');
    await booked(shop, '2026-03-17T14:00:00Z');

    await expectCall(sut, owner.token, 'PATCH', `/v1/staff/${shop.staffIds[0]}`, 200, { serviceIds: [] });
    const unqualified = await book(shop, '2026-03-17T15:00:00Z');
    expect(unqualified.statusCode).toBe(422);
    expect(JSON.stringify(unqualified.json())).toContain('body.staffId');
  });

  it('books anyone free when no staff member is named, then refuses the slot once everyone is taken', async () => {
    const shop = await seedShop(sut, owner.token, { timeZone: 'UTC', staffCount: 2 });
    const anyone = (start: string) => book(shop, start, { staffId: undefined });
    expect((await anyone('2026-03-18T09:00:00Z')).json().staffId).toBe(shop.staffIds[0]);
    expect((await anyone('2026-03-18T10:00:00Z')).json().staffId).toBe(shop.staffIds[0]);
    expect((await anyone('2026-03-18T10:00:00Z')).json().staffId).toBe(shop.staffIds[1]);
    expect((await anyone('2026-03-18T10:00:00Z')).statusCode).toBe(409);
  });

  it('leaves no booking and no change behind when it refuses', async () => {
    const shop = await seedShop(sut, owner.token, { timeZone: 'UTC' });
    await booked(shop, '2026-03-19T09:00:00Z');
    const counts = async () => ({
      bookings: await sut.db.superuserQuery(
        store === 'postgres'
          ? 'SELECT id FROM bookings WHERE staff_id = $1'
          : 'SELECT id FROM bookings WHERE staff_id = ?',
        [shop.staffIds[0]],
      ),
      changes: await sut.db.superuserQuery(
        store === 'postgres'
          ? 'SELECT entity_id FROM sync_changes WHERE tenant_id = $1'
          : 'SELECT entity_id FROM sync_changes WHERE tenant_id = ?',
        [owner.tenantId],
      ),
    });
    const before = await counts();
    expect((await book(shop, '2026-03-19T09:15:00Z')).statusCode).toBe(409);
    expect(await counts()).toEqual(before);
  });

  if (store === 'postgres') {
    it('reads the configuration once, and again only after it changed', async () => {
      const shop = await seedShop(sut, owner.token, { timeZone: 'UTC' });
      const reads = vi.spyOn(BookingContextRepository.prototype, 'load');
      try {
        await booked(shop, '2026-03-16T09:00:00Z');
        await booked(shop, '2026-03-16T09:30:00Z');
        await booked(shop, '2026-03-16T10:00:00Z');
        expect(reads).toHaveBeenCalledTimes(1);
        await behindTheBack(`UPDATE locations SET name = 'Renamed' WHERE id = $1`, [shop.locationId]);
        await booked(shop, '2026-03-16T10:30:00Z');
        await booked(shop, '2026-03-16T11:00:00Z');
        expect(reads).toHaveBeenCalledTimes(2);
      } finally {
        reads.mockRestore();
      }
    });

    it('never matches a copy again once the version row was deleted, however often the configuration changes', async () => {
      const shop = await seedShop(sut, owner.token, { timeZone: 'UTC' });
      expect((await booked(shop, '2026-03-20T09:00:00Z')).end).toBe('2026-03-20T09:30:00Z');
      const [row] = await behindTheBack(`SELECT version FROM tenant_config_versions WHERE tenant_id = $1`, [
        owner.tenantId,
      ]);
      const version = Number((row as { version: string }).version);
      await behindTheBack(`DELETE FROM tenant_config_versions WHERE tenant_id = $1`, [owner.tenantId]);
      // As many changes as it takes a counter restarting from nothing to reach the copy's version.
      for (let i = 0; i < version; i++) {
        await behindTheBack(`UPDATE services SET duration_minutes = 45 WHERE id = $1`, [shop.serviceId]);
      }
      expect((await booked(shop, '2026-03-20T10:00:00Z')).end).toBe('2026-03-20T10:45:00Z');
    });
  }
});
