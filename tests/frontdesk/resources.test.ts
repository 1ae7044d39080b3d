/**
 * Front-desk resources (locations, staff + time off, services, customers, custom fields) on both
 * stores: CRUD with client-supplied ids, validation naming the field with nothing written, paging,
 * customer search, role checks and another tenant's ids.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, seedTenant, startTestApp } from '../support/api';
import type { SeededTenant, TestApp } from '../support/api';
import { STORES } from '../support/db';
import { EVERY_DAY, expectCall, seedShop } from './front-desk.fixtures';

describe.each(STORES)('front-desk resources on %s', (store) => {
  let sut: TestApp;
  let owner: SeededTenant;
  let other: SeededTenant;

  beforeAll(async () => {
    sut = await startTestApp(store);
    owner = await seedTenant(sut.platform);
    other = await seedTenant(sut.platform);
  });
  afterAll(async () => {
    await sut?.close();
  });

  const problemOf = async (
    method: 'POST' | 'PATCH' | 'GET' | 'DELETE',
    url: string,
    payload?: unknown,
    token = owner.token,
  ) => {
    const response = await sut.call({
      method,
      url,
      token,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
    return {
      status: response.statusCode,
      body: response.json() as { type: string; errors?: { path: string }[] },
    };
  };

  describe('locations', () => {
    it('creates with a client-supplied id, reads, patches and deletes', async () => {
      const id = crypto.randomUUID();
      const created = await expectCall(sut, owner.token, 'POST', '/v1/locations', 201, {
        id,
        name: 'Harbour',
        timeZone: 'Asia/Tehran',
        openingHours: {
          mon: [
            ['09:00', '12:00'],
            ['13:00', '18:00'],
          ],
        },
      });
      expect(created).toEqual({
        id,
        name: 'Harbour',
        timeZone: 'Asia/Tehran',
        openingHours: {
          mon: [
            ['09:00', '12:00'],
            ['13:00', '18:00'],
          ],
        },
      });
      expect(await expectCall(sut, owner.token, 'GET', `/v1/locations/${id}`, 200)).toEqual(created);
      const patched = await expectCall(sut, owner.token, 'PATCH', `/v1/locations/${id}`, 200, {
        name: 'Harbour 2',
      });
      expect(patched).toMatchObject({ id, name: 'Harbour 2', timeZone: 'Asia/Tehran' });
      await expectCall(sut, owner.token, 'DELETE', `/v1/locations/${id}`, 204);
      await expectCall(sut, owner.token, 'GET', `/v1/locations/${id}`, 404);
    });

    it('refuses an id that already exists with 409 /already-exists', async () => {
      const id = crypto.randomUUID();
      const body = { id, name: 'Twice', timeZone: 'Europe/London', openingHours: {} };
      await expectCall(sut, owner.token, 'POST', '/v1/locations', 201, body);
      const again = await problemOf('POST', '/v1/locations', { ...body, name: 'Again' });
      expect(again.status).toBe(409);
      expect(again.body.type).toMatch(/\/already-exists$/);
      expect((await expectCall(sut, owner.token, 'GET', `/v1/locations/${id}`, 200)).name).toBe('Twice');
    });

    it('refuses an unknown time zone and overlapping hours with 422 naming the field, writing nothing', async () => {
      const before = await sut.db.snapshotTenant(owner.tenantId);
      const zone = await problemOf('POST', '/v1/locations', {
        name: 'X',
        timeZone: 'Mars/Olympus',
        openingHours: {},
      });
      expect(zone.status).toBe(422);
      expect(zone.body.errors?.map((e) => e.path)).toEqual(['body.timeZone']);
      const overlap = await problemOf('POST', '/v1/locations', {
        name: 'X',
        timeZone: 'Europe/London',
        openingHours: {
          tue: [
            ['09:00', '13:00'],
            ['12:00', '17:00'],
          ],
        },
      });
      expect(overlap.status).toBe(422);
      expect(overlap.body.errors?.map((e) => e.path)).toEqual(['body.openingHours.tue']);
      const backwards = await problemOf('POST', '/v1/locations', {
        name: 'X',
        timeZone: 'Europe/London',
        openingHours: { wed: [['17:00', '09:00']] },
      });
      expect(backwards.status).toBe(422);
      expect(backwards.body.errors?.[0]?.path).toBe('body.openingHours.wed.0');
      expect(await sut.db.snapshotTenant(owner.tenantId)).toEqual(before);
    });

    it('pages with limit and cursor without repeating or skipping', async () => {
      const tenant = await seedTenant(sut.platform);
      for (let i = 0; i < 4; i++) {
        await expectCall(sut, tenant.token, 'POST', '/v1/locations', 201, {
          name: `L${i}`,
          timeZone: 'UTC',
          openingHours: {},
        });
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const url: string = `/v1/locations?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
        const page: { items: { id: string }[]; nextCursor: string | null } = await expectCall(
          sut,
          tenant.token,
          'GET',
          url,
          200,
        );
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items.map((l) => l.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toHaveLength(5); // the signup location and four more
      expect(new Set(seen).size).toBe(5);
      expect((await problemOf('GET', '/v1/locations?cursor=bogus', undefined, tenant.token)).status).toBe(
        422,
      );
    });

    it('refuses to delete a location that still has staff (409)', async () => {
      const shop = await seedShop(sut, owner.token);
      const response = await problemOf('DELETE', `/v1/locations/${shop.locationId}`);
      expect(response.status).toBe(409);
      await expectCall(sut, owner.token, 'GET', `/v1/locations/${shop.locationId}`, 200);
    });
  });

  describe('staff', () => {
    it('creates, reads, reassigns services and deletes a staff member', async () => {
      const shop = await seedShop(sut, owner.token);
      const second = await expectCall<{ id: string }>(sut, owner.token, 'POST', '/v1/services', 201, {
        name: 'Colour',
        durationMinutes: 90,
        bufferBeforeMinutes: 0,
        bufferAfterMinutes: 15,
        minNoticeMinutes: 60,
        maxAdvanceDays: 60,
        priceCents: 5000,
      });
      const id = crypto.randomUUID();
      const created = await expectCall(sut, owner.token, 'POST', '/v1/staff', 201, {
        id,
        name: 'Ana',
        email: 'ana@example.com',
        locationId: shop.locationId,
        color: '#aa0000',
        serviceIds: [second.id, shop.serviceId],
        weeklyHours: {
          mon: [
            ['09:00', '12:00'],
            ['13:00', '17:00'],
          ],
        },
      });
      expect(created).toMatchObject({
        id,
        serviceIds: [second.id, shop.serviceId],
        email: 'ana@example.com',
      });
      const patched = await expectCall(sut, owner.token, 'PATCH', `/v1/staff/${id}`, 200, {
        serviceIds: [shop.serviceId],
        email: null,
      });
      expect(patched.serviceIds).toEqual([shop.serviceId]);
      expect(patched).not.toHaveProperty('email');
      expect(await expectCall(sut, owner.token, 'GET', `/v1/staff/${id}`, 200)).toEqual(patched);
      await expectCall(sut, owner.token, 'DELETE', `/v1/staff/${id}`, 204);
      await expectCall(sut, owner.token, 'GET', `/v1/staff/${id}`, 404);
    });

    it('refuses a location or services missing from the tenant with 422 naming each field', async () => {
      const shop = await seedShop(sut, owner.token);
      const before = await sut.db.snapshotTenant(owner.tenantId);
      const response = await problemOf('POST', '/v1/staff', {
        name: 'Ghost',
        locationId: other.locationId,
        color: '#000000',
        serviceIds: [shop.serviceId, crypto.randomUUID()],
        weeklyHours: {},
      });
      expect(response.status).toBe(422);
      expect(response.body.errors?.map((e) => e.path)).toEqual(['body.locationId', 'body.serviceIds.1']);
      expect(JSON.stringify(response.body)).not.toContain(other.locationId);
      expect(await sut.db.snapshotTenant(owner.tenantId)).toEqual(before);
    });

    it('adds time off, shown in the location zone', async () => {
      const shop = await seedShop(sut, owner.token, { timeZone: 'America/New_York' });
      const timeOff = await expectCall(
        sut,
        owner.token,
        'POST',
        `/v1/staff/${shop.staffIds[0]}/time-off`,
        201,
        {
          start: '2026-07-01T13:00:00Z',
          end: '2026-07-01T15:00:00Z',
          reason: 'Dentist',
        },
      );
      expect(timeOff).toMatchObject({
        staffId: shop.staffIds[0],
        start: '2026-07-01T09:00:00-04:00',
        end: '2026-07-01T11:00:00-04:00',
        reason: 'Dentist',
      });
      const backwards = await problemOf('POST', `/v1/staff/${shop.staffIds[0]}/time-off`, {
        start: '2026-07-01T15:00:00Z',
        end: '2026-07-01T13:00:00Z',
      });
      expect(backwards.status).toBe(422);
      expect(backwards.body.errors?.map((e) => e.path)).toEqual(['body.end']);
      expect(
        (
          await problemOf('POST', `/v1/staff/${crypto.randomUUID()}/time-off`, {
            start: '2026-07-01T13:00:00Z',
            end: '2026-07-01T15:00:00Z',
          })
        ).status,
      ).toBe(404);
    });
  });

  describe('services', () => {
    it('creates, patches (price removable) and validates ranges', async () => {
      const service = await expectCall<{ id: string }>(sut, owner.token, 'POST', '/v1/services', 201, {
        name: 'Massage',
        durationMinutes: 60,
        bufferBeforeMinutes: 5,
        bufferAfterMinutes: 10,
        minNoticeMinutes: 120,
        maxAdvanceDays: 30,
        priceCents: 7000,
      });
      const patched = await expectCall(sut, owner.token, 'PATCH', `/v1/services/${service.id}`, 200, {
        priceCents: null,
        durationMinutes: 45,
      });
      expect(patched).toMatchObject({ durationMinutes: 45, bufferAfterMinutes: 10 });
      expect(patched).not.toHaveProperty('priceCents');
      const invalid = await problemOf('POST', '/v1/services', {
        name: 'Bad',
        durationMinutes: 0,
        bufferBeforeMinutes: 0,
        bufferAfterMinutes: 0,
        minNoticeMinutes: 0,
        maxAdvanceDays: 1,
      });
      expect(invalid.status).toBe(422);
      expect(invalid.body.errors?.map((e) => e.path)).toEqual(['body.durationMinutes']);
    });
  });

  describe('customers', () => {
    it('searches name, phone and e-mail case-insensitively', async () => {
      const tenant = await seedTenant(sut.platform);
      const make = (body: object) =>
        expectCall<{ id: string }>(sut, tenant.token, 'POST', '/v1/customers', 201, body);
      const maria = await make({ name: 'María Díaz', phone: '+44 7700 900123', email: 'maria@example.com' });
      const john = await make({ name: 'John Smith', email: 'JOHN.SMITH@Example.org' });
      await make({ name: 'Zed', phone: '020 7946 0000' });
      const search = async (q: string) =>
        (
          await expectCall<{ items: { id: string }[] }>(
            sut,
            tenant.token,
            'GET',
            `/v1/customers?q=${encodeURIComponent(q)}`,
            200,
          )
        ).items.map((c) => c.id);
      expect(await search('díaz')).toEqual([maria.id]);
      expect(await search('smith@example')).toEqual([john.id]);
      expect(await search('7700')).toEqual([maria.id]);
      expect(await search('%')).toEqual([]);
      expect((await search('EXAMPLE')).sort()).toEqual([maria.id, john.id].sort());
    });

    it('is written by receptionists but not by staff, and read by both', async () => {
      const receptionist = await addUser(sut.platform, owner.tenantId, 'receptionist');
      const staff = await addUser(sut.platform, owner.tenantId, 'staff');
      const created = await expectCall<{ id: string }>(
        sut,
        receptionist.token,
        'POST',
        '/v1/customers',
        201,
        { name: 'Walk up' },
      );
      expect((await problemOf('POST', '/v1/customers', { name: 'Nope' }, staff.token)).status).toBe(403);
      expect(
        (await problemOf('PATCH', `/v1/customers/${created.id}`, { name: 'Nope' }, staff.token)).status,
      ).toBe(403);
      await expectCall(sut, staff.token, 'GET', `/v1/customers/${created.id}`, 200);
      await expectCall(sut, receptionist.token, 'PATCH', `/v1/customers/${created.id}`, 200, {
        phone: '123',
      });
    });
  });

  describe('settings roles', () => {
    it('lets receptionists and staff read settings but only owner and admin write them', async () => {
      const receptionist = await addUser(sut.platform, owner.tenantId, 'receptionist');
      const staff = await addUser(sut.platform, owner.tenantId, 'staff');
      const admin = await addUser(sut.platform, owner.tenantId, 'admin');
      const location = { name: 'Role test', timeZone: 'UTC', openingHours: {} };
      for (const token of [receptionist.token, staff.token]) {
        expect((await problemOf('POST', '/v1/locations', location, token)).status).toBe(403);
        expect((await problemOf('POST', '/v1/services', {}, token)).status).toBe(403);
        expect((await problemOf('POST', '/v1/custom-fields', {}, token)).status).toBe(403);
        expect(
          (await problemOf('DELETE', `/v1/locations/${owner.locationId}`, undefined, token)).status,
        ).toBe(403);
        await expectCall(sut, token, 'GET', '/v1/locations', 200);
        await expectCall(sut, token, 'GET', '/v1/staff', 200);
        await expectCall(sut, token, 'GET', '/v1/services', 200);
        await expectCall(sut, token, 'GET', '/v1/custom-fields', 200);
      }
      await expectCall(sut, admin.token, 'POST', '/v1/locations', 201, location);
    });
  });

  describe('custom fields', () => {
    it('requires options for select fields only, and a unique key', async () => {
      const tenant = await seedTenant(sut.platform);
      const noOptions = await problemOf(
        'POST',
        '/v1/custom-fields',
        { key: 'colour', label: 'Colour', type: 'select', required: true },
        tenant.token,
      );
      expect(noOptions.status).toBe(422);
      expect(noOptions.body.errors?.map((e) => e.path)).toEqual(['body.options']);
      const field = await expectCall<{ id: string }>(sut, tenant.token, 'POST', '/v1/custom-fields', 201, {
        key: 'colour',
        label: 'Colour',
        type: 'select',
        required: true,
        options: ['red', 'blue'],
      });
      const duplicate = await problemOf(
        'POST',
        '/v1/custom-fields',
        { key: 'colour', label: 'Again', type: 'text', required: false },
        tenant.token,
      );
      expect(duplicate.status).toBe(409);
      const patched = await expectCall(sut, tenant.token, 'PATCH', `/v1/custom-fields/${field.id}`, 200, {
        required: false,
        options: ['red', 'green'],
      });
      expect(patched).toMatchObject({ key: 'colour', required: false, options: ['red', 'green'] });
      const badKey = await problemOf(
        'POST',
        '/v1/custom-fields',
        { key: 'Bad Key', label: 'x', type: 'text', required: false },
        tenant.token,
      );
      expect(badKey.body.errors?.map((e) => e.path)).toEqual(['body.key']);
    });
  });

  describe("another tenant's ids", () => {
    it('are 404 on every resource, and nothing of theirs changes', async () => {
      const shop = await seedShop(sut, owner.token);
      const customer = await expectCall<{ id: string }>(sut, owner.token, 'POST', '/v1/customers', 201, {
        name: 'Private',
      });
      const before = await sut.db.snapshotTenant(owner.tenantId);
      for (const url of [
        `/v1/locations/${shop.locationId}`,
        `/v1/staff/${shop.staffIds[0]}`,
        `/v1/services/${shop.serviceId}`,
        `/v1/customers/${customer.id}`,
      ]) {
        expect((await problemOf('GET', url, undefined, other.token)).status, url).toBe(404);
        expect((await problemOf('PATCH', url, { name: 'Hijacked' }, other.token)).status, url).toBe(404);
        expect((await problemOf('DELETE', url, undefined, other.token)).status, url).toBe(404);
      }
      expect(await sut.db.snapshotTenant(owner.tenantId)).toEqual(before);
    });

    it('let a tenant reuse the same client id without learning anything', async () => {
      const id = crypto.randomUUID();
      await expectCall(sut, owner.token, 'POST', '/v1/customers', 201, { id, name: 'Mine' });
      await expectCall(sut, other.token, 'POST', '/v1/customers', 201, { id, name: 'Theirs' });
      expect((await expectCall(sut, owner.token, 'GET', `/v1/customers/${id}`, 200)).name).toBe('Mine');
    });
  });

  it('keeps working hours valid on staff too', async () => {
    const response = await problemOf('POST', '/v1/staff', {
      name: 'Overlap',
      locationId: owner.locationId,
      color: '#123456',
      serviceIds: [],
      weeklyHours: {
        ...EVERY_DAY([['09:00', '17:00']]),
        fri: [
          ['09:00', '17:00'],
          ['16:00', '18:00'],
        ],
      },
    });
    expect(response.status).toBe(422);
    expect(response.body.errors?.map((e) => e.path)).toEqual(['body.weeklyHours.fri']);
  });
});
