/**
 * booking-write: bookings created per second through `POST /v1/bookings` with 32 concurrent
 * keep-alive clients on loopback (the API listening in this process, the load in a worker thread).
 * Each client books its own staff member's consecutive 15-minute slots, so every request succeeds
 * and every request does the full work: bearer lookup, validation, the write lock (SQLite) or
 * per-staff advisory lock (PostgreSQL), core's conflict check over bookings, busy blocks, time off
 * and working hours, the INSERT (under PostgreSQL's exclusion constraint) and the response. On
 * PostgreSQL, after a staff member's first booking, that is the cached create (one round trip,
 * server/db/README.md): core checks notice, advance and working hours against the configuration the
 * instance read before, and the INSERT runs only if, under the staff member's lock, that
 * configuration is still current and the held-time read finds no booking, time off or busy block.
 *
 * Baseline, in the same run and on the same database: the same booking INSERTs issued directly
 * through the driver (better-sqlite3 one statement per commit; pg with the API's pool size and 32
 * concurrent loops), without HTTP, validation or conflict check.
 * Prints the PostgreSQL line first, then `BENCH booking-write <n> bookings/s baseline=<n> ratio=<r>` for SQLite.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import Sqlite from 'better-sqlite3';
import pg from 'pg';
import type { ServerConfig } from '../server/config';
import { startEmbeddedPostgres } from './embedded-postgres';
import { startBenchApi } from './bench-api';
import { printBench } from './report';

const CLIENTS = 32;
/**
 * Before counting, each round runs this long: a fresh API process takes about 2.5 s to reach its
 * steady rate (measured per half second on PostgreSQL: 700/s at first, ~2,600/s after 2.5 s; a
 * second measurement in the same process starts at that rate), which a 1 s warm-up left inside the
 * 4 s measurement. The driver baseline gets the same warm-up.
 */
const WARMUP_MS = 3000;
const MEASURE_MS = 4000;
const SLOT_MS = 15 * 60_000;
/** API bookings start here (within the service's 730-day advance); baseline rows a year later. */
const API_FROM = Date.parse('2027-01-04T00:00:00Z');
const BASELINE_FROM = Date.parse('2028-01-03T00:00:00Z');

/** The load: CLIENTS loops, each POSTing its staff member's next slot, counting 201s after the warm-up. */
const LOAD = `
const { workerData, parentPort } = require('node:worker_threads');
const http = require('node:http');
const { url, token, serviceId, staffIds, from, slotMs, warmupMs, measureMs } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: staffIds.length });
const target = new URL(url);
let counting = false, ok = 0, failed = 0, stop = false, firstFailure = '';
function book(staffId, k) {
  const body = JSON.stringify({ serviceId, staffId, start: new Date(from + k * slotMs).toISOString(), source: 'online' });
  return new Promise((resolve) => {
    const req = http.request({ host: target.hostname, port: target.port, path: '/v1/bookings', method: 'POST', agent,
      headers: { authorization: 'Bearer ' + token, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      let text = '';
      res.on('data', (c) => { text += c; });
      res.on('end', () => {
        if (res.statusCode === 201) { if (counting) ok++; }
        else { failed++; if (!firstFailure) firstFailure = res.statusCode + ' ' + text.slice(0, 300); }
        resolve();
      });
    });
    req.on('error', (e) => { failed++; if (!firstFailure) firstFailure = String(e); resolve(); });
    req.end(body);
  });
}
async function loop(staffId) { for (let k = 0; !stop; k++) await book(staffId, k); }
const loops = staffIds.map(loop);
setTimeout(() => { counting = true; }, warmupMs);
setTimeout(async () => { stop = true; await Promise.all(loops); agent.destroy();
  parentPort.postMessage({ ok, failed, firstFailure }); }, warmupMs + measureMs);
`;

/** A business with one open-all-day UTC location, one 15-minute service and CLIENTS staff who perform it. */
async function startApi(dataDir: string, database: ServerConfig['database']) {
  const { app, url: address, ids, token, post } = await startBenchApi(dataDir, database, 'UTC');
  const allDay = Object.fromEntries(
    ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]]),
  );
  const locationId = await post('/v1/locations', { name: 'Bench', timeZone: 'UTC', openingHours: allDay });
  const serviceId = await post('/v1/services', {
    name: 'Quick trim',
    durationMinutes: 15,
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 0,
    minNoticeMinutes: 0,
    maxAdvanceDays: 730,
  });
  const staffIds: string[] = [];
  for (let i = 0; i < CLIENTS; i++) {
    staffIds.push(
      await post('/v1/staff', {
        name: `Stylist ${i}`,
        locationId,
        color: '#336699',
        serviceIds: [serviceId],
        weeklyHours: allDay,
      }),
    );
  }
  return {
    url: address,
    token,
    tenantId: ids.tenantId,
    locationId,
    serviceId,
    staffIds,
    close: () => app.close(),
  };
}

type Api = Awaited<ReturnType<typeof startApi>>;

async function measureApi(api: Api): Promise<number> {
  const result = await new Promise<{ ok: number; failed: number; firstFailure: string }>(
    (resolve, reject) => {
      const worker = new Worker(LOAD, {
        eval: true,
        workerData: {
          url: api.url,
          token: api.token,
          serviceId: api.serviceId,
          staffIds: api.staffIds,
          from: API_FROM,
          slotMs: SLOT_MS,
          warmupMs: WARMUP_MS,
          measureMs: MEASURE_MS,
        },
      });
      worker.once('message', resolve);
      worker.once('error', reject);
    },
  );
  if (result.failed > 0) throw new Error(`${result.failed} bookings failed, first: ${result.firstFailure}`);
  return result.ok / (MEASURE_MS / 1000);
}

