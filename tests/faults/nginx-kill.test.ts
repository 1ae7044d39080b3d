/**
 * Issue 14 §5, `kill -9` of one of two API instances behind nginx (Debian's nginx, run by this test
 * as a child process on 127.0.0.1 with a temporary config) during a booking load on PostgreSQL:
 * every booking that got a 201 is stored, a client retrying with the same id gets it once (a later
 * answer is 409 /already-exists, never a second booking), no staff member is double-booked, and the
 * desks' event streams, cut with the killed instance, reconnect through nginx to the other one.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Booking } from '../../core/domain/schemas';
import { buildApp } from '../../server/app';
import type { ServerConfig } from '../../server/config';
import { openPlatform } from '../../server/platform';
import { eventually, openTestDesk } from '../desk/desk.fixtures';
import type { TestDesk } from '../desk/desk.fixtures';
import { EVERY_DAY, expectCall, seedShop } from '../frontdesk/front-desk.fixtures';
import type { ShopIds } from '../frontdesk/front-desk.fixtures';
import { seedTenant, testConfig } from '../support/api';
import type { SeededTenant, TestApp } from '../support/api';
import { createTestDatabase } from '../support/db';
import type { TestDatabase } from '../support/db';
import { freePort, startApiProcess, waitFor } from './fault-support';
import type { ApiProcess } from './fault-support';

const NGINX = '/usr/sbin/nginx';
const ALL_DAY: [string, string][] = [['00:00', '23:59']];

/** nginx in front of `ports`, on 127.0.0.1:`listen`; its files in `dir`. */
function startNginx(dir: string, listen: number, ports: number[]): ChildProcess {
  const conf = join(dir, 'nginx.conf');
  writeFileSync(
    conf,
    `daemon off;
master_process off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 512; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  upstream api {
    ${ports.map((p) => `server 127.0.0.1:${p} max_fails=1 fail_timeout=30s;`).join('\n    ')}
    keepalive 16;
  }
  server {
    listen 127.0.0.1:${listen};
    location / {
      proxy_pass http://api;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host 127.0.0.1:${listen};
      proxy_buffering off;
      proxy_read_timeout 120s;
      proxy_connect_timeout 2s;
      # Only idempotent requests move to the other instance by themselves; a POST whose instance
      # died is a 502 and the client retries it with the same id.
      proxy_next_upstream error timeout;
    }
  }
}
`,
  );
  return spawn(NGINX, ['-p', dir, '-c', conf, '-e', `${dir}/error.log`], { stdio: 'ignore' });
}

/** How many `GET /v1/sync/events` an instance has received (its request log). */
const streamsOpened = (api: ApiProcess) =>
  api
    .output()
    .stdout.split('\n')
    .filter((line) => line.includes('incoming request') && line.includes('/v1/sync/events')).length;

type Outcome = 'created' | 'slot-taken' | 'failed';

