/**
 * A tenant's plan says whether connected calendars are included (`PATCH /v1/tenant {plan}`, owner).
 * A downgrade to a plan without them disconnects every calendar as a cancellation does: revoked at
 * the provider, credentials and imported blocks gone; connecting is then refused until an upgrade.
 * Deleting a staff member revokes that staff member's connections at the provider too (the rows
 * used to cascade away without a revocation). Both stores, against the fake Google.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, seedTenant } from '../support/api';
import type { SeededTenant, TestApp } from '../support/api';
import { STORES } from '../support/db';
import { FakeGoogleCalendar } from '../fakes/google-calendar.fake';
import { expectCall, seedShop } from '../frontdesk/front-desk.fixtures';
import { connectGoogle, googleConfig, startCalendarApp } from './support/calendar-app';

describe.each(STORES)('plans and calendar connections on %s', (store) => {
  let google: FakeGoogleCalendar;
  let sut: TestApp;
  const p = store === 'sqlite' ? '?' : '$1';

  beforeAll(async () => {
    google = await new FakeGoogleCalendar().start();
    sut = await startCalendarApp(store, googleConfig(google));
    google.putEvent({
      id: 'busy',
      summary: 'Busy',
      start: { dateTime: new Date(Date.now() + 2 * 86_400_000).toISOString() },
      end: { dateTime: new Date(Date.now() + 2 * 86_400_000 + 3_600_000).toISOString() },
    });
  });
  afterAll(async () => {
    await sut?.close();
    await google?.stop();
  });

  const revokes = () => google.requests.filter((r) => r.url.pathname === '/revoke').length;
  const count = async (table: string, tenant: SeededTenant) =>
    Number(
      (
        await sut.db.superuserQuery<{ n: number | string }>(
          `SELECT count(*) AS n FROM ${table} WHERE tenant_id = ${p}`,
          [tenant.tenantId],
        )
      )[0]!.n,
    );
  const business = async () => {
    const tenant = await seedTenant(sut.platform);
    const shop = await seedShop(sut, tenant.token);
    return { tenant, staffIds: shop.staffIds };
  };

  it('downgrading to a plan without calendars disconnects every calendar, revoked at the provider', async () => {
    const { tenant, staffIds } = await business();
    await connectGoogle(sut, google, tenant.token, staffIds[0]!);
    await connectGoogle(sut, google, tenant.token, staffIds[0]!);
    expect(await count('calendar_connections', tenant)).toBe(2);
    const before = revokes();

    const changed = await expectCall<{ plan: string; calendarsIncluded: boolean }>(
      sut,
      tenant.token,
      'PATCH',
      '/v1/tenant',
      200,
      { plan: 'basic' },
    );
    expect(changed).toMatchObject({ plan: 'basic', calendarsIncluded: false });
    expect(revokes()).toBe(before + 2);
    expect(await count('calendar_connections', tenant)).toBe(0);
    expect(await count('external_busy', tenant)).toBe(0);

    // Not in the plan: connecting is refused, nothing stored.
    const refused = await sut.call({
      method: 'POST',
      url: '/v1/calendar-connections',
      token: tenant.token,
      payload: { provider: 'google', staffId: staffIds[0] },
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.json().type).toMatch(/\/not-in-plan$/);

    // Upgraded again, calendars connect.
    await expectCall(sut, tenant.token, 'PATCH', '/v1/tenant', 200, { plan: 'professional' });
    await connectGoogle(sut, google, tenant.token, staffIds[0]!);
    expect(await count('calendar_connections', tenant)).toBe(1);
  });

  it('lets only the owner change the plan, and refuses an unknown plan naming the field', async () => {
    const { tenant } = await business();
    const admin = await addUser(sut.platform, tenant.tenantId, 'admin');
    const byAdmin = await sut.call({
      method: 'PATCH',
      url: '/v1/tenant',
      token: admin.token,
      payload: { plan: 'basic' },
    });
    expect(byAdmin.statusCode).toBe(403);
    const unknown = await sut.call({
      method: 'PATCH',
      url: '/v1/tenant',
      token: tenant.token,
      payload: { plan: 'platinum' },
    });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'body.plan' })]),
    );
    const rows = await sut.db.superuserQuery<{ plan: string }>(
      `SELECT plan FROM tenants WHERE tenant_id = ${p}`,
      [tenant.tenantId],
    );
    expect(rows[0]!.plan).toBe('professional');
  });

  it("deleting a staff member revokes that staff member's connections at the provider", async () => {
    const { tenant } = await business();
    const staff = await expectCall<{ id: string }>(sut, tenant.token, 'POST', '/v1/staff', 201, {
      name: 'Leaving',
      locationId: tenant.locationId,
      color: '#336699',
      serviceIds: [],
      weeklyHours: {},
    });
    await connectGoogle(sut, google, tenant.token, staff.id);
    expect(await count('calendar_connections', tenant)).toBe(1);
    const before = revokes();
    await expectCall(sut, tenant.token, 'DELETE', `/v1/staff/${staff.id}`, 204);
    expect(revokes()).toBe(before + 1);
    expect(await count('calendar_connections', tenant)).toBe(0);
    expect(await count('external_busy', tenant)).toBe(0);
  });
});
