/**
 * One business restored to a point in time, the others untouched (README.md "Operations"): three
 * businesses change after a backup; restoring one to the backup's time gives back its export of that
 * time (but for its audit chain and sync bookkeeping, which only move forward), the other two are
 * byte-identical, every audit chain verifies, the restored business's desks must take a fresh
 * snapshot, and customer erasures made since that point stay made. Sign-in state is not rolled back:
 * a spent sign-in form stays spent and a throttled (account, address) stays throttled.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../server/config';
import { openDatabase } from '../../server/db/data-source';
import { TenantScopes } from '../../server/db/tenant-scope';
import { SqliteBackupService } from '../../server/ops/backup.service';
import { restoreTenantFromSqliteBackup } from '../../server/ops/restore-tenant.run';
import type { RestoreTenantReport } from '../../server/ops/restore-tenant.service';
import { RestoreTenantService } from '../../server/ops/restore-tenant.service';
import { copyTenant } from '../../server/ops/tenant-copy';
import type { SeededTenant, TestApp } from '../support/api';
import { FORWARD_ONLY, tenantExportOf } from './tenant-export.fixtures';
import { defaultAuthorizeParams, hiddenFields, newPkce } from '../auth/support/oauth-client';
import { auditEventTypes, createTestDatabase, STORES } from '../support/db';
import {
  expectCall,
  seedClockedTenant,
  seedShop,
  startClockedApp,
  TestClock,
} from '../frontdesk/front-desk.fixtures';
import type { ShopIds } from '../frontdesk/front-desk.fixtures';

/**
 * The point-in-time source of each store. SQLite: `npm run backup`'s encrypted copies. PostgreSQL: a
 * side database holding every tenant's rows as they were (what pgBackRest restores into a side
 * cluster in production; here copied tenant by tenant at the point, the PostgreSQL test cluster being
 * a version the packaged pgBackRest does not support).
 */
interface PointSource {
  take(): Promise<string>;
  restore(tenantId: string, at: Date): Promise<RestoreTenantReport>;
  close(): Promise<void>;
}

function pointSource(store: Store, sut: TestApp, clock: TestClock): PointSource {
  if (store === 'sqlite') {
    const backups = new SqliteBackupService({
      databaseFile: sut.config.database.url,
      backupDir: join(sut.config.dataDir, 'backups'),
      cipher: sut.platform.cipher,
      now: clock.now,
    });
    return {
      take: async () => (await backups.take()).id,
      restore: (tenantId, at) =>
        restoreTenantFromSqliteBackup(
          { backups, live: sut.platform.scopes, audit: sut.platform.audit, now: clock.now },
          tenantId,
          at,
        ),
      close: async () => undefined,
    };
  }
  const copies: { id: string; takenAt: number; close(): Promise<void>; scopes: TenantScopes }[] = [];
  return {
    async take() {
      const side = await createTestDatabase('postgres');
      const db = await openDatabase(side.config);
      const scopes = new TenantScopes(db);
      for (const tenantId of await sut.platform.maintenance.tenantIds())
        await copyTenant(sut.platform.scopes, scopes, tenantId);
      const id = `side-${copies.length}`;
      copies.push({
        id,
        takenAt: clock.ms,
        scopes,
        close: async () => (await db.close(), await side.drop()),
      });
      return id;
    },
    restore(tenantId, at) {
      const copy = copies.filter((c) => c.takenAt <= at.getTime()).at(-1)!;
      return new RestoreTenantService({
        live: sut.platform.scopes,
        audit: sut.platform.audit,
        now: clock.now,
      }).restore(tenantId, copy.scopes, { at, backupId: copy.id });
    },
    async close() {
      for (const copy of copies) await copy.close();
    },
  };
}

