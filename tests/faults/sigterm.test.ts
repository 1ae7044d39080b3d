/**
 * Issue 14 §5, SIGTERM: the API (`server/index.ts` as a child process) stops accepting at once,
 * finishes the requests in flight, cuts a request still unfinished after the 10 s grace, ends the event
 * streams with an SSE `retry` hint, and closes the database cleanly (exit 0, SQLite WAL folded back).
 */
import { existsSync, statSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { openPlatform } from '../../server/platform';
import { SHUTDOWN_RETRY_MS } from '../../server/sync/sync.routes';
import { seedTenant, testConfig } from '../support/api';
import { createTestDatabase } from '../support/db';
import type { TestDatabase } from '../support/db';
import {
  connectionRefused,
  halfSentRequest,
  openEventStream,
  startApiProcess,
  waitFor,
} from './fault-support';
import type { ApiProcess } from './fault-support';

/** server/index.ts SHUTDOWN_GRACE_MS (not imported: importing index.ts starts a server). */
const SHUTDOWN_GRACE_MS = 10_000;

const LOCATION = {
  name: 'Side street',
  timeZone: 'Europe/London',
  openingHours: { mon: [['09:00', '17:00']] },
};

describe('SIGTERM to the API', () => {
  let db: TestDatabase | undefined;
  let api: ApiProcess | undefined;
  afterEach(async () => {
    await api?.kill();
    await db?.drop();
    api = undefined;
    db = undefined;
  });

  it('stops accepting, finishes in-flight requests, cuts stuck ones after the grace, ends streams with a retry hint, closes the database', async () => {
    db = await createTestDatabase('sqlite');
    const seeding = await openPlatform(testConfig(db));
    const tenant = await seedTenant(seeding);
    await seeding.close();

    const file = db.config.url;
    api = startApiProcess({ BOOKDESK_DATA_DIR: db.dataDir, DATABASE_URL: `sqlite:${file}` });
    const url = await api.listening;

    const stream = openEventStream(url, tenant.token);
    expect(await stream.status).toBe(200);
    await waitFor(() => stream.text().includes(': connected'), 5_000);
    const inFlight = halfSentRequest(url, 'POST', '/v1/locations', tenant.token, LOCATION);
    const stuck = halfSentRequest(url, 'POST', '/v1/locations', tenant.token, { ...LOCATION, name: 'Stuck' });
    // Both requests' headers have reached the server before the signal.
    await new Promise((resolve) => setTimeout(resolve, 300));

    const signalledAt = Date.now();
    api.child.kill('SIGTERM');

    // The stream ends, telling the client when to reconnect.
    expect(await stream.ended).toBe('end');
    expect(stream.text()).toContain(`retry: ${SHUTDOWN_RETRY_MS}\n\n`);
    // No new connection is accepted.
    await waitFor(() => connectionRefused(url), 3_000);

    // The request in flight finishes normally.
    inFlight.finish();
    const finished = await inFlight.response;
    expect(finished.status, finished.body).toBe(201);
    const { id } = JSON.parse(finished.body) as { id: string };

    // The stuck one holds the process no longer than the grace: its connection is cut, then exit 0.
    expect(await api.exited).toBe(0);
    const tookMs = Date.now() - signalledAt;
    expect(tookMs).toBeGreaterThanOrEqual(SHUTDOWN_GRACE_MS - 500);
    expect(tookMs).toBeLessThan(SHUTDOWN_GRACE_MS + 4_000);
    await expect(stuck.response).rejects.toThrow();
    expect(api.output().stderr).not.toMatch(/shutdown failed|did not finish in time/);

    // The booking-side write is stored; the database was closed cleanly (WAL checkpointed away).
    const rows = await db.superuserQuery<{ name: string }>('SELECT name FROM locations WHERE id = ?', [id]);
    expect(rows).toEqual([{ name: 'Side street' }]);
    expect(await db.superuserQuery('SELECT id FROM locations WHERE name = ?', ['Stuck'])).toEqual([]);
    const wal = `${file}-wal`;
    expect(!existsSync(wal) || statSync(wal).size === 0).toBe(true);
  }, 40_000);

  it('exits at once when nothing is in flight', async () => {
    db = await createTestDatabase('sqlite');
    api = startApiProcess({ BOOKDESK_DATA_DIR: db.dataDir, DATABASE_URL: `sqlite:${db.config.url}` });
    await api.listening;
    const signalledAt = Date.now();
    api.child.kill('SIGTERM');
    expect(await api.exited).toBe(0);
    expect(Date.now() - signalledAt).toBeLessThan(3_000);
  }, 30_000);
});