// Never skipped: without nginx it fails and says what to install (.ci/run installs it).
describe('kill -9 of one of two API instances behind nginx', () => {
  let db: TestDatabase;
  let dir: string;
  let owner: SeededTenant;
  let shop: ShopIds;
  const apis: ApiProcess[] = [];
  let nginx: ChildProcess | undefined;
  let url: string;
  const desks: TestDesk[] = [];

  beforeAll(async () => {
    if (!existsSync(NGINX)) throw new Error(`${NGINX} is missing: apt-get install nginx (.ci/run does)`);
    db = await createTestDatabase('postgres');
    dir = mkdtempSync(join(tmpdir(), 'bookdesk-nginx-'));
    const masterKeys = `k1:${randomBytes(32).toString('base64')}`;
    const config: ServerConfig = { ...testConfig(db), masterKeys };
    const platform = await openPlatform(config);
    const app = await buildApp(config, {
      platform,
      auditRetention: false,
      tenantPurge: false,
      calendarSync: false,
      housekeeping: false,
    });
    try {
      owner = await seedTenant(platform, { timeZone: 'Europe/London' });
      const t = {
        call: ({ token, headers, ...options }) =>
          app.inject({ ...options, headers: { ...headers, authorization: `Bearer ${token}` } }),
      } as TestApp;
      shop = await seedShop(t, owner.token, { staffCount: 2, hours: ALL_DAY, durationMinutes: 30 });
      await expectCall(t, owner.token, 'PATCH', `/v1/locations/${shop.locationId}`, 200, {
        openingHours: EVERY_DAY(ALL_DAY),
      });
    } finally {
      await app.close();
    }
    for (const name of ['a', 'b']) {
      const dataDir = join(dir, name);
      apis.push(
        startApiProcess({
          BOOKDESK_DATA_DIR: dataDir,
          DATABASE_URL: db.config.url,
          DATABASE_OWNER_URL: db.config.ownerUrl!,
          BOOKDESK_MASTER_KEYS: masterKeys,
          RATE_LIMIT_PER_MINUTE: '100000',
          // Request logs say which instance serves each desk's event stream.
          LOG_LEVEL: 'info',
        }),
      );
    }
    const ports = (await Promise.all(apis.map((a) => a.listening))).map((u) => Number(new URL(u).port));
    const listen = await freePort();
    nginx = startNginx(dir, listen, ports);
    url = `http://127.0.0.1:${listen}`;
    await waitFor(async () => (await fetch(`${url}/readyz`).catch(() => null))?.status === 200, 10_000, 50);
  }, 60_000);

  afterAll(async () => {
    for (const d of desks) await d.close().catch(() => undefined);
    if (nginx && nginx.exitCode === null) {
      const exited = new Promise((resolve) => nginx!.once('exit', resolve));
      nginx.kill('SIGQUIT');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 3_000))]);
      if (nginx.exitCode === null) nginx.kill('SIGKILL');
    }
    for (const a of apis) await a.kill();
    await db?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps every 201, books each id once, never double-books, and the desks reconnect to the survivor', async () => {
    // Two desks, each on an event stream through nginx (round robin: one per instance).
    desks.push(openTestDesk(url, owner.token), openTestDesk(url, owner.token));
    await eventually(() => desks.every((d) => d.desk.status().connection.state === 'online'), 15_000);

    const day = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    const slots = Array.from(
      { length: 24 },
      (_, i) => new Date(Date.parse(`${day}T08:00:00Z`) + i * 1_800_000),
    );
    const outcomes = new Map<string, Outcome>();
    let answered = 0;
    /** One booking, retried with the same id until a definite answer (the client a desk's pusher is). */
    const book = async (staffId: string, start: Date): Promise<void> => {
      const id = randomUUID();
      for (let attempt = 0; attempt < 40; attempt++) {
        const response = await fetch(`${url}/v1/bookings`, {
          method: 'POST',
          headers: { authorization: `Bearer ${owner.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            id,
            serviceId: shop.serviceId,
            staffId,
            start: start.toISOString(),
            source: 'desk',
            customer: { name: `Load ${id.slice(0, 8)}` },
          }),
          signal: AbortSignal.timeout(10_000),
        }).catch(() => null);
        const body = response ? ((await response.json().catch(() => ({}))) as { type?: string }) : {};
        if (response?.status === 201) return void outcomes.set(id, 'created');
        if (response?.status === 409 && body.type?.endsWith('/already-exists')) {
          // An earlier attempt was committed although its answer was lost: it is the same booking.
          return void outcomes.set(id, 'created');
        }
        if (response?.status === 409) return void outcomes.set(id, 'slot-taken');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      outcomes.set(id, 'failed');
    };
    const clients = Array.from({ length: 6 }, async (_, c) => {
      for (let k = 0; k < 12; k++) {
        const staffId = shop.staffIds[(c + k) % 2]!;
        const start = slots[(c * 7 + k * 5) % slots.length]!;
        await book(staffId, start);
        answered++;
      }
    });
    // Mid-load, an instance serving a desk's event stream dies without a word.
    await waitFor(() => answered >= 15, 20_000);
    const victim = streamsOpened(apis[0]!) > 0 ? 0 : 1;
    const survivor = apis[1 - victim]!;
    expect(streamsOpened(apis[victim]!)).toBeGreaterThan(0);
    const survivorStreams = streamsOpened(survivor);
    apis[victim]!.child.kill('SIGKILL');
    await Promise.all(clients);

    // Every client got a definite answer; every 201 (or already-exists after a lost answer) is stored, once.
    expect([...outcomes.values()].filter((o) => o === 'failed')).toEqual([]);
    const stored = await db.superuserQuery<{ id: string; staff_id: string; start_at: Date; end_at: Date }>(
      `SELECT id, staff_id, start_at, end_at FROM bookings WHERE tenant_id = $1 AND status <> 'cancelled'`,
      [owner.tenantId],
    );
    const storedIds = new Set(stored.map((r) => r.id));
    expect(stored.length).toBe(storedIds.size);
    const created = [...outcomes].filter(([, o]) => o === 'created').map(([id]) => id);
    expect(created.filter((id) => !storedIds.has(id))).toEqual([]);
    // Nothing stored that its client was told is not booked.
    const refused = [...outcomes].filter(([, o]) => o === 'slot-taken').map(([id]) => id);
    expect(refused.filter((id) => storedIds.has(id))).toEqual([]);
    expect(storedIds.size).toBe(created.length);
    // No staff member holds two overlapping bookings.
    const overlapping = stored.filter((x) =>
      stored.some(
        (y) =>
          x.id < y.id &&
          x.staff_id === y.staff_id &&
          new Date(x.start_at) < new Date(y.end_at) &&
          new Date(y.start_at) < new Date(x.end_at),
      ),
    );
    expect(overlapping).toEqual([]);
    expect(created.length).toBeGreaterThan(5);

    // The desks' streams reconnected through nginx to the survivor: a new booking reaches both by a poke
    // (their safety pull is a minute away).
    await eventually(() => desks.every((d) => d.desk.status().connection.state === 'online'), 15_000);
    const fresh = await fetch(`${url}/v1/bookings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${owner.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        serviceId: shop.serviceId,
        staffId: shop.staffIds[0],
        start: new Date(Date.parse(`${day}T20:00:00Z`)).toISOString(),
        source: 'desk',
        customer: { name: 'After the kill' },
      }),
    });
    expect(fresh.status).toBe(201);
    const booking = (await fresh.json()) as Booking;
    await eventually(() => desks.every((d) => d.desk.cache.getBooking(booking.id)), 10_000);
    // The streams cut with the victim were opened again, on the survivor.
    expect(streamsOpened(survivor)).toBeGreaterThan(survivorStreams);
    expect(survivor.child.exitCode).toBeNull();
  }, 59_000);
});