/** The columns of one booking row, as the API writes them. */
function bookingValues(api: Api, staffIndex: number, k: number): unknown[] {
  const start = BASELINE_FROM + k * SLOT_MS;
  const now = new Date().toISOString();
  return [
    api.tenantId,
    randomUUID(),
    api.locationId,
    api.serviceId,
    api.staffIds[staffIndex],
    start,
    start + SLOT_MS,
    now,
  ];
}
const INSERT_COLUMNS = `tenant_id, id, location_id, service_id, staff_id, customer_id, start_at, end_at, busy_from, busy_to,
  status, source, fields, notes, created_at, updated_at`;

function sqliteBaseline(file: string, api: Api): number {
  const db = new Sqlite(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  const text = (ms: number | string) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
  const insert = db.prepare(
    `INSERT INTO bookings (${INSERT_COLUMNS}) VALUES (?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, 'booked', 'online', NULL, NULL, ?, ?)`,
  );
  const once = (k: number) => {
    const [tenant, id, location, service, staff, start, end, now] = bookingValues(
      api,
      k % CLIENTS,
      Math.floor(k / CLIENTS),
    ) as [string, string, string, string, string, number, number, string];
    insert.run(
      tenant,
      id,
      location,
      service,
      staff,
      text(start),
      text(end),
      text(start),
      text(end),
      text(now),
      text(now),
    );
  };
  let k = 0;
  const warmEnd = performance.now() + WARMUP_MS;
  while (performance.now() < warmEnd) once(k++);
  const t0 = performance.now();
  let n = 0;
  while (performance.now() - t0 < MEASURE_MS) {
    once(k++);
    n++;
  }
  const rate = n / ((performance.now() - t0) / 1000);
  db.close();
  return rate;
}

async function postgresBaseline(appUrl: string, api: Api): Promise<number> {
  // The API's pool size; the tenant context set once per connection (RLS applies as for the API).
  const pool = new pg.Pool({
    connectionString: appUrl,
    max: 10,
    options: `-c app.tenant_id=${api.tenantId}`,
  });
  const insert = `INSERT INTO bookings (${INSERT_COLUMNS})
    VALUES ($1, $2, $3, $4, $5, NULL, $6, $7, $6, $7, 'booked', 'online', NULL, NULL, $8, $8)`;
  let counting = false;
  let stop = false;
  let n = 0;
  let failure: unknown = null;
  // pool.end() resolves before the sockets close, so stopping the cluster right after can still reach
  // an idle client; such an error after the measurement is harmless, one during it is a failure.
  pool.on('error', (error) => {
    if (!stop) failure = error;
  });
  const loop = async (client: number) => {
    for (let k = 0; !stop && failure === null; k++) {
      const [tenant, id, location, service, staff, start, end, now] = bookingValues(api, client, k);
      try {
        await pool.query(insert, [
          tenant,
          id,
          location,
          service,
          staff,
          new Date(start as number),
          new Date(end as number),
          now,
        ]);
      } catch (error) {
        failure = error;
        return;
      }
      if (counting) n++;
    }
  };
  try {
    const loops = Array.from({ length: CLIENTS }, (_, c) => loop(c));
    await new Promise((resolve) => setTimeout(resolve, WARMUP_MS));
    counting = true;
    const t0 = performance.now();
    await new Promise((resolve) => setTimeout(resolve, MEASURE_MS));
    stop = true;
    const elapsed = (performance.now() - t0) / 1000;
    await Promise.all(loops);
    if (failure !== null) throw failure;
    return n / elapsed;
  } finally {
    await pool.end();
  }
}

async function postgresRound(root: string): Promise<{ api: number; base: number }> {
  const cluster = await startEmbeddedPostgres(root);
  try {
    // A failure below must be reported before the cluster stops and kills the pools' idle connections.
    const api = await startApi(join(root, 'pg-data'), {
      store: 'postgres',
      url: cluster.appUrl,
      ownerUrl: cluster.ownerUrl,
    });
    try {
      return { api: await measureApi(api), base: await postgresBaseline(cluster.appUrl, api) };
    } finally {
      await api.close();
    }
  } catch (error) {
    console.error('booking-write postgresql failed:', error);
    throw error;
  } finally {
    await cluster.stop();
  }
}

async function sqliteRound(root: string): Promise<{ api: number; base: number }> {
  const dir = join(root, 'sqlite');
  const file = join(dir, 'bookdesk.sqlite');
  const api = await startApi(dir, { store: 'sqlite', url: file });
  try {
    const rate = await measureApi(api);
    return { api: rate, base: sqliteBaseline(file, api) };
  } finally {
    await api.close();
  }
}

export async function run(): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'bookdesk-bench-booking-'));
  try {
    const postgres = await postgresRound(root);
    console.log(
      `booking-write postgresql ${postgres.api.toFixed(0)} bookings/s baseline=${postgres.base.toFixed(0)} ` +
        `ratio=${(postgres.api / postgres.base).toFixed(3)}`,
    );
    const sqlite = await sqliteRound(root);
    printBench('booking-write', sqlite.api, 'bookings/s', sqlite.base);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
