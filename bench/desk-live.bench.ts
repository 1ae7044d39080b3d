/**
 * desk-live: two desks of one business on the API over loopback (SQLite; DESK_LIVE_STORE=postgres for
 * an embedded PostgreSQL), each the real engine (main/desk/Desk) over its own cache file. Desk A adds a
 * customer (`desk.actions.createCustomer`: local transaction, then its pusher sends it); a sample is
 * the time from that call until the customer is in desk B's cache (B hears the poke on its event
 * stream, pulls and stores the page). SAMPLES writes, one at a time, after WARMUP unmeasured ones;
 * each waits until A's outbox is empty again. Goals: p50 < 50 ms, p95 < 150 ms.
 *
 * Baseline, same run and API: its poke latency as bench/poke-latency.bench.ts measures it (its own
 * helper): a `customer.create` pushed over plain HTTP until the poke arrives on an event stream, the
 * same mutation the desks send, without any desk.
 * Prints `BENCH desk-live <p50> ms baseline=<poke p50> ratio=<r>`; p95 of both is logged.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { CacheCipher } from '../main/cache/cache.cipher';
import { openDeskCacheWith } from '../main/cache/desk-cache';
import { ScheduleCache } from '../main/cache/schedule.cache';
import { Desk } from '../main/desk/desk';
import type { ServerConfig } from '../server/config';
import { startBenchApi } from './bench-api';
import { startEmbeddedPostgres } from './embedded-postgres';
import { pushLatencies } from './poke-latency.bench';
import { median, percentile, printBench } from './report';

const SAMPLES = 200;
const WARMUP = 20;
const GOAL_P50_MS = 50;
const GOAL_P95_MS = 150;
const TIMEOUT_MS = 10_000;

interface BenchDesk {
  desk: Desk;
  /** Resolves at the next event the desk emits (a pull stored, a status change). */
  nextEvent(): Promise<void>;
  close(): Promise<void>;
}

function openDesk(dir: string, name: string, url: string, token: string): BenchDesk {
  const cipher = CacheCipher.withRandomKey();
  const { db } = openDeskCacheWith(join(dir, `${name}.sqlite`), cipher);
  let waiters: (() => void)[] = [];
  const desk = new Desk({
    db,
    cache: new ScheduleCache(db, cipher),
    cipher,
    apiBaseUrl: url,
    accessToken: async () => token,
    onSignedOut: () => undefined,
    emit: () => {
      const woken = waiters;
      waiters = [];
      for (const wake of woken) wake();
    },
  });
  desk.start();
  return {
    desk,
    nextEvent: () => new Promise<void>((resolve) => waiters.push(resolve)),
    async close() {
      await desk.stop();
      db.close();
    },
  };
}

/**
 * Resolves once `check` holds, looking again at each event of `desk` (and every 50 ms regardless);
 * a timeout names the sync status of `desk` and `other`.
 */
async function until(desk: BenchDesk, check: () => boolean, what: string, other?: BenchDesk): Promise<void> {
  const started = performance.now();
  while (!check()) {
    if (performance.now() - started > TIMEOUT_MS) {
      const status = [desk, other].map((d) => d && JSON.stringify(d.desk.status())).filter(Boolean);
      throw new Error(`${what}: not within ${TIMEOUT_MS} ms (sync status ${status.join(', ')})`);
    }
    await Promise.race([desk.nextEvent(), new Promise((resolve) => setTimeout(resolve, 50))]);
  }
}

async function deskLatencies(url: string, token: string, dir: string): Promise<number[]> {
  const a = openDesk(dir, 'a', url, token);
  const b = openDesk(dir, 'b', url, token);
  try {
    for (const d of [a, b]) {
      await until(
        d,
        () => d.desk.status().connection.state === 'online' && d.desk.status().lastSyncAt !== null,
        'first sync',
      );
    }
    const samples: number[] = [];
    for (let i = 0; i < WARMUP + SAMPLES; i++) {
      const id = randomUUID();
      const t0 = performance.now();
      a.desk.actions.createCustomer({ id, name: `Live ${i}` });
      await until(b, () => b.desk.store.rows().customer(id) !== null, `customer ${i} at desk B`, a);
      const elapsed = performance.now() - t0;
      if (i >= WARMUP) samples.push(elapsed);
      await until(a, () => a.desk.status().waiting === 0, `desk A's outbox after write ${i}`);
    }
    const problems = a.desk.store.problems().length + b.desk.store.problems().length;
    if (problems > 0) throw new Error(`${problems} mutations were refused`);
    return samples;
  } finally {
    await a.close();
    await b.close();
  }
}

async function withDatabase<T>(
  root: string,
  body: (database: ServerConfig['database']) => Promise<T>,
): Promise<T> {
  if (process.env.DESK_LIVE_STORE !== 'postgres')
    return body({ store: 'sqlite', url: join(root, 'bookdesk.sqlite') });
  const cluster = await startEmbeddedPostgres(root);
  try {
    return await body({ store: 'postgres', url: cluster.appUrl, ownerUrl: cluster.ownerUrl });
  } finally {
    await cluster.stop();
  }
}

export async function run(): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'bookdesk-bench-desk-live-'));
  try {
    await withDatabase(root, async (database) => {
      const api = await startBenchApi(join(root, 'api'), database, 'Europe/London');
      try {
        const { poke } = await pushLatencies(api, api, api.token);
        const desk = await deskLatencies(api.url, api.token, root);
        const f = (n: number) => n.toFixed(2);
        console.log(
          `desk-live (${database.store}) A -> B cache p50=${f(median(desk))} ms p95=${f(percentile(desk, 95))} ms ` +
            `max=${f(Math.max(...desk))} ms (goals p50 < ${GOAL_P50_MS}, p95 < ${GOAL_P95_MS}; ${SAMPLES} samples); ` +
            `poke p50=${f(median(poke))} ms p95=${f(percentile(poke, 95))} ms`,
        );
        printBench('desk-live', median(desk), 'ms', median(poke));
      } finally {
        await api.app.close();
      }
    });
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
