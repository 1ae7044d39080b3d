/**
 * Issue 14 §5, PostgreSQL restarted under load: the API (a child process) on a PostgreSQL cluster of
 * this test's own (the run's shared cluster is never touched) keeps serving requests while the
 * cluster is stopped and started again. While it is down `/readyz` answers 503 and requests fail
 * fast; none hangs past the client's timeout; once it is back the API serves again without a restart.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DatabaseConfig, ServerConfig } from '../../server/config';
import { openPlatform } from '../../server/platform';
import { seedTenant } from '../support/api';
import { startApiProcess, startPrivateCluster, waitFor } from './fault-support';
import type { ApiProcess, PrivateCluster } from './fault-support';

/** The load's own bound on each request: one slower than this counts as hung. */
const REQUEST_TIMEOUT_MS = 10_000;

const testConfig = (database: DatabaseConfig, dataDir: string): ServerConfig => ({
  host: '127.0.0.1',
  port: 0,
  dataDir,
  database,
  trustProxy: false,
  providerEndpoints: {},
  logLevel: 'silent',
  rateLimitPerMinute: 100_000,
});

interface Outcome {
  phase: 'before' | 'down' | 'recovering' | 'after';
  status: number | 'timeout' | 'network';
  ms: number;
}

describe('PostgreSQL restarted under load', () => {
  let cluster: PrivateCluster | undefined;
  let api: ApiProcess | undefined;
  let dataDir: string | undefined;
  afterEach(async () => {
    await api?.kill();
    await cluster?.destroy();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    api = cluster = dataDir = undefined;
  });

  it('answers 503 on /readyz while it is down, hangs no request, and recovers without a restart', async () => {
    cluster = await startPrivateCluster();
    dataDir = mkdtempSync(join(tmpdir(), 'bookdesk-faults-api-'));
    const seeding = await openPlatform({ ...testConfig(cluster.database, dataDir) });
    const tenant = await seedTenant(seeding);
    await seeding.close();

    api = startApiProcess({
      BOOKDESK_DATA_DIR: dataDir,
      DATABASE_URL: cluster.database.url,
      DATABASE_OWNER_URL: cluster.database.ownerUrl,
      RATE_LIMIT_PER_MINUTE: '100000',
    });
    const url = await api.listening;
    expect((await fetch(`${url}/readyz`)).status).toBe(200);

    let phase: Outcome['phase'] = 'before';
    let running = true;
    const outcomes: Outcome[] = [];
    let n = 0;
    const call = async (): Promise<void> => {
      const started = Date.now();
      const at = phase;
      const write = n++ % 2 === 0;
      let status: Outcome['status'];
      try {
        const response = await fetch(`${url}/v1/locations`, {
          method: write ? 'POST' : 'GET',
          headers: { authorization: `Bearer ${tenant.token}`, 'content-type': 'application/json' },
          ...(write
            ? {
                body: JSON.stringify({
                  name: `Branch ${n}`,
                  timeZone: 'Europe/London',
                  openingHours: { mon: [['09:00', '17:00']] },
                }),
              }
            : {}),
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
        await response.arrayBuffer();
        status = response.status;
      } catch (error) {
        status = (error as Error).name === 'TimeoutError' ? 'timeout' : 'network';
      }
      outcomes.push({ phase: at, status, ms: Date.now() - started });
    };
    const load = Array.from({ length: 6 }, async () => {
      while (running) {
        await call();
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    });

    await new Promise((resolve) => setTimeout(resolve, 1_000));
    phase = 'down';
    await cluster.stop();
    // Not ready while it is down, and says so at once.
    const probeStarted = Date.now();
    const ready = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    expect(ready.status).toBe(503);
    expect(Date.now() - probeStarted).toBeLessThan(5_000);
    await new Promise((resolve) => setTimeout(resolve, 2_000));

    phase = 'recovering';
    await cluster.start();
    // Ready again without a restart of the API.
    await waitFor(
      async () => (await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(5_000) })).status === 200,
      15_000,
      200,
    );
    phase = 'after';
    await waitFor(() => outcomes.filter((o) => o.phase === 'after' && o.status === 201).length >= 5, 15_000);
    running = false;
    await Promise.all(load);

    const summary = (p: Outcome['phase']) => outcomes.filter((o) => o.phase === p).map((o) => o.status);
    // No request hung: each had its answer before the client's timeout, and the connection held.
    expect(outcomes.filter((o) => o.status === 'timeout' || o.status === 'network')).toEqual([]);
    // Requests that began before the stop succeeded, or were cut by it with a 503 (retry).
    expect(summary('before').every((s) => s === 200 || s === 201 || s === 503)).toBe(true);
    // While down: 503 (the database is unavailable; retry), never a 500 (a bug) nor a 2xx, and fast.
    const down = outcomes.filter((o) => o.phase === 'down');
    expect(down.length).toBeGreaterThan(0);
    expect(down.map((o) => o.status).filter((s) => s !== 503)).toEqual([]);
    expect(Math.max(...down.map((o) => o.ms))).toBeLessThan(5_000);
    // While it starts again: answered either way, never a 500.
    expect(summary('recovering').every((s) => s === 200 || s === 201 || s === 503)).toBe(true);
    // After: every request succeeds again.
    expect(
      summary('after').every((s) => s === 200 || s === 201),
      JSON.stringify(summary('after')),
    ).toBe(true);
    expect(api.child.exitCode).toBeNull();
  }, 59_000);
});
