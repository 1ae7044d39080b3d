/**
 * Privacy and account lifecycle on both stores: a customer's export holds their data and nobody
 * else's; erasure removes their personal data everywhere (API search and the raw tables) and keeps
 * their bookings; the tenant export has no secrets; cancelling locks every credential out at once,
 * is audited, and the purge deletes the tenant's rows once due, leaving other tenants untouched.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CalendarConnectionRepository } from '../../server/calendars/calendar-connection.repository';
import { sealConnectionSecret } from '../../server/calendars/calendar-credential';
import { TenantExportService } from '../../server/privacy/tenant-export.service';
import { createApiKey } from '../support/api';
import type { SeededTenant, TestApp } from '../support/api';
import { auditEventTypes, STORES } from '../support/db';
import {
  addClockedUser,
  expectCall,
  seedClockedTenant,
  seedShop,
  startClockedApp,
  TestClock,
} from '../frontdesk/front-desk.fixtures';
import type { ShopIds } from '../frontdesk/front-desk.fixtures';

type Booking = { id: string; notes?: string; fields?: Record<string, unknown>; customerId: string | null };

describe.each(STORES)('privacy and account lifecycle on %s', (store) => {
  const clock = new TestClock(Date.parse('2026-06-01T08:00:00Z'));
  let sut: TestApp;
  let owner: SeededTenant;
  let shop: ShopIds;
  const p = (n: number) => (store === 'postgres' ? `$${n}` : '?');

  beforeAll(async () => {
    sut = await startClockedApp(store, clock);
    owner = await seedClockedTenant(sut);
    shop = await seedShop(sut, owner.token, { staffCount: 1 });
    await expectCall(sut, owner.token, 'POST', '/v1/custom-fields', 201, {
      key: 'allergies',
      label: 'Allergies',
      type: 'text',
      required: false,
    });
  });
  afterAll(async () => {
    await sut?.close();
  });

  /** A customer with a booking (notes, a field value) and a walk-in, all carrying their details. */
  async function customerWithHistory(name: string, email: string, phone: string, hour: number) {
    const customer = await expectCall<{ id: string }>(sut, owner.token, 'POST', '/v1/customers', 201, {
      name,
      email,
      phone,
      notes: `${name} likes tea`,
    });
    const booking = await expectCall<Booking>(sut, owner.token, 'POST', '/v1/bookings', 201, {
      serviceId: shop.serviceId,
      customerId: customer.id,
      start: `2026-06-02T${String(hour).padStart(2, '0')}:00:00+01:00`,
      source: 'phone',
      notes: `call ${name} on ${phone}`,
      fields: { allergies: `${name}: latex` },
    });
    const walkIn = await expectCall<{ id: string }>(sut, owner.token, 'POST', '/v1/walk-ins', 201, {
      customerId: customer.id,
      serviceId: shop.serviceId,
      locationId: shop.locationId,
      notes: `${name} waits outside`,
    });
    return { customerId: customer.id, bookingId: booking.id, walkInId: walkIn.id };
  }

  const auditTypes = (tenantId: string) => auditEventTypes(sut.db, tenantId);

  it("exports everything held about one customer and nothing of anyone else's", async () => {
    const x = await customerWithHistory('Xena Export', 'xena@example.com', '+44 7700 900001', 10);
    const y = await customerWithHistory('Yuri Other', 'yuri@example.com', '+44 7700 900002', 11);
    const sut_ = await expectCall<{
      customer: { name: string; email: string };
      bookings: Booking[];
      walkIns: { id: string; notes: string }[];
    }>(sut, owner.token, 'GET', `/v1/customers/${x.customerId}/export`, 200);
    expect(sut_.customer).toMatchObject({ name: 'Xena Export', email: 'xena@example.com' });
    expect(sut_.bookings).toEqual([
      expect.objectContaining({
        id: x.bookingId,
        notes: 'call Xena Export on +44 7700 900001',
        fields: { allergies: 'Xena Export: latex' },
      }),
    ]);
    expect(sut_.walkIns.map((w) => [w.id, w.notes])).toEqual([[x.walkInId, 'Xena Export waits outside']]);
    const text = JSON.stringify(sut_);
    for (const other of [y.customerId, y.bookingId, y.walkInId, 'Yuri', 'yuri@example.com']) {
      expect(text).not.toContain(other);
    }
    expect(await auditTypes(owner.tenantId)).toContain('data.exported');
  });

  it('erases personal data everywhere, keeps the bookings anonymised, and is idempotent', async () => {
    const z = await customerWithHistory('Zelda Erase', 'zelda.erase@example.com', '+44 7700 900999', 12);
    const erased = await expectCall<{ customer: { name: string }; bookingsKept: number; changed: boolean }>(
      sut,
      owner.token,
      'POST',
      `/v1/customers/${z.customerId}/erase`,
      200,
    );
    expect(erased).toMatchObject({ customer: { name: 'Erased customer' }, bookingsKept: 1, changed: true });
    expect(await expectCall(sut, owner.token, 'GET', `/v1/customers/${z.customerId}`, 200)).toEqual({
      id: z.customerId,
      name: 'Erased customer',
    });
    for (const q of ['zelda', '900999', 'zelda.erase@example.com']) {
      const found = await expectCall<{ items: unknown[] }>(
        sut,
        owner.token,
        'GET',
        `/v1/customers?q=${q}`,
        200,
      );
      expect(found.items, q).toEqual([]);
    }
    const booking = await expectCall<Booking>(sut, owner.token, 'GET', `/v1/bookings/${z.bookingId}`, 200);
    expect(booking.customerId).toBe(z.customerId);
    expect(booking.notes).toBeUndefined();
    expect(booking.fields).toBeUndefined();
    // What is really stored: no trace of the e-mail, phone or name in the customer, booking and walk-in tables.
    for (const table of ['customers', 'bookings', 'walk_ins']) {
      const rows = await sut.db.superuserQuery(`SELECT * FROM ${table} WHERE tenant_id = ${p(1)}`, [
        owner.tenantId,
      ]);
      const text = JSON.stringify(rows);
      for (const trace of ['zelda.erase@example.com', '900999', 'Zelda'])
        expect(text, table).not.toContain(trace);
    }
    const [{ n }] = await sut.db.superuserQuery<{ n: number | string }>(
      `SELECT COUNT(*) AS n FROM bookings WHERE tenant_id = ${p(1)} AND customer_id = ${p(2)}`,
      [owner.tenantId, z.customerId],
    );
    expect(Number(n)).toBe(1);
    const erasures = (await auditTypes(owner.tenantId)).filter((t) => t === 'data.erased').length;

    const again = await expectCall<{ changed: boolean }>(
      sut,
      owner.token,
      'POST',
      `/v1/customers/${z.customerId}/erase`,
      200,
    );
    expect(again.changed).toBe(false);
    expect((await auditTypes(owner.tenantId)).filter((t) => t === 'data.erased')).toHaveLength(erasures);
  });

  it('exports the whole tenant to the owner only, without hashes or secrets', async () => {
    const receptionist = await addClockedUser(sut, owner.tenantId, 'receptionist');
    const admin = await addClockedUser(sut, owner.tenantId, 'admin');
    await createApiKey(sut.platform, owner.tenantId, owner.userId);
    for (const token of [receptionist.token, admin.token]) {
      expect((await sut.call({ method: 'GET', url: '/v1/tenant/export', token })).statusCode).toBe(403);
    }
    const exportsBefore = (await auditTypes(owner.tenantId)).filter((t) => t === 'data.exported').length;
    const response = await sut.call({ method: 'GET', url: '/v1/tenant/export', token: owner.token });
    expect(response.statusCode).toBe(200);
    expect((await auditTypes(owner.tenantId)).filter((t) => t === 'data.exported')).toHaveLength(
      exportsBefore + 1,
    );
    const document = response.json() as {
      tenantId: string;
      tables: Record<string, Record<string, unknown>[]>;
    };
    expect(document.tenantId).toBe(owner.tenantId);
    expect(document.tables.customers!.map((c) => c.name)).toContain('Xena Export');
    expect(document.tables.bookings!.length).toBeGreaterThan(0);
    expect(document.tables.walk_ins!.length).toBeGreaterThan(0);
    expect(document.tables.users!.map((u) => u.email)).toContain(owner.email);

    const secrets = [
      ...(await sut.db.superuserQuery<{ s: string }>(
        `SELECT password_hash AS s FROM users WHERE tenant_id = ${p(1)}`,
        [owner.tenantId],
      )),
      ...(await sut.db.superuserQuery<{ s: string }>(
        `SELECT token_hash AS s FROM access_tokens WHERE tenant_id = ${p(1)}`,
        [owner.tenantId],
      )),
      ...(await sut.db.superuserQuery<{ s: string }>(
        `SELECT key_hash AS s FROM api_keys WHERE tenant_id = ${p(1)}`,
        [owner.tenantId],
      )),
    ].map((r) => r.s);
    expect(secrets.length).toBeGreaterThan(3);
    for (const secret of secrets) expect(response.body).not.toContain(secret);
    expect(response.body).not.toMatch(/password_hash|token_hash|key_hash|mfa_secret/);
  });

  it('streams the tenant export in pages: every row once, in key order', async () => {
    const export_ = new TenantExportService({
      now: () => new Date(clock.ms),
      audit: sut.platform.audit,
      pageRows: 2,
    });
    const scope = sut.platform.scopes.forTenant(owner.tenantId);
    let text = '';
    for await (const chunk of await export_.export(scope, {
      tenantId: owner.tenantId,
      userId: owner.userId,
      role: 'owner',
      credentialId: owner.userId,
      kind: 'access_token',
    })) {
      text += String(chunk);
    }
    const document = JSON.parse(text) as { tables: Record<string, { id: string }[]> };
    const stored = await sut.db.superuserQuery<{ id: string }>(
      `SELECT id FROM customers WHERE tenant_id = ${p(1)} ORDER BY id`,
      [owner.tenantId],
    );
    expect(stored.length).toBeGreaterThan(2);
    expect(document.tables.customers!.map((c) => c.id)).toEqual(stored.map((c) => c.id));
  });

  it('cancels the account: every credential is refused at once, audited; the purge deletes it when due', async () => {
    const victim = await seedClockedTenant(sut);
    const bystander = await seedClockedTenant(sut);
    const victimShop = await seedShop(sut, victim.token, { staffCount: 1 });
    await expectCall(sut, victim.token, 'POST', '/v1/walk-ins', 201, {
      customer: { name: 'Last customer' },
      serviceId: victimShop.serviceId,
      locationId: victimShop.locationId,
    });
    const receptionist = await addClockedUser(sut, victim.tenantId, 'receptionist');
    const admin = await addClockedUser(sut, victim.tenantId, 'admin');
    const key = await createApiKey(sut.platform, victim.tenantId, victim.userId);
    // A connected calendar with its (encrypted) credential, as the calendar feature stores one.
    const connectionId = crypto.randomUUID();
    await sut.platform.scopes.forTenant(victim.tenantId).transaction((tx) =>
      tx.get(CalendarConnectionRepository).insert({
        id: connectionId,
        staffId: victimShop.staffIds[0]!,
        provider: 'google',
        status: 'active',
        credential: sealConnectionSecret(sut.platform.cipher, victim.tenantId, connectionId, {
          credential: { refreshToken: 'victim-refresh-token' },
          state: null,
        }),
        syncGeneration: 0,
        lastSyncedAt: null,
        lastError: null,
        nextSyncAt: new Date(clock.ms + 365 * 86_400_000),
        createdAt: new Date(clock.ms),
      }),
    );
    const connections = () =>
      sut.db.superuserQuery(`SELECT id FROM calendar_connections WHERE tenant_id = ${p(1)}`, [
        victim.tenantId,
      ]);
    expect(await connections()).toHaveLength(1);
    const me = (token: string) => sut.call({ method: 'GET', url: '/v1/me', token });

    for (const token of [receptionist.token, admin.token, key.key]) {
      const refused = await sut.call({
        method: 'DELETE',
        url: '/v1/tenant',
        token,
        payload: { password: victim.password },
      });
      expect(refused.statusCode).toBe(403);
    }
    const wrong = await sut.call({
      method: 'DELETE',
      url: '/v1/tenant',
      token: victim.token,
      payload: { password: 'not the password at all' },
    });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().errors[0].path).toBe('body.password');
    const missing = await sut.call({ method: 'DELETE', url: '/v1/tenant', token: victim.token, payload: {} });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().errors[0].path).toBe('body.password');
    expect((await me(victim.token)).statusCode).toBe(200);

    const cancelled = await expectCall<{ status: string; deletionDueAt: string }>(
      sut,
      victim.token,
      'DELETE',
      '/v1/tenant',
      200,
      { password: victim.password },
    );
    expect(cancelled.status).toBe('cancelled');
    expect(Date.parse(cancelled.deletionDueAt)).toBe(clock.ms + 30 * 86_400_000);
    for (const token of [victim.token, receptionist.token, admin.token, key.key]) {
      expect((await me(token)).statusCode).toBe(401);
    }
    expect((await me(bystander.token)).statusCode).toBe(200);
    expect(await auditTypes(victim.tenantId)).toContain('account.cancelled');
    expect(await connections(), 'calendar connections and their credentials are gone').toEqual([]);

    const bystanderBefore = await sut.db.snapshotTenant(bystander.tenantId);
    clock.ms += 29 * 86_400_000;
    expect(
      (await sut.platform.privacy.lifecycle.purgeDue(sut.platform.scopes, sut.platform.maintenance)).purged,
    ).toEqual([]);
    expect((await sut.db.snapshotTenant(victim.tenantId)).walk_ins).toHaveLength(1);

    clock.ms += 2 * 86_400_000;
    const report = await sut.platform.privacy.lifecycle.purgeDue(
      sut.platform.scopes,
      sut.platform.maintenance,
    );
    expect(report.purged).toEqual([victim.tenantId]);
    const left = Object.entries(await sut.db.snapshotTenant(victim.tenantId)).filter(
      ([, rows]) => rows.length > 0,
    );
    expect(left).toEqual([]);
    expect(await sut.db.snapshotTenant(bystander.tenantId)).toEqual(bystanderBefore);
    expect((await me(bystander.token)).statusCode).toBe(200);
  });
});
