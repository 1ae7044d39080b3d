/**
 * The change log keeps tombstones for a bounded time without anyone calling the prune: the server's
 * housekeeping runs `platform.sync.retention.prune` periodically, so once the retention period has
 * passed an old cursor gets 410 `/cursor-expired` (API.md "Sync"). Both stores; the housekeeping
 * interval is shortened, the retention period passes on an injected clock.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app';
import { openPlatform } from '../../server/platform';
import type { Platform } from '../../server/platform';
import type { SeededTenant } from '../support/api';
import { issueAccessToken, seedTenant, testConfig } from '../support/api';
import { createTestDatabase, STORES } from '../support/db';
import type { TestDatabase } from '../support/db';
import { TestClock } from '../frontdesk/front-desk.fixtures';

const DAY = 86_400_000;

describe.each(STORES)('tombstone housekeeping on %s', (store) => {
  const clock = new TestClock(Date.parse('2026-03-02T08:00:00Z'));
  let db: TestDatabase;
  let platform: Platform;
  let app: FastifyInstance;
  let owner: SeededTenant;
  let token: string;

  beforeAll(async () => {
    db = await createTestDatabase(store);
    const config = testConfig(db);
    platform = await openPlatform(config, { now: clock.now });
    app = await buildApp(config, {
      platform,
      auditRetention: false,
      calendarSync: false,
      tenantPurge: false,
      housekeeping: { intervalMs: 50, firstRunMs: 10 },
    });
    await app.ready();
    owner = await seedTenant(platform);
    token = await issueAccessToken(platform, owner.tenantId, owner.userId, { ttlSeconds: 400 * 86_400 });
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const call = (method: 'POST' | 'DELETE', url: string, payload?: object) =>
    app.inject({ method, url, payload, headers: { authorization: `Bearer ${token}` } });
  const pullAll = async (cursor?: string) => {
    let next = cursor;
    for (;;) {
      const response = await call('POST', '/v1/sync/pull', next ? { cursor: next } : {});
      if (response.statusCode !== 200) return { status: response.statusCode, body: response.json() };
      const page = response.json<{ cursor: string; hasMore: boolean }>();
      next = page.cursor;
      if (!page.hasMore) return { status: 200, cursor: next };
    }
  };
  const floor = async () =>
    Number(
      (
        await db.superuserQuery<{ floor_version: number | string }>(
          `SELECT floor_version FROM sync_retention WHERE tenant_id = ${store === 'sqlite' ? '?' : '$1'}`,
          [owner.tenantId],
        )
      )[0]?.floor_version ?? -1,
    );
  const until = async (predicate: () => Promise<boolean>, what: string) => {
    const deadline = Date.now() + 5_000;
    while (!(await predicate())) {
      if (Date.now() > deadline) throw new Error(`${what} did not happen`);
      await new Promise((done) => setTimeout(done, 25));
    }
  };

  it('prunes old tombstones by itself, so a cursor from before them gets 410 /cursor-expired', async () => {
    const old = await pullAll();
    const gone = (await call('POST', '/v1/customers', { name: 'Gone' })).json<{ id: string }>().id;
    expect((await call('DELETE', `/v1/customers/${gone}`)).statusCode).toBe(204);
    // The first rounds leave the mark the retention period is measured from.
    await until(async () => (await floor()) === 0, 'a housekeeping round');
    // A tombstone goes once a mark at or above it is older than the retention period (so between one
    // and two periods after the deletion, depending on when the last mark was taken).
    const markAt = async () =>
      String(
        (
          await db.superuserQuery<{ mark_at: unknown }>(
            `SELECT mark_at FROM sync_retention WHERE tenant_id = ${store === 'sqlite' ? '?' : '$1'}`,
            [owner.tenantId],
          )
        )[0]?.mark_at,
      );
    for (let period = 0; period < 2 && (await floor()) === 0; period++) {
      const before = await markAt();
      clock.ms += (platform.sync.retention.retentionDays + 1) * DAY;
      await until(async () => (await markAt()) !== before, 'a housekeeping round after the retention period');
    }
    expect(await floor()).toBeGreaterThan(0);
    const expired = await pullAll(old.cursor);
    expect(expired.status).toBe(410);
    expect(expired.body).toMatchObject({ type: expect.stringMatching(/\/cursor-expired$/) });
  });
});
