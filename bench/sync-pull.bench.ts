/**
 * sync-pull: the full snapshot of a tenant with 100,000 bookings (in the working window) and 20,000
 * customers, served over HTTP to one client paging `POST /v1/sync/pull` (limit 5000) until `hasMore`
 * is false; timed end to end (requests, JSON parsing in the client included).
 * The fixture is bulk-inserted with batched multi-row INSERTs (not through the API).
 *
 * Baseline, same run and database: the same rows read through the driver with one SELECT per table
 * (bookings of the window, customers), no HTTP, no mapping.
 * Prints a PostgreSQL line first (`sync-pull postgresql ...`), then the BENCH line for SQLite.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Sqlite from 'better-sqlite3';
import pg from 'pg';
import type { ServerConfig } from '../server/config';
import { startBenchApi } from './bench-api';
import { startEmbeddedPostgres } from './embedded-postgres';
import { printBench } from './report';

const BOOKINGS = 100_000;
const CUSTOMERS = 20_000;
const STAFF = 50;
const PAGE = 5000;
const SLOT_MS = 30 * 60_000;
const DAY_MS = 86_400_000;
const ROWS_PER_INSERT = 500;

interface Api {
  url: string;
  token: string;
  tenantId: string;
  locationId: string;
  serviceId: string;
  staffIds: string[];
  close(): Promise<void>;
}

async function startApi(dataDir: string, database: ServerConfig['database']): Promise<Api> {
  const { app, url, ids, token, post } = await startBenchApi(dataDir, database, 'Europe/London');
  const allDay = Object.fromEntries(
    ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]]),
  );
  const serviceId = await post('/v1/services', {
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
      await post('/v1/staff', {
        name: `Stylist ${i}`,
        locationId: ids.locationId,
        color: '#336699',
        serviceIds: [serviceId],
        weeklyHours: allDay,
      }),
    );
  }
  return {
    url,
    token,
    tenantId: ids.tenantId,
    locationId: ids.locationId,
    serviceId,
    staffIds,
    close: () => app.close(),
  };
}

/** Rows of the fixture: customers, and bookings of STAFF staff in consecutive slots from 25 days ago. */
function fixture(api: Api) {
  const now = new Date();
  const customers = Array.from({ length: CUSTOMERS }, (_, i) => [
    randomUUID(),
    `Customer ${i}`,
    `+44 20 ${String(i).padStart(7, '0')}`,
    `customer${i}@example.com`,
  ]);
  const from = Math.floor((Date.now() - 25 * DAY_MS) / SLOT_MS) * SLOT_MS;
  const bookings = Array.from({ length: BOOKINGS }, (_, i) => {
    const start = from + Math.floor(i / STAFF) * SLOT_MS;
    return {
      id: randomUUID(),
      staffId: api.staffIds[i % STAFF]!,
      customerId: i % 5 === 0 ? null : customers[i % CUSTOMERS]![0]!,
      start: new Date(start),
      end: new Date(start + SLOT_MS),
    };
  });
  return { now, customers, bookings };
}

/** Multi-row VALUES lists of ROWS_PER_INSERT rows each, with their parameters. */
function* batches(
  rows: unknown[][],
  placeholder: (n: number) => string,
): Generator<{ values: string; parameters: unknown[] }> {
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    const batch = rows.slice(i, i + ROWS_PER_INSERT);
    let n = 0;
    const values = batch.map((row) => `(${row.map(() => placeholder(++n)).join(', ')})`).join(', ');
    yield { values, parameters: batch.flat() };
  }
}

const CUSTOMER_INSERT =
  'INSERT INTO customers (tenant_id, id, name, phone, email, notes, created_at) VALUES ';
const BOOKING_INSERT = `INSERT INTO bookings (tenant_id, id, location_id, service_id, staff_id, customer_id, start_at, end_at,
  busy_from, busy_to, status, source, fields, notes, created_at, updated_at) VALUES `;

