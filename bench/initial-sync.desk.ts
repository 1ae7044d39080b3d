/**
 * The desk side of `npm run bench -- initial-sync` (see initial-sync.bench.ts), run as a child process
 * of its own so that what it measures (time, peak RSS) is a desk's: it loads the desk's code only,
 * never the API's. INITIAL_SYNC_DESK=e2e: a Desk's first sync into an empty cache; =breakdown: where
 * the time goes. Reports back with one `RESULT <json>` line on stdout.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { CacheCipher } from '../main/cache/cache.cipher';
import type { CacheDatabase } from '../main/cache/cache.database';
import { openDeskCacheWith } from '../main/cache/desk-cache';
import { ScheduleCache } from '../main/cache/schedule.cache';
import type { SyncChange } from '../main/cache/schedule.cache';
import { Desk } from '../main/desk/desk';
import { DeskStore } from '../main/desk/desk-store';
import type { PullPage } from '../main/sync/sync-puller';
import { DEFAULT_PAGE_SIZE } from '../main/sync/sync-puller';

const DESK_PAGE = DEFAULT_PAGE_SIZE;
const BREAKDOWN_RUNS = 3;

/** One end-to-end run of the desk side. */
export interface EndToEnd {
  rows: number;
  ms: number;
  peakRssMb: number;
}

/** The desk side's breakdown: best-of times on the same fetched rows. */
export interface Breakdown {
  applyMs: number;
  rawMs: number;
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

if (process.env.INITIAL_SYNC_DESK === 'e2e') await deskEndToEnd();
else if (process.env.INITIAL_SYNC_DESK === 'breakdown') await deskBreakdown();
