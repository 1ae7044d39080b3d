/**
 * Walk-ins still waiting when their location's day ends are closed as `left` by the server's
 * housekeeping, audited, and sent to the desks (a sync change) — instead of silently dropping out of
 * the queue while staying `waiting` forever. Today's parties are left alone. Both stores, on an
 * injected clock with the housekeeping interval shortened.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app';
import { openPlatform } from '../../server/platform';
import { testConfig } from '../support/api';
import type { SeededTenant, TestApp } from '../support/api';
import { auditEventTypes, createTestDatabase, STORES } from '../support/db';
import { expectCall, seedClockedTenant, seedShop, TestClock } from '../frontdesk/front-desk.fixtures';
import type { ShopIds } from '../frontdesk/front-desk.fixtures';

/** Monday 1 June 2026 in London (UTC+1). */
const at = (day: string, hhmm: string) => `2026-06-${day}T${hhmm}:00+01:00`;

describe.each(STORES)('walk-ins at the end of the day on %s', (store) => {
  const clock = new TestClock(Date.parse(at('01', '09:00')));
  let t: TestApp;
  let owner: SeededTenant;
  let shop: ShopIds;

  beforeAll(async () => {
    const db = await createTestDatabase(store);
    const config = testConfig(db);
    const platform = await openPlatform(config, { now: clock.now });
    const app = await buildApp(config, {
      platform,
      auditRetention: false,
      calendarSync: false,
      tenantPurge: false,
      housekeeping: { intervalMs: 50, firstRunMs: 10 },
    });
    await app.ready();
    t = {
      app,
      platform,
      db,
      config,
      call: ({ token, headers, ...options }) =>
        app.inject({
          ...options,
          headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) },
        }),
      async close() {
        await app.close();
        await db.drop();
      },
    };
    owner = await seedClockedTenant(t);
    shop = await seedShop(t, owner.token, { timeZone: 'Europe/London', staffCount: 1, durationMinutes: 30 });
  });
  afterAll(async () => t?.close());

  const status = async (id: string) =>
    (
      await t.db.superuserQuery<{ status: string; ended_at: unknown }>(
        `SELECT status, ended_at FROM walk_ins WHERE id = ${store === 'sqlite' ? '?' : '$1'}`,
        [id],
      )
    )[0]!;
  const until = async (predicate: () => Promise<boolean>, what: string) => {
    const deadline = Date.now() + 5_000;
    while (!(await predicate())) {
      if (Date.now() > deadline) throw new Error(`${what} did not happen`);
      await new Promise((done) => setTimeout(done, 25));
    }
  };

  it('closes yesterday’s waiting parties as left, audited and synced; today’s stay queued', async () => {
    clock.set(at('01', '16:30'));
    const waiting = await expectCall<{ id: string }>(t, owner.token, 'POST', '/v1/walk-ins', 201, {
      customer: { name: 'Still waiting at closing' },
      serviceId: shop.serviceId,
      locationId: shop.locationId,
    });
    const called = await expectCall<{ id: string }>(t, owner.token, 'POST', '/v1/walk-ins', 201, {
      customer: { name: 'Called, never started' },
      serviceId: shop.serviceId,
      locationId: shop.locationId,
    });
    await expectCall(t, owner.token, 'POST', `/v1/walk-ins/${called.id}/actions`, 200, { action: 'call' });
    // Housekeeping runs during the day: nothing to close yet.
    await new Promise((done) => setTimeout(done, 150));
    expect((await status(waiting.id)).status).toBe('waiting');

    // The next morning in London.
    clock.set(at('02', '08:00'));
    const today = await expectCall<{ id: string }>(t, owner.token, 'POST', '/v1/walk-ins', 201, {
      customer: { name: 'Today' },
      serviceId: shop.serviceId,
      locationId: shop.locationId,
    });
    await until(async () => (await status(waiting.id)).status === 'left', 'closing yesterday’s queue');
    expect((await status(called.id)).status).toBe('left');
    expect((await status(today.id)).status).toBe('waiting');
    // Ended at the end of the day it belonged to (London midnight), not when the job happened to run.
    expect(new Date((await status(waiting.id)).ended_at as string).toISOString()).toBe(
      new Date(at('02', '00:00')).toISOString(),
    );
    expect(await auditEventTypes(t.db, owner.tenantId)).toContain('walk_in.closed_at_day_end');
    const changes = await t.db.superuserQuery<{ entity_id: string }>(
      `SELECT entity_id FROM sync_changes WHERE entity = 'walkIn' AND tenant_id = ${store === 'sqlite' ? '?' : '$1'}`,
      [owner.tenantId],
    );
    expect(changes.map((c) => c.entity_id)).toEqual(expect.arrayContaining([waiting.id, called.id]));
  });
});