describe.each(STORES)('restore-tenant on %s', (store) => {
  const clock = new TestClock(Date.parse('2026-06-01T08:00:00Z'));
  let sut: TestApp;
  let backups: PointSource;
  const exportOf = tenantExportOf(() => sut, clock.now);
  const tables = (doc: string) => (JSON.parse(doc) as { tables: Record<string, unknown[]> }).tables;

  beforeAll(async () => {
    sut = await startClockedApp(store, clock);
    backups = pointSource(store, sut, clock);
  });
  afterAll(async () => {
    await backups?.close();
    await sut?.close();
  });

  async function business(
    name: string,
  ): Promise<{ t: SeededTenant; shop: ShopIds; bookingId: string; customerId: string }> {
    const t = await seedClockedTenant(sut);
    const shop = await seedShop(sut, t.token, { staffCount: 2 });
    const customer = await expectCall<{ id: string }>(sut, t.token, 'POST', '/v1/customers', 201, {
      name: `${name} regular`,
      phone: '+44 7700 900123',
      notes: 'likes tea',
    });
    const booking = await expectCall<{ id: string }>(sut, t.token, 'POST', '/v1/bookings', 201, {
      serviceId: shop.serviceId,
      staffId: shop.staffIds[0],
      customerId: customer.id,
      start: '2026-06-03T10:00:00+01:00',
      source: 'desk',
      notes: 'first visit',
    });
    return { t, shop, bookingId: booking.id, customerId: customer.id };
  }

  /** Changes of every kind: a new customer with a booking, a moved and a cancelled booking, a new staff member. */
  async function change(b: Awaited<ReturnType<typeof business>>, label: string): Promise<void> {
    const c = await expectCall<{ id: string }>(sut, b.t.token, 'POST', '/v1/customers', 201, {
      name: `${label} new`,
    });
    await expectCall(sut, b.t.token, 'POST', '/v1/bookings', 201, {
      serviceId: b.shop.serviceId,
      staffId: b.shop.staffIds[1],
      customerId: c.id,
      start: '2026-06-04T11:00:00+01:00',
      source: 'phone',
    });
    await expectCall(sut, b.t.token, 'PATCH', `/v1/bookings/${b.bookingId}`, 200, {
      start: '2026-06-03T14:00:00+01:00',
    });
    await expectCall(sut, b.t.token, 'PATCH', `/v1/customers/${b.customerId}`, 200, {
      notes: `${label} changed`,
    });
    await expectCall(sut, b.t.token, 'POST', '/v1/staff', 201, {
      name: `${label} stylist`,
      locationId: b.shop.locationId,
      color: '#993366',
      serviceIds: [b.shop.serviceId],
      weeklyHours: {},
    });
    await expectCall(sut, b.t.token, 'DELETE', `/v1/bookings/${b.bookingId}`, 204);
  }

  async function syncCursor(t: SeededTenant): Promise<string> {
    let cursor: string | undefined;
    for (;;) {
      const page = await expectCall<{ cursor: string; hasMore: boolean }>(
        sut,
        t.token,
        'POST',
        '/v1/sync/pull',
        200,
        {
          ...(cursor ? { cursor } : {}),
          limit: 500,
        },
      );
      cursor = page.cursor;
      if (!page.hasMore) return cursor;
    }
  }

  it('restores one business to the backup of that time; the other two stay byte-identical', async () => {
    const [a, b, c] = [await business('A'), await business('B'), await business('C')];
    clock.ms += 60_000;
    const backup = await backups.take();
    const pointInTime = clock.now();
    const aAtPoint = await exportOf(a.t);

    clock.ms += 10 * 60_000;
    await change(a, 'A');
    await change(b, 'B');
    await change(c, 'C');
    const aCursor = await syncCursor(a.t);
    const bCursor = await syncCursor(b.t);
    const aChanged = await exportOf(a.t);
    expect(aChanged).not.toEqual(aAtPoint);

    clock.ms += 60_000;
    const bBefore = await exportOf(b.t);
    const cBefore = await exportOf(c.t);
    const bRows = await sut.db.snapshotTenant(b.t.tenantId);
    const cRows = await sut.db.snapshotTenant(c.t.tenantId);

    const report = await backups.restore(a.t.tenantId, new Date(pointInTime.getTime() + 5 * 60_000));
    console.log(
      `restore-tenant: ${JSON.stringify({ ...report, tables: Object.keys(report.tables).length })}`,
    );
    expect(report.backupId).toBe(backup);

    // The restored business: its export of that time, but for the forward-only tables.
    const aAfter = tables(await exportOf(a.t));
    const aPoint = tables(aAtPoint);
    expect(Object.keys(aAfter).sort()).toEqual(Object.keys(aPoint).sort());
    for (const table of Object.keys(aPoint).filter((n) => !FORWARD_ONLY.includes(n)))
      expect(aAfter[table], table).toEqual(aPoint[table]);

    // The other two: byte-identical exports and raw rows (secrets included).
    expect(await exportOf(b.t)).toBe(bBefore);
    expect(await exportOf(c.t)).toBe(cBefore);
    expect(await sut.db.snapshotTenant(b.t.tenantId)).toEqual(bRows);
    expect(await sut.db.snapshotTenant(c.t.tenantId)).toEqual(cRows);

    // Every audit chain verifies; the restore is in A's.
    for (const t of [a.t, b.t, c.t])
      expect(await sut.platform.audit.verify(sut.platform.scopes.forTenant(t.tenantId))).toMatchObject({
        ok: true,
      });
    expect((await auditEventTypes(sut.db, a.t.tenantId)).at(-1)).toBe('tenant.restored');
    expect(await auditEventTypes(sut.db, b.t.tenantId)).not.toContain('tenant.restored');

    // A's desks take a fresh snapshot; B's carry on.
    const stale = await sut.call({
      method: 'POST',
      url: '/v1/sync/pull',
      token: a.t.token,
      payload: { cursor: aCursor },
    });
    expect(stale.statusCode).toBe(410);
    await expectCall(sut, b.t.token, 'POST', '/v1/sync/pull', 200, { cursor: bCursor });
    const fresh = await expectCall<{ changes: { entity: string; id: string }[] }>(
      sut,
      a.t.token,
      'POST',
      '/v1/sync/pull',
      200,
      { limit: 500 },
    );
    expect(fresh.changes.filter((ch) => ch.entity === 'booking').map((ch) => ch.id)).toEqual([a.bookingId]);

    // The API serves the restored state and keeps working on it.
    const booking = await expectCall<{ status: string; start: string }>(
      sut,
      a.t.token,
      'GET',
      `/v1/bookings/${a.bookingId}`,
      200,
    );
    expect(booking).toMatchObject({ status: 'booked', start: '2026-06-03T10:00:00+01:00' });
    await expectCall(sut, a.t.token, 'POST', '/v1/customers', 201, { name: 'After restore' });
  });

  it('applies again the customer erasures made since that point', async () => {
    const d = await business('D');
    clock.ms += 60_000;
    await backups.take();
    const pointInTime = clock.now();
    clock.ms += 60_000;
    await expectCall(sut, d.t.token, 'POST', `/v1/customers/${d.customerId}/erase`, 200);

    const report = await backups.restore(d.t.tenantId, pointInTime);
    expect(report.erasuresReapplied).toEqual([d.customerId]);
    const customer = await expectCall<{ name: string; phone?: string | null; notes?: string | null }>(
      sut,
      d.t.token,
      'GET',
      `/v1/customers/${d.customerId}`,
      200,
    );
    expect(customer.name).toBe('Erased customer');
    expect(customer.phone ?? null).toBeNull();
    expect(customer.notes ?? null).toBeNull();
    const rows = await sut.db.superuserQuery<{ notes: string | null }>(
      `SELECT notes FROM bookings WHERE tenant_id = ${store === 'sqlite' ? '?' : '$1'} AND customer_id = ${store === 'sqlite' ? '?' : '$2'}`,
      [d.t.tenantId, d.customerId],
    );
    expect(rows).toEqual([{ notes: null }]);
    expect(await sut.platform.audit.verify(sut.platform.scopes.forTenant(d.t.tenantId))).toMatchObject({
      ok: true,
    });
  });

  it('rolls back no sign-in state: a spent sign-in form stays spent, a throttle stays', async () => {
    const e = await business('E');
    clock.ms += 60_000;
    await backups.take();
    const pointInTime = clock.now();
    clock.ms += 60_000;
    const [desk, stranger] = ['198.51.100.30', '203.0.113.30'];
    const signInForm = async () =>
      hiddenFields(
        (
          await sut.app.inject({
            method: 'GET',
            url: `/oauth/authorize?${new URLSearchParams(defaultAuthorizeParams(newPkce())).toString()}`,
          })
        ).body,
      );
    const signIn = async (form: Record<string, string>, from: string, password = e.t.password) =>
      (
        await sut.app.inject({
          method: 'POST',
          url: '/oauth/authorize',
          remoteAddress: from,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: new URLSearchParams({ ...form, email: e.t.email, password }).toString(),
        })
      ).statusCode;

    const spent = await signInForm();
    expect(await signIn(spent, desk)).toBe(302);
    for (let i = 0; i < 6; i++)
      expect([401, 429]).toContain(await signIn(await signInForm(), stranger, `wrong guess ${i}`));
    expect(await signIn(await signInForm(), stranger)).toBe(429);

    await backups.restore(e.t.tenantId, pointInTime);

    // Neither row existed at the point; a restore that rolled them back would reopen both.
    expect(await signIn(spent, desk)).toBe(400);
    expect(await signIn(await signInForm(), stranger)).toBe(429);
    expect(await signIn(await signInForm(), desk)).toBe(302);
  });
});
