/**
 * Availability and bookings on both stores: DST-correct slots, bookings and busy blocks removing
 * slots, automatic staff choice, slot-taken with buffers, allowOverlap (audited), 422 validation
 * with nothing written, the status machine, reschedules, and staff-role limits.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SeededTenant, TestApp } from '../support/api';
import { STORES } from '../support/db';
import {
  addBusyBlock,
  addClockedUser,
  expectCall,
  seedClockedTenant,
  seedShop,
  startClockedApp,
  TestClock,
} from './front-desk.fixtures';
import type { ShopIds } from './front-desk.fixtures';

type Slot = { start: string; end: string; staffIds: string[] };
type BookingView = {
  id: string;
  staffId: string;
  start: string;
  end: string;
  status: string;
  customerId: string | null;
};

describe.each(STORES)('bookings and availability on %s', (store) => {
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
  beforeEach(() => clock.set('2026-03-01T12:00:00Z'));

  const post = (payload: object, token = owner.token) =>
    sut.call({ method: 'POST', url: '/v1/bookings', token, payload });
  const slotsOf = async (shop: ShopIds, from: string, to: string, extra = '') =>
    (
      await expectCall<{ slots: Slot[] }>(
        sut,
        owner.token,
        'GET',
        `/v1/availability?serviceId=${shop.serviceId}&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}${extra}`,
        200,
      )
    ).slots;

  describe('availability', () => {
    it('offers wall-clock slots across the spring-forward day in America/New_York', async () => {
      const shop = await seedShop(sut, owner.token, { timeZone: 'America/New_York', durationMinutes: 60 });
      const saturday = await slotsOf(shop, '2026-03-07T00:00:00-05:00', '2026-03-08T00:00:00-05:00');
      const sunday = await slotsOf(shop, '2026-03-08T00:00:00-05:00', '2026-03-09T00:00:00-04:00');
      expect(saturday[0]).toEqual({
        start: '2026-03-07T09:00:00-05:00',
        end: '2026-03-07T10:00:00-05:00',
        staffIds: shop.staffIds,
      });
      expect(sunday[0]).toEqual({
        start: '2026-03-08T09:00:00-04:00',
        end: '2026-03-08T10:00:00-04:00',
        staffIds: shop.staffIds,
      });
      expect(sunday.at(-1)?.start).toBe('2026-03-08T16:00:00-04:00');
      // 09:00 to 16:00 every 15 minutes, the same count as any other day although the day has 23 hours.
      expect(sunday).toHaveLength(29);
      expect(saturday).toHaveLength(29);
      expect(Date.parse(sunday[0]!.start) - Date.parse(saturday[0]!.start)).toBe(23 * 3_600_000);
    });

    it('removes the slots a booking (with buffers) and a busy block hold', async () => {
      const shop = await seedShop(sut, owner.token, {
        timeZone: 'Europe/London',
        durationMinutes: 30,
        bufferAfterMinutes: 15,
      });
      const day = ['2026-03-10T00:00:00Z', '2026-03-11T00:00:00Z'] as const;
      const before = (await slotsOf(shop, ...day)).map((s) => s.start);
      expect(before).toContain('2026-03-10T10:00:00Z'.replace('Z', '+00:00'));
      const staffId = shop.staffIds[0]!;
      expect(
        (await post({ serviceId: shop.serviceId, staffId, start: '2026-03-10T10:00:00Z', source: 'desk' }))
          .statusCode,
      ).toBe(201);
      await addBusyBlock(sut, owner.tenantId, {
        staffId,
        start: '2026-03-10T14:00:00Z',
        end: '2026-03-10T15:00:00Z',
      });
      const after = (await slotsOf(shop, ...day)).map((s) => s.start);
      // The booking holds 10:00–10:45 (buffer after); a 30-minute slot with its 15-minute buffer may not meet it.
      for (const taken of [
        '09:30',
        '09:45',
        '10:00',
        '10:15',
        '10:30',
        '13:30',
        '13:45',
        '14:00',
        '14:15',
        '14:30',
        '14:45',
      ]) {
        expect(after, taken).not.toContain(`2026-03-10T${taken}:00+00:00`);
      }
      for (const free of ['09:15', '10:45', '13:15', '15:00'])
        expect(after, free).toContain(`2026-03-10T${free}:00+00:00`);
      expect(before.length - after.length).toBe(11);
    });

    it('filters by staff member and honours minimum notice', async () => {
      const shop = await seedShop(sut, owner.token, { staffCount: 2, minNoticeMinutes: 120 });
      clock.set('2026-03-10T09:00:00Z');
      const slots = await slotsOf(
        shop,
        '2026-03-10T00:00:00Z',
        '2026-03-11T00:00:00Z',
        `&staffId=${shop.staffIds[1]}`,
      );
      expect(slots[0]).toEqual({
        start: '2026-03-10T11:00:00+00:00',
        end: '2026-03-10T11:30:00+00:00',
        staffIds: [shop.staffIds[1]],
      });
    });

    it('answers 404 for an unknown service and 422 for a backwards range', async () => {
      const unknown = await sut.call({
        method: 'GET',
        url: `/v1/availability?serviceId=${crypto.randomUUID()}&from=2026-03-10T00:00:00Z&to=2026-03-11T00:00:00Z`,
        token: owner.token,
      });
      expect(unknown.statusCode).toBe(404);
      const shop = await seedShop(sut, owner.token);
      const backwards = await sut.call({
        method: 'GET',
        url: `/v1/availability?serviceId=${shop.serviceId}&from=2026-03-11T00:00:00Z&to=2026-03-10T00:00:00Z`,
        token: owner.token,
      });
      expect(backwards.statusCode).toBe(422);
      expect(backwards.json().errors[0].path).toBe('query.to');
    });
  });

  describe('creating', () => {
    it('computes the end, answers in the location zone and chooses the first free qualified staff member', async () => {
      const shop = await seedShop(sut, owner.token, {
        timeZone: 'Asia/Tehran',
        staffCount: 2,
        durationMinutes: 45,
      });
      const body = {
        serviceId: shop.serviceId,
        start: '2026-03-10T10:00:00+03:30',
        source: 'phone',
        customer: { name: 'Sara', phone: '0912' },
      };
      const first = await post(body);
      expect(first.statusCode, first.body).toBe(201);
      expect(first.json()).toMatchObject({
        staffId: shop.staffIds[0],
        start: '2026-03-10T10:00:00+03:30',
        end: '2026-03-10T10:45:00+03:30',
        status: 'booked',
        source: 'phone',
      });
      const customer = await expectCall<{ name: string }>(
        sut,
        owner.token,
        'GET',
        `/v1/customers/${first.json().customerId}`,
        200,
      );
      expect(customer.name).toBe('Sara');
      expect((await post(body)).json().staffId).toBe(shop.staffIds[1]);
      const third = await post(body);
      expect(third.statusCode).toBe(409);
      expect(third.json().type).toMatch(/\/slot-taken$/);
    });

    it('refuses an overlap including buffers with 409 /slot-taken, and allows the slot right after', async () => {
      const shop = await seedShop(sut, owner.token, {
        durationMinutes: 30,
        bufferBeforeMinutes: 5,
        bufferAfterMinutes: 10,
      });
      const staffId = shop.staffIds[0]!;
      const at = (start: string) => post({ serviceId: shop.serviceId, staffId, start, source: 'desk' });
      expect((await at('2026-03-10T10:00:00Z')).statusCode).toBe(201);
      // Held 09:55–10:40; a booking at 10:30 holds 10:25–11:10.
      expect((await at('2026-03-10T10:30:00Z')).statusCode).toBe(409);
      expect((await at('2026-03-10T09:30:00Z')).statusCode).toBe(409);
      expect((await at('2026-03-10T10:45:00Z')).statusCode).toBe(201);
      expect((await at('2026-03-10T09:20:00Z')).statusCode).toBe(409);
      expect((await at('2026-03-10T09:15:00Z')).statusCode).toBe(201);
    });

    it('refuses a busy block with 409 unless a desk role passes allowOverlap, which is audited; never over a booking', async () => {
      const shop = await seedShop(sut, owner.token);
      const staffId = shop.staffIds[0]!;
      const blockId = await addBusyBlock(sut, owner.tenantId, {
        staffId,
        start: '2026-03-10T12:00:00Z',
        end: '2026-03-10T13:00:00Z',
      });
      const body = { serviceId: shop.serviceId, staffId, start: '2026-03-10T12:15:00Z', source: 'desk' };
      const refused = await post(body);
      expect(refused.statusCode).toBe(409);
      expect(refused.json().type).toMatch(/\/slot-taken$/);
      const receptionist = await addClockedUser(sut, owner.tenantId, 'receptionist');
      const allowed = await post({ ...body, allowOverlap: true }, receptionist.token);
      expect(allowed.statusCode, allowed.body).toBe(201);
      const events = await sut.db.superuserQuery<{ type: string; actor_id: string; data: unknown }>(
        `SELECT type, actor_id, data FROM audit_events WHERE tenant_id = ${store === 'sqlite' ? '?' : '$1'} AND type = 'booking.overlap_override'`,
        [owner.tenantId],
      );
      const data = events.map((e) => (typeof e.data === 'string' ? JSON.parse(e.data) : e.data));
      expect(data).toContainEqual({ bookingId: allowed.json().id, staffId, busyBlockIds: [blockId] });
      expect(events.find((e) => e.actor_id === receptionist.userId)).toBeDefined();
      const overBooking = await post({ ...body, start: '2026-03-10T12:30:00Z', allowOverlap: true });
      expect(overBooking.statusCode).toBe(409);
    });

    it('refuses invalid bookings with 422 naming the field, writing nothing', async () => {
      const shop = await seedShop(sut, owner.token, { minNoticeMinutes: 60, maxAdvanceDays: 30 });
      const otherService = await expectCall<{ id: string }>(sut, owner.token, 'POST', '/v1/services', 201, {
        name: 'Nobody does this',
        durationMinutes: 30,
        bufferBeforeMinutes: 0,
        bufferAfterMinutes: 0,
        minNoticeMinutes: 0,
        maxAdvanceDays: 30,
      });
      const tenant = await seedClockedTenant(sut);
      // Custom fields live in their own tenant so they do not affect the other tests.
      const fieldShop = await seedShop(sut, tenant.token);
      for (const field of [
        { key: 'allergies', label: 'Allergies', type: 'text', required: true },
        { key: 'visits', label: 'Visits', type: 'number', required: false },
        { key: 'style', label: 'Style', type: 'select', required: false, options: ['short', 'long'] },
      ]) {
        await expectCall(sut, tenant.token, 'POST', '/v1/custom-fields', 201, field);
      }
      const staffId = shop.staffIds[0]!;
      const base = { serviceId: shop.serviceId, staffId, start: '2026-03-10T10:00:00Z', source: 'desk' };
      const cases: [object, string[], string?][] = [
        [{ ...base, start: '2026-03-10T07:00:00Z' }, ['body.start']],
        [{ ...base, start: '2026-03-01T12:30:00Z' }, ['body.start']],
        [{ ...base, start: '2026-04-15T10:00:00Z' }, ['body.start']],
        [{ ...base, serviceId: crypto.randomUUID() }, ['body.serviceId']],
        [{ ...base, serviceId: otherService.id }, ['body.staffId']],
        [{ ...base, staffId: crypto.randomUUID() }, ['body.staffId']],
        [{ ...base, customerId: crypto.randomUUID() }, ['body.customerId']],
        [{ ...base, source: 'fax' }, ['body.source']],
        [
          {
            serviceId: fieldShop.serviceId,
            start: '2026-03-10T10:00:00Z',
            source: 'desk',
            fields: { visits: 'three', style: 'medium', extra: true },
          },
          ['body.fields.extra', 'body.fields.allergies', 'body.fields.visits', 'body.fields.style'],
          tenant.token,
        ],
      ];
      const before = [
        await sut.db.snapshotTenant(owner.tenantId),
        await sut.db.snapshotTenant(tenant.tenantId),
      ];
      for (const [payload, paths, token] of cases) {
        const response = await post(payload, token ?? owner.token);
        expect(response.statusCode, JSON.stringify(payload)).toBe(422);
        expect(
          response
            .json()
            .errors.map((e: { path: string }) => e.path)
            .sort(),
          JSON.stringify(payload),
        ).toEqual([...paths].sort());
      }
      expect([
        await sut.db.snapshotTenant(owner.tenantId),
        await sut.db.snapshotTenant(tenant.tenantId),
      ]).toEqual(before);
      const valid = await post(
        {
          serviceId: fieldShop.serviceId,
          start: '2026-03-10T10:00:00Z',
          source: 'online',
          fields: { allergies: 'none', visits: 3, style: 'long' },
        },
        tenant.token,
      );
      expect(valid.statusCode, valid.body).toBe(201);
      expect(valid.json().fields).toEqual({ allergies: 'none', visits: 3, style: 'long' });
    });

    it('refuses an id that already exists with 409 /already-exists', async () => {
      const shop = await seedShop(sut, owner.token);
      const id = crypto.randomUUID();
      expect(
        (await post({ id, serviceId: shop.serviceId, start: '2026-03-10T10:00:00Z', source: 'desk' }))
          .statusCode,
      ).toBe(201);
      const again = await post({
        id,
        serviceId: shop.serviceId,
        start: '2026-03-10T11:00:00Z',
        source: 'desk',
      });
      expect(again.statusCode).toBe(409);
      expect(again.json().type).toMatch(/\/already-exists$/);
    });
  });

  describe('changing', () => {
    async function booked(shop: ShopIds, start: string, staffId = shop.staffIds[0]) {
      const response = await post({ serviceId: shop.serviceId, staffId, start, source: 'desk' });
      expect(response.statusCode, response.body).toBe(201);
      return response.json() as BookingView;
    }
    const patch = (id: string, payload: object, token = owner.token) =>
      sut.call({ method: 'PATCH', url: `/v1/bookings/${id}`, token, payload });

    it('moves through the status machine and refuses other moves with 409 /invalid-transition', async () => {
      const shop = await seedShop(sut, owner.token);
      const b = await booked(shop, '2026-03-10T10:00:00Z');
      for (const status of ['checked_in', 'in_service', 'completed']) {
        const response = await patch(b.id, { status });
        expect(response.statusCode, response.body).toBe(200);
        expect(response.json().status).toBe(status);
      }
      for (const status of ['cancelled', 'booked', 'no_show']) {
        const refused = await patch(b.id, { status });
        expect(refused.statusCode).toBe(409);
        expect(refused.json().type).toMatch(/\/invalid-transition$/);
      }
      const c = await booked(shop, '2026-03-10T11:00:00Z');
      expect((await patch(c.id, { status: 'in_service' })).statusCode).toBe(409);
      expect((await patch(c.id, { status: 'no_show' })).statusCode).toBe(200);
      expect(
        (await sut.call({ method: 'DELETE', url: `/v1/bookings/${c.id}`, token: owner.token })).statusCode,
      ).toBe(409);
    });

    it('cancels with DELETE, which frees the slot', async () => {
      const shop = await seedShop(sut, owner.token);
      const b = await booked(shop, '2026-03-10T10:00:00Z');
      expect(
        (await sut.call({ method: 'DELETE', url: `/v1/bookings/${b.id}`, token: owner.token })).statusCode,
      ).toBe(204);
      expect(
        (await expectCall<BookingView>(sut, owner.token, 'GET', `/v1/bookings/${b.id}`, 200)).status,
      ).toBe('cancelled');
      await booked(shop, '2026-03-10T10:00:00Z');
    });

    it('reschedules excluding itself, refuses a move onto another booking, and reassigns staff', async () => {
      const shop = await seedShop(sut, owner.token, { staffCount: 2 });
      const a = await booked(shop, '2026-03-10T10:00:00Z');
      const b = await booked(shop, '2026-03-10T11:00:00Z');
      const shifted = await patch(a.id, { start: '2026-03-10T10:15:00Z' });
      expect(shifted.statusCode, shifted.body).toBe(200);
      expect(shifted.json()).toMatchObject({
        start: '2026-03-10T10:15:00+00:00',
        end: '2026-03-10T10:45:00+00:00',
      });
      const onto = await patch(a.id, { start: '2026-03-10T11:15:00Z' });
      expect(onto.statusCode).toBe(409);
      expect(onto.json().type).toMatch(/\/slot-taken$/);
      const outside = await patch(a.id, { start: '2026-03-10T18:00:00Z' });
      expect(outside.statusCode).toBe(422);
      const reassigned = await patch(a.id, { start: '2026-03-10T11:00:00Z', staffId: shop.staffIds[1] });
      expect(reassigned.statusCode, reassigned.body).toBe(200);
      expect(reassigned.json()).toMatchObject({
        staffId: shop.staffIds[1],
        start: '2026-03-10T11:00:00+00:00',
      });
      expect(
        (await expectCall<BookingView>(sut, owner.token, 'GET', `/v1/bookings/${b.id}`, 200)).staffId,
      ).toBe(shop.staffIds[0]);
      expect(
        (await expectCall<BookingView>(sut, owner.token, 'GET', `/v1/bookings/${a.id}`, 200)).staffId,
      ).toBe(shop.staffIds[1]);
    });

    it('lets a staff user change only the status of their own bookings', async () => {
      const shop = await seedShop(sut, owner.token, { staffCount: 2 });
      const user = await addClockedUser(sut, owner.tenantId, 'staff');
      await expectCall(sut, owner.token, 'PATCH', `/v1/staff/${shop.staffIds[0]}`, 200, {
        email: user.email,
      });
      const own = await booked(shop, '2026-03-10T10:00:00Z', shop.staffIds[0]);
      const theirs = await booked(shop, '2026-03-10T10:00:00Z', shop.staffIds[1]);
      expect((await patch(own.id, { status: 'checked_in' }, user.token)).statusCode).toBe(200);
      expect((await patch(theirs.id, { status: 'checked_in' }, user.token)).statusCode).toBe(403);
      expect((await patch(own.id, { start: '2026-03-10T12:00:00Z' }, user.token)).statusCode).toBe(403);
      expect(
        (await post({ serviceId: shop.serviceId, start: '2026-03-10T13:00:00Z', source: 'desk' }, user.token))
          .statusCode,
      ).toBe(403);
    });
  });

  describe('references', () => {
    it('refuses to delete a staff member or service that has bookings (409), and keeps them', async () => {
      const shop = await seedShop(sut, owner.token);
      expect(
        (await post({ serviceId: shop.serviceId, start: '2026-03-10T10:00:00Z', source: 'desk' })).statusCode,
      ).toBe(201);
      for (const url of [`/v1/staff/${shop.staffIds[0]}`, `/v1/services/${shop.serviceId}`]) {
        const response = await sut.call({ method: 'DELETE', url, token: owner.token });
        expect(response.statusCode, url).toBe(409);
        await expectCall(sut, owner.token, 'GET', url, 200);
      }
    });
  });

  describe('listing', () => {
    it('lists bookings in a range by staff and status, paged, and busy blocks in the zone', async () => {
      const tenant = await seedClockedTenant(sut);
      const shop = await seedShop(sut, tenant.token, { timeZone: 'Australia/Lord_Howe', staffCount: 2 });
      const ids: string[] = [];
      for (const [start, staffId] of [
        ['2026-03-10T09:00:00+11:00', shop.staffIds[0]],
        ['2026-03-10T09:00:00+11:00', shop.staffIds[1]],
        ['2026-03-10T10:00:00+11:00', shop.staffIds[0]],
      ] as const) {
        const response = await post(
          { serviceId: shop.serviceId, staffId, start, source: 'desk' },
          tenant.token,
        );
        expect(response.statusCode, response.body).toBe(201);
        ids.push(response.json().id);
      }
      await sut.call({ method: 'DELETE', url: `/v1/bookings/${ids[2]}`, token: tenant.token });
      const range = `from=${encodeURIComponent('2026-03-10T00:00:00+11:00')}&to=${encodeURIComponent('2026-03-11T00:00:00+11:00')}`;
      const all = await expectCall<{ items: BookingView[]; nextCursor: string | null }>(
        sut,
        tenant.token,
        'GET',
        `/v1/bookings?${range}&staffId=${shop.staffIds[0]}`,
        200,
      );
      expect(all.items.map((b) => [b.id, b.start, b.status])).toEqual([
        [ids[0], '2026-03-10T09:00:00+11:00', 'booked'],
        [ids[2], '2026-03-10T10:00:00+11:00', 'cancelled'],
      ]);
      const cancelled = await expectCall<{ items: BookingView[] }>(
        sut,
        tenant.token,
        'GET',
        `/v1/bookings?${range}&status=cancelled&staffId=${shop.staffIds[0]}`,
        200,
      );
      expect(cancelled.items.map((b) => b.id)).toEqual([ids[2]]);
      const first = await expectCall<{ items: BookingView[]; nextCursor: string }>(
        sut,
        tenant.token,
        'GET',
        `/v1/bookings?${range}&limit=2`,
        200,
      );
      const rest = await expectCall<{ items: BookingView[]; nextCursor: null }>(
        sut,
        tenant.token,
        'GET',
        `/v1/bookings?${range}&limit=2&cursor=${first.nextCursor}`,
        200,
      );
      expect([...first.items, ...rest.items].map((b) => b.id).sort()).toEqual([...ids].sort());
      expect(rest.nextCursor).toBeNull();

      await addBusyBlock(sut, tenant.tenantId, {
        staffId: shop.staffIds[1]!,
        start: '2026-03-10T02:00:00Z',
        end: '2026-03-10T03:30:00Z',
        subject: 'Gym',
      });
      const busy = await expectCall<{ items: unknown[] }>(
        sut,
        tenant.token,
        'GET',
        `/v1/external-busy?${range}`,
        200,
      );
      expect(busy.items).toEqual([
        expect.objectContaining({
          staffId: shop.staffIds[1],
          subject: 'Gym',
          start: '2026-03-10T13:00:00+11:00',
          end: '2026-03-10T14:30:00+11:00',
          durationMinutes: 90,
          source: 'google',
        }),
      ]);
    });
  });
});
