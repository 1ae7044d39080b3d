/**
 * poke-latency: two API instances on one embedded PostgreSQL. A client holds `GET /v1/sync/events`
 * open on instance B; another pushes a `customer.create` mutation to instance A, one at a time,
 * SAMPLES times. A sample is the time from sending the push to the poke with the new version
 * arriving on B's stream: an upper bound of commit → poke (it also contains the push's HTTP request
 * and its transaction), measured in this process on loopback. The push round trip is logged too.
 *
 * Baseline, same run and cluster: a bare `SELECT pg_notify(...)` on one pg connection until the
 * notification arrives on another connection that LISTENs (no HTTP, no transaction work).
 * Prints `BENCH poke-latency <p50> ms baseline=<p50 NOTIFY→LISTEN> ratio=<r>`; p95 is logged.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { buildApp } from '../server/app';
import type { ServerConfig } from '../server/config';
import { openPlatform } from '../server/platform';
import type { Platform } from '../server/platform';
import { startEmbeddedPostgres } from './embedded-postgres';
import { median, percentile, printBench } from './report';

const SAMPLES = 200;
const WARMUP = 20;

async function startInstance(dataDir: string, database: ServerConfig['database']) {
  const config: ServerConfig = {
    host: '127.0.0.1',
    port: 0,
    dataDir,
    database,
    trustProxy: false,
    providerEndpoints: {},
    logLevel: 'silent',
    rateLimitPerMinute: 100_000_000,
  };
  const platform: Platform = await openPlatform(config);
  const app = await buildApp(config, { platform, auditRetention: false });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { platform, url, close: () => app.close() };
}

/** An SSE reader that resolves the waiter of a version when its poke arrives (desk-live reuses it). */
export function openStream(url: string, token: string): Promise<{ next(): Promise<number>; close(): void }> {
  return new Promise((resolve, reject) => {
    const waiters: ((version: number) => void)[] = [];
    const request = http.get(`${url}/v1/sync/events`, { headers: { authorization: `Bearer ${token}` } });
    let buffer = '';
    request.on('response', (response) => {
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (block === ': connected') {
            resolve({
              next: () => new Promise<number>((r) => waiters.push(r)),
              close: () => request.destroy(),
            });
          } else if (block.startsWith('event: poke\ndata: ')) {
            const { version } = JSON.parse(block.slice(18)) as { version: number };
            waiters.shift()?.(version);
          }
        }
      });
    });
    request.on('error', reject);
  });
}

export async function pushLatencies(
  a: { url: string },
  b: { url: string },
  token: string,
): Promise<{ poke: number[]; push: number[] }> {
  const stream = await openStream(b.url, token);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const target = new URL(a.url);
  const poke: number[] = [];
  const push: number[] = [];
  try {
    for (let i = 1; i <= WARMUP + SAMPLES; i++) {
      const body = JSON.stringify({
        clientId: 'bench',
        mutations: [{ id: i, name: 'customer.create', args: { name: `C${i}` } }],
      });
      const arrived = stream.next();
      const t0 = performance.now();
      let tPoke = 0;
      void arrived.then(() => (tPoke = performance.now()));
      await new Promise<void>((resolve, reject) => {
        const req = http.request(
          {
            host: target.hostname,
            port: target.port,
            path: '/v1/sync/push',
            method: 'POST',
            agent,
            headers: {
              authorization: `Bearer ${token}`,
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(body),
            },
          },
          (res) => {
            let text = '';
            res.on('data', (c) => (text += c));
            res.on('end', () =>
              text.includes('"applied"') ? resolve() : reject(new Error(`push: ${res.statusCode} ${text}`)),
            );
          },
        );
        req.on('error', reject);
        req.end(body);
      });
      const tPush = performance.now();
      await arrived;
      if (tPoke === 0) tPoke = performance.now();
      if (i > WARMUP) {
        poke.push(tPoke - t0);
        push.push(tPush - t0);
      }
    }
  } finally {
    stream.close();
    agent.destroy();
  }
  return { poke, push };
}

async function notifyLatencies(appUrl: string): Promise<number[]> {
  const listener = new pg.Client({ connectionString: appUrl });
  const sender = new pg.Client({ connectionString: appUrl });
  await listener.connect();
  await sender.connect();
  try {
    await listener.query('LISTEN bench_baseline');
    const samples: number[] = [];
    for (let i = 0; i < WARMUP + SAMPLES; i++) {
      const arrived = new Promise<void>((resolve) => listener.once('notification', () => resolve()));
      const t0 = performance.now();
      await sender.query(`SELECT pg_notify('bench_baseline', $1)`, [String(i)]);
      await arrived;
      if (i >= WARMUP) samples.push(performance.now() - t0);
    }
    return samples;
  } finally {
    await listener.end();
    await sender.end();
  }
}

export async function run(): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'bookdesk-bench-poke-'));
  const cluster = await startEmbeddedPostgres(root);
  try {
    const database = { store: 'postgres' as const, url: cluster.appUrl, ownerUrl: cluster.ownerUrl };
    const a = await startInstance(join(root, 'a'), database);
    const b = await startInstance(join(root, 'b'), database);
    try {
      const ids = await a.platform.signup.signup({
        business: { name: 'Bench Salon', timeZone: 'UTC' },
        owner: {
          name: 'Bench Owner',
          email: `bench-${randomBytes(4).toString('hex')}@example.com`,
          password: 'a long bench passphrase for me',
        },
      });
      const { secret: token } = await a.platform.scopes
        .forTenant(ids.tenantId)
        .transaction((tx) =>
          a.platform.tokens.issueAccessToken(tx, { userId: ids.userId, clientId: 'bench', ttlSeconds: 3600 }),
        );
      const baseline = await notifyLatencies(cluster.appUrl);
      const { poke, push } = await pushLatencies(a, b, token);
      console.log(
        `poke-latency p50=${median(poke).toFixed(2)} ms p95=${percentile(poke, 95).toFixed(2)} ms ` +
          `(push round trip p50=${median(push).toFixed(2)} ms; NOTIFY→LISTEN p95=${percentile(baseline, 95).toFixed(2)} ms; ${SAMPLES} samples)`,
      );
      printBench('poke-latency', median(poke), 'ms', median(baseline));
    } finally {
      await b.close();
      await a.close();
    }
  } finally {
    await cluster.stop();
    await rm(root, { recursive: true, force: true });
  }
}
