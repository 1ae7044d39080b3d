/**
 * initial-sync: a desk's first sync of a tenant with 100,000 bookings, 20,000 customers, 50 staff, a
 * service and a location, from the API on loopback (SQLite) into an empty cache file, through the real
 * engine: a Desk started over the cache pulls the snapshot page by page (SyncPuller, its page size)
 * and stores each page through DeskStore.applyPull (rows sealed, rebase bookkeeping, cursor in the same
 * transaction). Timed from `desk.start()` until the desk reports its first completed sync; best of
 * INITIAL_SYNC_E2E_RUNS (3), each in a child process of its own (bench/initial-sync.desk.ts,
 * INITIAL_SYNC_DESK=e2e, which loads the desk's code only) over a new cache, so the peak RSS is the desk's alone, not the API's (the
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
import { startBenchApi } from './bench-api';
import type { Breakdown, EndToEnd } from './initial-sync.desk';
import { printBench } from './report';

const BOOKINGS = 100_000;
const CUSTOMERS = 20_000;
const STAFF = 50;
const SLOT_MS = 30 * 60_000;
const DAY_MS = 86_400_000;
const ROWS_PER_INSERT = 500;
/** The page size the desk's SyncPuller asks for (its default), for the breakdown's fetch-only pass. */
const GOAL_MS = 4000;
const GOAL_RSS_MB = 250;
const E2E_RUNS = Number(process.env.INITIAL_SYNC_E2E_RUNS ?? 3);

const here = dirname(fileURLToPath(import.meta.url));

export async function run(): Promise<void> {
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

/** Runs the desk side in a child process, echoing its lines; resolves with its RESULT. */
function runDesk<T>(env: Record<string, string>): Promise<T> {
  return new Promise((resolve, reject) => {
    // INITIAL_SYNC_NODE_ARGS: extra node flags for the desk side, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`.
    const nodeArgs = process.env.INITIAL_SYNC_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
    const child = spawn(
      process.execPath,
      // The desk side's own entry: it loads the desk's code only (not the API's), like the app's main.
      [...nodeArgs, '--import', 'tsx', join(here, 'initial-sync.desk.ts')],
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
