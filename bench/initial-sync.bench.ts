/**
 * initial-sync: a desk's first sync of a tenant with 100,000 bookings, 20,000 customers, 50 staff, a
 * service and a location, from the API on loopback (SQLite) into an empty cache file, through the real
 * engine: a Desk started over the cache pulls the snapshot page by page (SyncPuller, its page size)
 * and stores each page through DeskStore.applyPull (rows sealed, rebase bookkeeping, cursor in the same
 * transaction). Timed from `desk.start()` until the desk reports its first completed sync; best of
 * INITIAL_SYNC_E2E_RUNS (3), each in a child process of its own (this file again, with
 * INITIAL_SYNC_DESK=e2e) over a new cache, so the peak RSS is the desk's alone, not the API's (the
 * worst of the runs is reported). The fixture is bulk-inserted into the server's database with batched
 * multi-row INSERTs (not through the API) and is not timed.
 *
 * Then a child (INITIAL_SYNC_DESK=breakdown) tells where the time goes, each part on the same rows:
 * - server + network + JSON: the same pages fetched and parsed, stored nowhere;
 * - cache apply: the fetched pages stored into an empty cache with DeskStore.applyPull, sealing
 *   (CacheCipher.encrypt) timed apart;
 * - baseline: the same rows inserted into an empty cache of the same schema with raw better-sqlite3
 *   prepared statements (one INSERT per row, JSON as is, nothing sealed) in one transaction.
 * Apply and baseline run interleaved, best of 3 each. INITIAL_SYNC_NODE_ARGS passes node flags to the
 * children (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`).
 * Prints the end-to-end figures (rows/s, peak RSS; goals < 4 s and < 250 MB), then
 * `BENCH initial-sync <cache apply ms> ms baseline=<raw insert ms> ratio=<r>` (goal: ratio < 3).
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import Sqlite from 'better-sqlite3';
import { CacheCipher } from '../main/cache/cache.cipher';
import type { CacheDatabase } from '../main/cache/cache.database';
import { openDeskCacheWith } from '../main/cache/desk-cache';
import { ScheduleCache } from '../main/cache/schedule.cache';
import type { SyncChange } from '../main/cache/schedule.cache';
import { Desk } from '../main/desk/desk';
import { DeskStore } from '../main/desk/desk-store';
import { DEFAULT_PAGE_SIZE } from '../main/sync/sync-puller';
import type { PullPage } from '../main/sync/sync-puller';
import { startBenchApi } from './bench-api';
import { printBench } from './report';

const BOOKINGS = 100_000;
const CUSTOMERS = 20_000;
const STAFF = 50;
const SLOT_MS = 30 * 60_000;
const DAY_MS = 86_400_000;
const ROWS_PER_INSERT = 500;
/** The page size the desk's SyncPuller asks for (its default), for the breakdown's fetch-only pass. */
const DESK_PAGE = DEFAULT_PAGE_SIZE;
const GOAL_MS = 4000;
const GOAL_RSS_MB = 250;
const E2E_RUNS = Number(process.env.INITIAL_SYNC_E2E_RUNS ?? 3);
const BREAKDOWN_RUNS = 3;

const here = dirname(fileURLToPath(import.meta.url));