/** The client: pages through the snapshot over HTTP; returns how many changes it received. */
async function pullSnapshot(api: Api): Promise<number> {
  let cursor: string | undefined;
  let received = 0;
  for (;;) {
    const response = await fetch(`${api.url}/v1/sync/pull`, {
      method: 'POST',
      headers: { authorization: `Bearer ${api.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...(cursor ? { cursor } : {}), limit: PAGE }),
    });
    if (response.status !== 200) throw new Error(`pull: ${response.status} ${await response.text()}`);
    const page = (await response.json()) as { cursor: string; hasMore: boolean; changes: unknown[] };
    received += page.changes.length;
    cursor = page.cursor;
    if (!page.hasMore) return received;
  }
}

async function timed<T>(fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

/** Best of `runs` (after one warm-up), so a GC pause or a cold cache does not decide the figure. */
async function best<T>(runs: number, fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  await fn();
  let result = await timed(fn);
  for (let i = 1; i < runs; i++) {
    const next = await timed(fn);
    if (next.ms < result.ms) result = next;
  }
  return result;
}

function checkCount(received: number): void {
  const expected = BOOKINGS + CUSTOMERS + STAFF + 2; // + the location and the service
  if (received < expected) throw new Error(`snapshot had ${received} changes, expected at least ${expected}`);
}

async function sqliteRound(root: string): Promise<{ ms: number; base: number }> {
  const dir = join(root, 'sqlite');
  const file = join(dir, 'bookdesk.sqlite');
  const api = await startApi(dir, { store: 'sqlite', url: file });
  try {
    const db = new Sqlite(file);
    db.pragma('busy_timeout = 5000');
    const text = (d: Date) => d.toISOString().replace('T', ' ').replace('Z', '');
    const { now, customers, bookings } = fixture(api);
    const customerRows = customers.map((c) => [api.tenantId, ...c, null, text(now)]);
    const bookingRows = bookings.map((b) => [
      api.tenantId,
      b.id,
      api.locationId,
      api.serviceId,
      b.staffId,
      b.customerId,
      text(b.start),
      text(b.end),
      text(b.start),
      text(b.end),
      'booked',
      'online',
      null,
      null,
      text(now),
      text(now),
    ]);
    db.transaction(() => {
      for (const { values, parameters } of batches(customerRows, () => '?')) {
        db.prepare(CUSTOMER_INSERT + values).run(parameters);
      }
      for (const { values, parameters } of batches(bookingRows, () => '?')) {
        db.prepare(BOOKING_INSERT + values).run(parameters);
      }
    })();
    const from = text(new Date(Date.now() - 30 * DAY_MS));
    const to = text(new Date(Date.now() + 90 * DAY_MS));
    const baseline = await best(3, () => {
      const b = db
        .prepare(`SELECT * FROM bookings WHERE tenant_id = ? AND start_at >= ? AND start_at < ?`)
        .all(api.tenantId, from, to);
      const c = db.prepare(`SELECT * FROM customers WHERE tenant_id = ?`).all(api.tenantId);
      return b.length + c.length;
    });
    const served = await best(3, () => pullSnapshot(api));
    checkCount(served.value);
    db.close();
    return { ms: served.ms, base: baseline.ms };
  } finally {
    await api.close();
  }
}

async function postgresRound(root: string): Promise<{ ms: number; base: number }> {
  const cluster = await startEmbeddedPostgres(root);
  try {
    const api = await startApi(join(root, 'pg-data'), {
      store: 'postgres',
      url: cluster.appUrl,
      ownerUrl: cluster.ownerUrl,
    });
    const pool = new pg.Pool({
      connectionString: cluster.appUrl,
      max: 2,
      options: `-c app.tenant_id=${api.tenantId}`,
    });
    try {
      const { now, customers, bookings } = fixture(api);
      const customerRows = customers.map((c) => [api.tenantId, ...c, null, now]);
      const bookingRows = bookings.map((b) => [
        api.tenantId,
        b.id,
        api.locationId,
        api.serviceId,
        b.staffId,
        b.customerId,
        b.start,
        b.end,
        b.start,
        b.end,
        'booked',
        'online',
        null,
        null,
        now,
        now,
      ]);
      for (const { values, parameters } of batches(customerRows, (n) => `$${n}`)) {
        await pool.query(CUSTOMER_INSERT + values, parameters);
      }
      for (const { values, parameters } of batches(bookingRows, (n) => `$${n}`)) {
        await pool.query(BOOKING_INSERT + values, parameters);
      }
      // Statistics as autovacuum would have them after a bulk load (ANALYZE needs the table owner).
      const owner = new pg.Client({ connectionString: cluster.ownerUrl });
      await owner.connect();
      await owner.query('ANALYZE bookings, customers, sync_changes');
      await owner.end();
      const from = new Date(Date.now() - 30 * DAY_MS);
      const to = new Date(Date.now() + 90 * DAY_MS);
      const baseline = await best(3, async () => {
        const b = await pool.query(
          `SELECT * FROM bookings WHERE tenant_id = $1 AND start_at >= $2 AND start_at < $3`,
          [api.tenantId, from, to],
        );
        const c = await pool.query(`SELECT * FROM customers WHERE tenant_id = $1`, [api.tenantId]);
        return b.rowCount! + c.rowCount!;
      });
      const served = await best(3, () => pullSnapshot(api));
      checkCount(served.value);
      return { ms: served.ms, base: baseline.ms };
    } finally {
      await pool.end();
      await api.close();
    }
  } finally {
    await cluster.stop();
  }
}

export async function run(): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'bookdesk-bench-sync-pull-'));
  try {
    if (process.env.SYNC_PULL_SKIP_POSTGRES !== '1') {
      const postgres = await postgresRound(root);
      console.log(
        `sync-pull postgresql ${postgres.ms.toFixed(0)} ms baseline=${postgres.base.toFixed(0)} ratio=${(postgres.ms / postgres.base).toFixed(2)}`,
      );
    }
    const sqlite = await sqliteRound(root);
    printBench('sync-pull', sqlite.ms, 'ms', sqlite.base);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
