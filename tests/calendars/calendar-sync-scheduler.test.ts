/**
 * The background calendar sync: a connection is synced when due (5 minutes after its last attempt)
 * and not before, failures move it on too, and on PostgreSQL two instances sharing the database sync
 * each due connection exactly once (counted as events.list calls at the fake Google server).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OAUTH_STATE_TTL_MS } from '../../server/calendars/calendar-connection.service';
import { CalendarSyncScheduler } from '../../server/calendars/calendar-sync.scheduler';
import { SYNC_INTERVAL_MS } from '../../server/calendars/calendar-sync.runner';
import type { Platform } from '../../server/platform';
import { seedTenant } from '../support/api';
import type { SeededTenant, TestApp } from '../support/api';
import { STORES } from '../support/db';
import { FakeGoogleCalendar } from '../fakes/google-calendar.fake';
import { TestClock, seedShop } from '../frontdesk/front-desk.fixtures';
import { connectGoogle, googleConfig, openInstance, startCalendarApp } from './support/calendar-app';

const CONNECTIONS = 6;

describe.each(STORES)(`${CalendarSyncScheduler.name} on %s`, (store) => {
  const clock = new TestClock(Date.now());
  let google: FakeGoogleCalendar;
  let sut: TestApp;
  let owner: SeededTenant;
  let other: SeededTenant;

  const listCalls = () =>
    google.requests.filter((r) => r.url.pathname === '/calendar/v3/calendars/primary/events').length;
  const lastSyncs = async () =>
    (
      await sut.db.superuserQuery<{ last_synced_at: unknown }>(
        'SELECT last_synced_at FROM calendar_connections ORDER BY id',
      )
    ).map((r) => String(r.last_synced_at));

  beforeAll(async () => {
    google = await new FakeGoogleCalendar().start();
    google.putEvent({
      id: 'dentist',
      summary: 'Dentist',
      start: { dateTime: new Date(Date.now() + 86_400_000).toISOString() },
      end: { dateTime: new Date(Date.now() + 90_000_000).toISOString() },
    });
    sut = await startCalendarApp(store, googleConfig(google), undefined, {
      now: clock.now,
      calendars: { scheduler: { batch: 2 } },
    });
    owner = await seedTenant(sut.platform);
    other = await seedTenant(sut.platform);
    for (const tenant of [owner, other]) {
      const shop = await seedShop(sut, tenant.token, { staffCount: CONNECTIONS / 2 });
      for (const staffId of shop.staffIds) await connectGoogle(sut, google, tenant.token, staffId);
    }
  });
  afterAll(async () => {
    await sut?.close();
    await google?.stop();
  });

  it('syncs nothing before a connection is due, then every due connection once', async () => {
    const calls = listCalls();
    expect(await sut.platform.calendarSync.runOnce()).toBe(0);
    expect(listCalls()).toBe(calls);

    const before = await lastSyncs();
    clock.ms += SYNC_INTERVAL_MS;
    expect(await sut.platform.calendarSync.runOnce()).toBe(CONNECTIONS);
    expect(listCalls()).toBe(calls + CONNECTIONS);
    const after = await lastSyncs();
    after.forEach((at, i) => expect(at).not.toBe(before[i]));

    expect(await sut.platform.calendarSync.runOnce()).toBe(0);
    expect(listCalls()).toBe(calls + CONNECTIONS);
  });

  it('refuses an OAuth callback once the authorization is older than 10 minutes (state expiry on the same clock)', async () => {
    const staffId = (await seedShop(sut, owner.token)).staffIds[0]!;
    const started = await sut.call({
      method: 'POST',
      url: '/v1/calendar-connections',
      token: owner.token,
      payload: { provider: 'google', staffId },
    });
    const { code, state } = google.approve(started.json().authorizeUrl);
    clock.ms += OAUTH_STATE_TTL_MS + 1000;
    const late = await sut.call({
      method: 'GET',
      url: `/v1/calendar-connections/callback/google?code=${code}&state=${encodeURIComponent(state!)}`,
    });
    expect(late.statusCode).toBe(400);
    const states = await sut.db.superuserQuery('SELECT id FROM calendar_oauth_states');
    expect(states).toEqual([]);
  });

  it('moves a failing connection on as well (no retry storm) and keeps it visible', async () => {
    google.revokeAll();
    google.expireAccessTokens();
    clock.ms += SYNC_INTERVAL_MS;
    expect(await sut.platform.calendarSync.runOnce()).toBe(CONNECTIONS);
    expect(await sut.platform.calendarSync.runOnce()).toBe(0);
    const list = await sut.call({ method: 'GET', url: '/v1/calendar-connections', token: owner.token });
    expect(list.json().items.map((c: { status: string }) => c.status)).toEqual(
      Array(CONNECTIONS / 2).fill('needs_reconnect'),
    );
  });

  // PostgreSQL: two instances on one database. SQLite (one process per file): two overlapping rounds.
  it('syncs each due connection exactly once when two schedulers run at the same time', async () => {
    // Fresh, working connections for this round.
    await sut.platform.calendars.disconnectAll(sut.platform.scopes.forTenant(owner.tenantId));
    await sut.platform.calendars.disconnectAll(sut.platform.scopes.forTenant(other.tenantId));
    for (const tenant of [owner, other]) {
      const shop = await seedShop(sut, tenant.token, { staffCount: CONNECTIONS / 2 });
      for (const staffId of shop.staffIds) await connectGoogle(sut, google, tenant.token, staffId);
    }
    const second: Platform =
      store === 'postgres'
        ? await openInstance(sut.config, { now: clock.now, calendars: { scheduler: { batch: 1 } } })
        : sut.platform;
    try {
      for (let round = 0; round < 3; round++) {
        const calls = listCalls();
        clock.ms += SYNC_INTERVAL_MS;
        const [a, b] = await Promise.all([
          sut.platform.calendarSync.runOnce(),
          second.calendarSync.runOnce(),
        ]);
        expect(a + b).toBe(CONNECTIONS);
        expect(listCalls()).toBe(calls + CONNECTIONS);
      }
    } finally {
      if (second !== sut.platform) await second.close();
    }
  });

  it('leaves the connections of a cancelled account alone', async () => {
    const p = store === 'sqlite' ? '?' : '$1';
    await sut.db.superuserQuery(`UPDATE tenants SET status = 'cancelled' WHERE tenant_id = ${p}`, [
      other.tenantId,
    ]);
    const calls = listCalls();
    clock.ms += SYNC_INTERVAL_MS;
    expect(await sut.platform.calendarSync.runOnce()).toBe(CONNECTIONS / 2);
    expect(listCalls()).toBe(calls + CONNECTIONS / 2);
  });
});