export async function run(): Promise<void> {
  if (process.env.INITIAL_SYNC_DESK === 'e2e') return deskEndToEnd();
  if (process.env.INITIAL_SYNC_DESK === 'breakdown') return deskBreakdown();
  const root = await mkdtemp(join(tmpdir(), 'bookdesk-bench-initial-sync-'));
  const file = join(root, 'bookdesk.sqlite');
  const api = await startBenchApi(root, { store: 'sqlite', url: file }, 'Europe/London');
  try {
    const t0 = performance.now();
    const expected = await seed(api, file);
    console.log(
      `initial-sync: seeded ${expected} rows in ${(performance.now() - t0).toFixed(0)} ms (not timed)`,
    );
    const env = {
      INITIAL_SYNC_URL: api.url,
      INITIAL_SYNC_TOKEN: api.token,
      INITIAL_SYNC_EXPECTED: String(expected),
    };
    const runs: EndToEnd[] = [];
    for (let i = 0; i < E2E_RUNS; i++)
      runs.push(await runDesk<EndToEnd>({ ...env, INITIAL_SYNC_DESK: 'e2e' }));
    const best = runs.reduce((a, b) => (b.ms < a.ms ? b : a));
    const worstRss = Math.max(...runs.map((r) => r.peakRssMb));
    const split = await runDesk<Breakdown>({ ...env, INITIAL_SYNC_DESK: 'breakdown' });
    const apiRssMb = process.resourceUsage().maxRSS / 1024;
    console.log(
      `initial-sync end-to-end ${best.ms.toFixed(0)} ms (best of ${E2E_RUNS}: ${runs.map((r) => r.ms.toFixed(0)).join(', ')}; goal < ${GOAL_MS}), ` +
        `${Math.round((best.rows / best.ms) * 1000)} rows/s; desk peak RSS ${worstRss.toFixed(0)} MB ` +
        `(worst of ${E2E_RUNS}: ${runs.map((r) => r.peakRssMb.toFixed(0)).join(', ')}; goal < ${GOAL_RSS_MB}); ` +
        `API process peak RSS ${apiRssMb.toFixed(0)} MB`,
    );
    console.log(
      `initial-sync cache apply ${split.applyMs.toFixed(0)} ms (${Math.round((best.rows / split.applyMs) * 1000)} rows/s) ` +
        `vs raw inserts ${split.rawMs.toFixed(0)} ms (${Math.round((best.rows / split.rawMs) * 1000)} rows/s): ` +
        `${(split.applyMs / split.rawMs).toFixed(2)}x (goal < 3x)`,
    );
    printBench('initial-sync', split.applyMs, 'ms', split.rawMs);
  } finally {
    await api.app.close();
    await rm(root, { recursive: true, force: true });
  }
}

/** One end-to-end run of the desk side. */
interface EndToEnd {
  rows: number;
  ms: number;
  peakRssMb: number;
}

/** The desk side's breakdown: best-of times on the same fetched rows. */
interface Breakdown {
  applyMs: number;
  rawMs: number;
}

/** Runs the desk side in a child process, echoing its lines; resolves with its RESULT. */
function runDesk<T>(env: Record<string, string>): Promise<T> {
  return new Promise((resolve, reject) => {
    // INITIAL_SYNC_NODE_ARGS: extra node flags for the desk side, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`.
    const nodeArgs = process.env.INITIAL_SYNC_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
    const child = spawn(
      process.execPath,
      [...nodeArgs, '--import', 'tsx', join(here, 'run.ts'), 'initial-sync'],
      {
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    let result: T | null = null;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      let end: number;
      while ((end = out.indexOf('\n')) >= 0) {
        const line = out.slice(0, end);
        out = out.slice(end + 1);
        if (line.startsWith('RESULT ')) result = JSON.parse(line.slice(7)) as T;
        else console.log(line);
      }
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      result && code === 0 ? resolve(result) : reject(new Error(`desk side exited ${code} without a result`)),
    );
  });
}

/** Service and staff through the API; customers and bookings straight into its database. */
export async function seed(api: Awaited<ReturnType<typeof startBenchApi>>, file: string): Promise<number> {
  const allDay = Object.fromEntries(
    ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]]),
  );
  const serviceId = await api.post('/v1/services', {
    name: 'Cut',
    durationMinutes: 30,
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 0,
    minNoticeMinutes: 0,
    maxAdvanceDays: 730,
  });
  const staffIds: string[] = [];
  for (let i = 0; i < STAFF; i++) {
    staffIds.push(
      await api.post('/v1/staff', {
        name: `Stylist ${i}`,
        locationId: api.ids.locationId,
        color: '#336699',
        serviceIds: [serviceId],
        weeklyHours: allDay,
      }),
    );
  }
  const text = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
  const now = text(Date.now());
  const tenant = api.ids.tenantId;
  const customers = Array.from({ length: CUSTOMERS }, (_, i) => [
    tenant,
    randomUUID(),
    `Customer ${i}`,
    `+44 20 ${String(i).padStart(7, '0')}`,
    `customer${i}@example.com`,
    null,
    now,
  ]);
  // Consecutive slots from 25 days ago, STAFF at a time: all inside the desk's working window.
  const from = Math.floor((Date.now() - 25 * DAY_MS) / SLOT_MS) * SLOT_MS;
  const bookings = Array.from({ length: BOOKINGS }, (_, i) => {
    const start = text(from + Math.floor(i / STAFF) * SLOT_MS);
    const end = text(from + Math.floor(i / STAFF) * SLOT_MS + SLOT_MS);
    const customerId = i % 5 === 0 ? null : customers[i % CUSTOMERS]![1];
    return [
      tenant,
      randomUUID(),
      api.ids.locationId,
      serviceId,
      staffIds[i % STAFF]!,
      customerId,
      start,
      end,
      start,
      end,
      'booked',
      'online',
      null,
      null,
      now,
      now,
    ];
  });
  const db = new Sqlite(file);
  db.pragma('busy_timeout = 5000');
  const insertAll = (head: string, rows: unknown[][]) => {
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
      const batch = rows.slice(i, i + ROWS_PER_INSERT);
      const values = batch.map((row) => `(${row.map(() => '?').join(', ')})`).join(', ');
      db.prepare(head + values).run(batch.flat());
    }
  };
  db.transaction(() => {
    insertAll(
      'INSERT INTO customers (tenant_id, id, name, phone, email, notes, created_at) VALUES ',
      customers,
    );
    insertAll(
      `INSERT INTO bookings (tenant_id, id, location_id, service_id, staff_id, customer_id, start_at, end_at,
        busy_from, busy_to, status, source, fields, notes, created_at, updated_at) VALUES `,
      bookings,
    );
  })();
  db.close();
  return BOOKINGS + CUSTOMERS + STAFF + 2; // + the location and the service
}

