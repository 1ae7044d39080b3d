/**
 * A real app (real database, every plugin) wired to the calendar fakes through the configuration
 * API.md names (GOOGLE_CLIENT_ID/SECRET, GOOGLE_* endpoints, PUBLIC_URL), with fast provider retries
 * and the background scheduler off (tests drive `platform.calendarSync.runOnce()` themselves).
 */
import { readFile } from 'node:fs/promises';
import { expect } from 'vitest';
import { buildApp } from '../../../server/app';
import { DEFAULT_RETRY_POLICY } from '../../../server/calendars/provider-retry';
import type { ServerConfig, Store } from '../../../server/config';
import { openPlatform } from '../../../server/platform';
import type { Platform, PlatformOptions } from '../../../server/platform';
import { testConfig } from '../../support/api';
import type { TestApp } from '../../support/api';
import { createTestDatabase } from '../../support/db';
import type { TestDatabase } from '../../support/db';
import type { FakeGoogleCalendar } from '../../fakes/google-calendar.fake';

export const FAST_RETRIES = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 5, maxDelayMs: 20, timeoutMs: 5_000 };

export function googleConfig(google: FakeGoogleCalendar): Partial<ServerConfig> {
  const e = google.endpoints;
  return {
    publicUrl: 'http://bookdesk.test',
    google: { clientId: google.clientId, clientSecret: google.clientSecret },
    providerEndpoints: {
      GOOGLE_AUTH_URL: e.authUrl,
      GOOGLE_TOKEN_URL: e.tokenUrl,
      GOOGLE_REVOKE_URL: e.revokeUrl,
      GOOGLE_API_BASE: e.apiBase,
    },
  };
}

/** Another platform (an "instance") on the same database. */
export function openInstance(config: ServerConfig, options: PlatformOptions = {}): Promise<Platform> {
  return openPlatform(config, { ...options, calendars: { policy: FAST_RETRIES, ...options.calendars } });
}

export async function startCalendarApp(
  store: Store,
  overrides: Partial<ServerConfig> = {},
  existing?: TestDatabase,
  options: PlatformOptions = {},
): Promise<TestApp> {
  const db = existing ?? (await createTestDatabase(store));
  const config = testConfig(db, overrides);
  const platform = await openInstance(config, options);
  const app = await buildApp(config, { platform, auditRetention: false, calendarSync: false });
  await app.ready();
  return {
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
      if (!existing) await db.drop();
    },
  };
}

/** Everything the database holds, as text: the SQLite file (+WAL) bytes, or every PostgreSQL row of the calendar tables. */
export async function databaseText(t: TestApp): Promise<string> {
  if (t.db.store === 'sqlite') {
    const file = t.db.config.url;
    const parts = await Promise.all(
      [file, `${file}-wal`].map((f) => readFile(f).catch(() => Buffer.alloc(0))),
    );
    return Buffer.concat(parts).toString('latin1');
  }
  const rows = await t.db.superuserQuery<{ t: string }>(
    `SELECT row_to_json(c)::text AS t FROM calendar_connections c
     UNION ALL SELECT row_to_json(s)::text FROM calendar_oauth_states s
     UNION ALL SELECT row_to_json(b)::text FROM external_busy b`,
  );
  return rows.map((r) => r.t).join('\n');
}

/** The owner connects Google for `staffId` through the whole OAuth dance against the fake. */
export async function connectGoogle(
  t: TestApp,
  google: FakeGoogleCalendar,
  token: string,
  staffId: string,
): Promise<string> {
  const started = await t.call({
    method: 'POST',
    url: '/v1/calendar-connections',
    token,
    payload: { provider: 'google', staffId },
  });
  expect(started.statusCode, started.body).toBe(200);
  const authorizeUrl: string = started.json().authorizeUrl;
  expect(authorizeUrl.startsWith(google.endpoints.authUrl)).toBe(true);
  const { code, state } = google.approve(authorizeUrl);
  const callback = await t.call({
    method: 'GET',
    url: `/v1/calendar-connections/callback/google?code=${encodeURIComponent(code)}&state=${encodeURIComponent(state!)}&scope=x`,
  });
  expect(callback.statusCode, callback.body).toBe(200);
  expect(callback.headers['content-type']).toMatch(/text\/html/);
  expect(callback.body).toContain('You can close this window');
  const list = await t.call({ method: 'GET', url: '/v1/calendar-connections', token });
  const mine = (list.json().items as { id: string; staffId: string; createdAt: string }[]).filter(
    (c) => c.staffId === staffId,
  );
  return mine[mine.length - 1]!.id;
}