// ---- the desk side (child process) ----

const say = (line: string) => console.log(line);
const cpuSince = (start: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};
const mb = (kb: number) => kb / 1024;

const env = () => ({
  url: process.env.INITIAL_SYNC_URL!,
  token: process.env.INITIAL_SYNC_TOKEN!,
  expected: Number(process.env.INITIAL_SYNC_EXPECTED),
});

/** As the app does it: a Desk over an empty cache file, started, until its first sync is done. */
async function deskEndToEnd(): Promise<void> {
  const { url, token, expected } = env();
  const root = await mkdtemp(join(tmpdir(), 'bookdesk-bench-initial-sync-desk-'));
  try {
    const e2e = await endToEnd(join(root, 'desk.sqlite'), url, token);
    const peakRssMb = mb(process.resourceUsage().maxRSS);
    if (e2e.rows < expected) throw new Error(`the cache holds ${e2e.rows} rows, expected ${expected}`);
    say(
      `initial-sync desk: ${e2e.rows} rows in ${e2e.ms.toFixed(0)} ms (desk CPU ${e2e.cpuMs.toFixed(0)} ms) over ${e2e.pages} pages; ` +
        `DeskStore.applyPull ${e2e.applyMs.toFixed(0)} ms (longest page ${e2e.longestApplyMs.toFixed(0)} ms), ` +
        `the rest (server, HTTP, JSON, events) ${(e2e.ms - e2e.applyMs).toFixed(0)} ms; peak RSS ${peakRssMb.toFixed(0)} MB ` +
        `(sampled: heap used ${mb(e2e.memory.heapUsed / 1024).toFixed(0)} of ${mb(e2e.memory.heapTotal / 1024).toFixed(0)}, ` +
        `external ${mb(e2e.memory.external / 1024).toFixed(0)} MB)`,
    );
    const result: EndToEnd = { rows: e2e.rows, ms: e2e.ms, peakRssMb };
    say(`RESULT ${JSON.stringify(result)}`);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/** Where the time goes, each part on the same rows, best of BREAKDOWN_RUNS. */
async function deskBreakdown(): Promise<void> {
  const { url, token } = env();
  const root = await mkdtemp(join(tmpdir(), 'bookdesk-bench-initial-sync-desk-'));
  try {
    // Server + network + JSON alone: the same pages, fetched and parsed, stored nowhere.
    const fetched = await fetchPages(url, token);
    say(
      `initial-sync breakdown: fetch+parse ${fetched.pages.length} pages of ${DESK_PAGE}: ${fetched.ms.toFixed(0)} ms ` +
        `(response bodies ${(fetched.bytes / 1e6).toFixed(1)} MB, of which JSON.parse ${fetched.parseMs.toFixed(0)} ms)`,
    );
    // Cache apply alone on those pages (sealing timed apart), and the baseline: raw prepared INSERTs
    // of the same rows, one transaction, nothing sealed. Interleaved, so a busy moment of the machine
    // weighs on both alike; best of BREAKDOWN_RUNS each.
    const applies: ReturnType<typeof applyPages>[] = [];
    const raws: ReturnType<typeof rawInsert>[] = [];
    for (let i = 0; i < BREAKDOWN_RUNS; i++) {
      applies.push(applyPages(join(root, `apply-${i}.sqlite`), fetched.pages));
      raws.push(rawInsert(join(root, `raw-${i}.sqlite`), fetched.pages));
    }
    const apply = applies.reduce((a, b) => (b.ms < a.ms ? b : a));
    const raw = raws.reduce((a, b) => (b.ms < a.ms ? b : a));
    say(
      `initial-sync breakdown: DeskStore.applyPull ${apply.ms.toFixed(0)} ms, CPU ${apply.cpuMs.toFixed(0)} ms ` +
        `(runs ${applies.map((a) => a.ms.toFixed(0)).join(', ')}): ScheduleCache.applyChanges ${apply.cacheOnlyMs.toFixed(0)} ms, ` +
        `of which sealing ${apply.sealMs.toFixed(0)} ms (${apply.seals} values); DeskStore's transaction around it ` +
        `(commit, instants, rebase) ${apply.storeOwnMs.toFixed(0)} ms`,
    );
    say(
      `initial-sync breakdown: raw better-sqlite3 INSERTs of the same rows ${raw.ms.toFixed(0)} ms, CPU ${raw.cpuMs.toFixed(0)} ms ` +
        `(runs ${raws.map((r) => r.ms.toFixed(0)).join(', ')}); CPU ratio ${(apply.cpuMs / raw.cpuMs).toFixed(2)}x`,
    );
    const rawMs = raw.ms;
    const result: Breakdown = { applyMs: apply.ms, rawMs };
    say(`RESULT ${JSON.stringify(result)}`);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

const cachedRows = (db: CacheDatabase) =>
  ['locations', 'staff', 'services', 'customers', 'bookings'].reduce(
    (n, table) => n + (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n,
    0,
  );

async function endToEnd(file: string, url: string, token: string) {
  const cipher = CacheCipher.withRandomKey();
  const { db } = openDeskCacheWith(file, cipher);
  let events = 0;
  const desk = new Desk({
    db,
    cache: new ScheduleCache(db, cipher),
    cipher,
    apiBaseUrl: url,
    accessToken: async () => token,
    onSignedOut: () => undefined,
    emit: () => events++,
  });
  let applyMs = 0;
  let longestApplyMs = 0;
  let pages = 0;
  const applyPull = desk.store.applyPull.bind(desk.store);
  desk.store.applyPull = (changes, options) => {
    const t0 = performance.now();
    try {
      return applyPull(changes, options);
    } finally {
      const took = performance.now() - t0;
      applyMs += took;
      longestApplyMs = Math.max(longestApplyMs, took);
      pages++;
    }
  };
  const memory = { rss: 0, heapUsed: 0, heapTotal: 0, external: 0 };
  const sample = setInterval(() => {
    const now = process.memoryUsage();
    for (const key of Object.keys(memory) as (keyof typeof memory)[])
      memory[key] = Math.max(memory[key], now[key]);
  }, 10);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  desk.start();
  while (desk.status().lastSyncAt === null) {
    if (performance.now() - t0 > 120_000)
      throw new Error(`no sync after 120 s: ${JSON.stringify(desk.status())}`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  const ms = performance.now() - t0;
  const cpuMs = cpuSince(cpu0);
  clearInterval(sample);
  await desk.stop();
  const rows = cachedRows(db);
  db.close();
  return { ms, cpuMs, rows, applyMs, longestApplyMs, pages, events, memory };
}

export async function fetchPages(url: string, token: string, pageSize = DESK_PAGE) {
  const pages: PullPage[] = [];
  let cursor: string | undefined;
  let bytes = 0;
  let parseMs = 0;
  const t0 = performance.now();
  for (;;) {
    const response = await fetch(`${url}/v1/sync/pull`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        accept: 'application/json',
      },
      body: JSON.stringify({ ...(cursor ? { cursor } : {}), limit: pageSize }),
    });
    const body = await response.text();
    if (response.status !== 200) throw new Error(`pull: ${response.status} ${body}`);
    bytes += body.length;
    const p0 = performance.now();
    const page = JSON.parse(body) as PullPage;
    parseMs += performance.now() - p0;
    pages.push(page);
    cursor = page.cursor;
    if (!page.hasMore) break;
  }
  return { pages, ms: performance.now() - t0, bytes, parseMs };
}

function applyPages(file: string, pages: PullPage[]) {
  const cipher = CacheCipher.withRandomKey();
  // Sealing timed apart: every encrypt of this cipher is counted.
  const encrypt = cipher.encrypt.bind(cipher);
  let sealMs = 0;
  let seals = 0;
  cipher.encrypt = (plaintext, at) => {
    const t0 = performance.now();
    try {
      return encrypt(plaintext, at);
    } finally {
      sealMs += performance.now() - t0;
      seals++;
    }
  };
  const { db } = openDeskCacheWith(file, cipher);
  const cache = new ScheduleCache(db, cipher);
  const store = new DeskStore(db, cache, cipher);
  let cacheOnlyMs = 0;
  const applyChanges = cache.applyChanges.bind(cache);
  cache.applyChanges = (changes, options) => {
    const t0 = performance.now();
    try {
      applyChanges(changes, options);
    } finally {
      cacheOnlyMs += performance.now() - t0;
    }
  };
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  pages.forEach((page, i) => {
    store.applyPull(page.changes, {
      ...(i === 0 ? { replaceAll: true } : {}),
      alsoInTransaction: () =>
        db
          .prepare(`INSERT OR REPLACE INTO meta (key, value) VALUES ('bench.cursor', ?)`)
          .run(JSON.stringify(page.cursor)),
    });
  });
  const ms = performance.now() - t0;
  const cpuMs = cpuSince(cpu0);
  db.close();
  return { ms, cpuMs, sealMs, seals, cacheOnlyMs, storeOwnMs: ms - cacheOnlyMs };
}

/** The same rows into the same tables with one prepared INSERT per table, nothing sealed, one transaction. */
function rawInsert(file: string, pages: PullPage[]): { ms: number; cpuMs: number } {
  const { db } = openDeskCacheWith(file, CacheCipher.withRandomKey());
  const epochMs = (iso: string) => Date.parse(iso);
  const insert = {
    location: db.prepare('INSERT INTO locations (id, sort, data) VALUES (?, ?, ?)'),
    staff: db.prepare('INSERT INTO staff (id, location_id, sort, data) VALUES (?, ?, ?, ?)'),
    service: db.prepare('INSERT INTO services (id, data) VALUES (?, ?)'),
    customer: db.prepare(
      'INSERT INTO customers (id, sealed_name, sealed_phone, sealed_email, sealed_notes, pending, data) VALUES (?, ?, ?, ?, ?, 0, ?)',
    ),
    booking: db.prepare(
      'INSERT INTO bookings (id, staff_id, customer_id, start_ms, end_ms, status, data) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
  };
  const changes: SyncChange[] = pages.flatMap((p) => p.changes);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  db.transaction(() => {
    let sort = 0;
    for (const change of changes) {
      const row = change.data as Record<string, unknown> & { id: string };
      const json = JSON.stringify(row);
      switch (change.entity) {
        case 'location':
          insert.location.run(row.id, sort++, json);
          break;
        case 'staff':
          insert.staff.run(row.id, row.locationId, sort++, json);
          break;
        case 'service':
          insert.service.run(row.id, json);
          break;
        case 'customer':
          insert.customer.run(
            row.id,
            row.name,
            row.phone ?? null,
            row.email ?? null,
            row.notes ?? null,
            json,
          );
          break;
        case 'booking':
          insert.booking.run(
            row.id,
            row.staffId,
            row.customerId ?? null,
            epochMs(row.start as string),
            epochMs(row.end as string),
            row.status,
            json,
          );
          break;
      }
    }
  })();
  const ms = performance.now() - t0;
  const cpuMs = cpuSince(cpu0);
  db.close();
  return { ms, cpuMs };
}
