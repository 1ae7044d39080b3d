/**
 * load (issue 14 §7): DESKS (LOAD_DESKS, default 200) simulated front desks against two API
 * instances (child processes, `node --import tsx server/index.ts`) behind nginx, on one embedded
 * PostgreSQL, for LOAD_SECONDS (default 60) after a LOAD_WARMUP_SECONDS (default 5) warm-up that
 * is not measured.
 *
 * Each desk holds one event stream (`GET /v1/sync/events`) and writes every 2–4 s (3 s on average,
 * seeded jitter): half of the writes book a slot (`POST /v1/bookings`, 201), 30% move one of its
 * bookings (`PATCH /v1/bookings/:id`, 200), 20% are the walk-in queue (`POST /v1/walk-ins` with a
 * new customer, 201, or, when its previous party still waits, that party leaves: 200). Every desk
 * has its own credential (an access token; the API allows 5 streams per credential and 100 per
 * business on an instance) and its own staff member, so its writes do not collide with other desks'
 * (a 409 is an expected outcome, counted apart); the desks are spread over TENANTS businesses, 50
 * each, so that even one instance stays within the 100 streams per business.
 *
 * Figures, over the writes sent in the measured window:
 * - write: request sent → response received (2xx only);
 * - write-to-poke: the write's response → the first poke on the desk's own stream with a version
 *   at or above the write's (read from `sync_changes` after the response; 0 when the poke with
 *   exactly that version came before the response). Behind nginx the desk's stream and its write
 *   land on the same instance or not (round robin; nginx names the upstream in `X-Upstream`), so
 *   both the in-process poke and the NOTIFY between instances are measured, and reported apart.
 * - errors: 5xx, other unexpected statuses, network failures, timeouts (write: WRITE_TIMEOUT_MS),
 *   pokes that never came (POKE_TIMEOUT_MS), event streams refused or ended by the server.
 *
 * Baseline, same run, same database and seed: the same load against one instance without nginx
 * (run first; each setup starts fresh instances, and its desks book other slots than the other's).
 * Prints a line per setup (and one with write p95 per kind, per 10 s of the window and the
 * machine's load average: the tail follows other work on the machine), then
 * `BENCH load <p95 write ms> ms baseline=<one instance p95> ratio=<r>`.
 * Goals: p95 write < 50 ms, p95 write-to-poke < 100 ms. Exit status 1 when any error was counted.
 * Needs nginx on PATH or at /usr/sbin/nginx (NGINX=<path> overrides); run as a child, 127.0.0.1 only.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { ServerConfig } from '../server/config';
import { startBenchApi } from './bench-api';
import { freePort, startEmbeddedPostgres } from './embedded-postgres';
import { median, percentile, printBench } from './report';
import { seededRandom } from './seeded-random';

const DESKS = Math.round(positiveNumber('LOAD_DESKS', 200));
/** Desks per business: half the API's 100 streams per business and instance. */
const DESKS_PER_TENANT = 50;
const TENANTS = Math.ceil(DESKS / DESKS_PER_TENANT);
const SECONDS = positiveNumber('LOAD_SECONDS', 60);
const WARMUP_SECONDS = positiveNumber('LOAD_WARMUP_SECONDS', 5);
/** A desk's writes are this far apart on average (uniformly 2/3 to 4/3 of it). */
const WRITE_INTERVAL_MS = 3000;
const WRITE_TIMEOUT_MS = 10_000;
const POKE_TIMEOUT_MS = 10_000;
const GOAL_WRITE_P95_MS = 50;
const GOAL_POKE_P95_MS = 100;
const SLOT_MS = 15 * 60_000;
/** Bookings go to random 15-minute slots of the 365 days from the day after tomorrow (UTC). */
const SLOTS = 365 * 96;
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

function positiveNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Tenant {
  tenantId: string;
  locationId: string;
  serviceId: string;
}

interface DeskSeed {
  index: number;
  tenant: Tenant;
  staffId: string;
  token: string;
}

async function postAs(url: string, token: string, path: string, body: unknown): Promise<string> {
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status !== 201) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}

/**
 * TENANTS businesses (one open-all-day UTC location, one 15-minute service), DESKS staff members
 * and DESKS desk credentials (owner access tokens, one per desk), seeded through an in-process API
 * on `dataDir` (which also creates the master key file the instances then share).
 */
async function seed(dataDir: string, database: ServerConfig['database']): Promise<DeskSeed[]> {
  const api = await startBenchApi(dataDir, database, 'UTC');
  try {
    const allDay = Object.fromEntries(
      ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]]),
    );
    const desks: DeskSeed[] = [];
    for (let t = 0; t < TENANTS; t++) {
      let ids = api.ids;
      let ownerToken = api.token;
      if (t > 0) {
        ids = await api.platform.signup.signup({
          business: { name: `Load Salon ${t}`, timeZone: 'UTC' },
          owner: {
            name: `Load Owner ${t}`,
            email: `load-${t}-${randomUUID().slice(0, 8)}@example.com`,
            password: 'a long bench passphrase for me',
          },
        });
        ownerToken = await issueToken(api.platform, ids, 'load-seed');
      }
      const post = (path: string, body: unknown) => postAs(api.url, ownerToken, path, body);
      const locationId = await post('/v1/locations', { name: 'Load', timeZone: 'UTC', openingHours: allDay });
      const serviceId = await post('/v1/services', {
        name: 'Trim',
        durationMinutes: 15,
        bufferBeforeMinutes: 0,
        bufferAfterMinutes: 0,
        minNoticeMinutes: 0,
        maxAdvanceDays: 730,
      });
      const tenant = { tenantId: ids.tenantId, locationId, serviceId };
      for (let i = 0; i < DESKS_PER_TENANT && desks.length < DESKS; i++) {
        const index = desks.length;
        const staffId = await post('/v1/staff', {
          name: `Stylist ${index}`,
          locationId,
          color: '#336699',
          serviceIds: [serviceId],
          weeklyHours: allDay,
        });
        desks.push({ index, tenant, staffId, token: await issueToken(api.platform, ids, `desk-${index}`) });
      }
    }
    return desks;
  } finally {
    await api.app.close();
  }
}

type BenchPlatform = Awaited<ReturnType<typeof startBenchApi>>['platform'];

async function issueToken(
  platform: BenchPlatform,
  ids: { tenantId: string; userId: string },
  clientId: string,
): Promise<string> {
  const { secret } = await platform.scopes
    .forTenant(ids.tenantId)
    .transaction((tx) =>
      platform.tokens.issueAccessToken(tx, { userId: ids.userId, clientId, ttlSeconds: 6 * 3600 }),
    );
  return secret;
}

interface Child {
  url: string;
  /** Lines the process wrote at level warn or above (pino JSON) or that were not JSON. */
  complaints(): string[];
  stop(): Promise<void>;
}

function trackChild(child: ChildProcess, what: string) {
  const lines: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const collect = (chunk: Buffer) => {
    for (const line of String(chunk).split('\n')) if (line.trim()) lines.push(line);
    if (lines.length > 2000) lines.splice(0, lines.length - 2000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  return {
    lines,
    exited,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    },
    describe: () => `${what}: ${lines.slice(-15).join('\n')}`,
  };
}

/** `npm run server` as a child process on a free port of 127.0.0.1, on the shared database and data dir. */
async function startInstance(dataDir: string, database: ServerConfig['database']): Promise<Child> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      HOST: '127.0.0.1',
      PORT: '0',
      DATABASE_URL: database.url,
      DATABASE_OWNER_URL: database.ownerUrl ?? '',
      BOOKDESK_DATA_DIR: dataDir,
      BACKUP_INTERVAL_MINUTES: '0',
      LOG_LEVEL: 'warn',
      // All desks come from 127.0.0.1; the per-address limit is not what this measures.
      RATE_LIMIT_PER_MINUTE: '1000000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tracked = trackChild(child, 'API instance');
  const url = await new Promise<string>((resolve, reject) => {
    const onData = () => {
      const match = /listening on (\S+)/.exec(tracked.lines.join('\n'));
      if (match) {
        child.stdout?.off('data', onData);
        resolve(match[1]!);
      }
    };
    child.stdout?.on('data', onData);
    void tracked.exited.then((code) => reject(new Error(`exited ${code}: ${tracked.describe()}`)));
  });
  return {
    url,
    complaints: () =>
      tracked.lines.filter((line) => !/listening on/.test(line) && !/"level":(?:10|20|30)\b/.test(line)),
    stop: () => tracked.stop(),
  };
}

function nginxBinary(): string {
  if (process.env.NGINX) return process.env.NGINX;
  return existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : 'nginx';
}

/**
 * nginx as a child process (its own prefix, config and logs in `dir`; never the system service),
 * on a free port of 127.0.0.1, round robin over `upstreams` with SSE-friendly settings: no response
 * buffering, a read timeout far above the 15 s heartbeat, HTTP/1.1 keep-alive to the upstreams.
 */
async function startNginx(dir: string, upstreams: string[]): Promise<Child> {
  await mkdir(join(dir, 'tmp'), { recursive: true });
  const port = await freePort();
  const conf = `
worker_processes 2;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${join(dir, 'tmp', 'body')};
  proxy_temp_path ${join(dir, 'tmp', 'proxy')};
  fastcgi_temp_path ${join(dir, 'tmp', 'fastcgi')};
  uwsgi_temp_path ${join(dir, 'tmp', 'uwsgi')};
  scgi_temp_path ${join(dir, 'tmp', 'scgi')};
  upstream bookdesk {
${upstreams.map((u) => `    server ${new URL(u).host};`).join('\n')}
    keepalive 64;
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://bookdesk;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_buffering off;
      proxy_cache off;
      proxy_read_timeout 1h;
      proxy_send_timeout 1h;
      add_header X-Upstream $upstream_addr always;
    }
  }
}
`;
  const confFile = join(dir, 'nginx.conf');
  await writeFile(confFile, conf);
  const child = spawn(
    nginxBinary(),
    ['-p', dir, '-e', join(dir, 'error.log'), '-c', confFile, '-g', 'daemon off;'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const tracked = trackChild(child, 'nginx');
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited ${child.exitCode}: ${tracked.describe()}`);
    try {
      if ((await fetch(`${url}/readyz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (performance.now() - started > 10_000) throw new Error(`nginx did not answer: ${tracked.describe()}`);
    await sleep(50);
  }
  return { url, complaints: () => tracked.lines, stop: () => tracked.stop('SIGQUIT') };
}

/** What one setup's run counted and measured. */
class Tally {
  writes = { booking: 0, move: 0, walkIn: 0 };
  conflicts = 0;
  errors = new Map<string, number>();
  firstErrors: string[] = [];
  write: number[] = [];
  writeBy: Record<Kind, number[]> = { booking: [], move: [], walkIn: [] };
  /** Write latencies by the second of the measured window they were sent in. */
  writeBySecond: number[][] = [];
  /** The machine's 1-minute load average when the setup's load began (other work on it counts). */
  loadAverage = 0;
  poke: number[] = [];
  pokeSame: number[] = [];
  pokeOther: number[] = [];
  pokeFirst = 0;

  error(kind: string, detail: string): void {
    this.errors.set(kind, (this.errors.get(kind) ?? 0) + 1);
    if (this.firstErrors.length < 5) this.firstErrors.push(`${kind}: ${detail.slice(0, 300)}`);
  }

  get errorCount(): number {
    let n = 0;
    for (const count of this.errors.values()) n += count;
    return n;
  }
}

interface Response {
  status: number;
  text: string;
  upstream: string | undefined;
}

/** One simulated desk: its stream, its keep-alive connection for writes, its own bookings and walk-in. */
class Desk {
  readonly #agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  readonly #random: () => number;
  /** Pokes heard in the last few seconds, oldest first. */
  #pokes: { version: number; at: number }[] = [];
  #waiters: { version: number; after: number; resolve: (at: number) => void }[] = [];
  #stream: http.ClientRequest | null = null;
  #streamUpstream: string | undefined;
  #closing = false;
  readonly bookings: string[] = [];
  waitingWalkIn: string | null = null;

  constructor(
    readonly seed: DeskSeed,
    readonly url: string,
    salt: number,
    readonly tally: () => Tally,
  ) {
    this.#random = seededRandom(0x10ad0000 + salt * 0x10000 + seed.index);
  }

  random(): number {
    return this.#random();
  }

  get streamUpstream(): string | undefined {
    return this.#streamUpstream;
  }

  /** Opens the event stream; resolves at `: connected`. A stream that ends while the desk runs is an error and reopens. */
  open(): Promise<void> {
    this.#closing = false;
    return new Promise((resolve, reject) => {
      let connected = false;
      const request = http.get(`${this.url}/v1/sync/events`, {
        agent: false,
        headers: { authorization: `Bearer ${this.seed.token}` },
      });
      this.#stream = request;
      const ended = (why: string) => {
        if (this.#closing || this.#stream !== request) return;
        this.#stream = null;
        if (!connected) return reject(new Error(`desk ${this.seed.index} stream: ${why}`));
        this.tally().error('stream ended', `desk ${this.seed.index}: ${why}`);
        setTimeout(() => {
          if (!this.#closing)
            this.open().catch((e: unknown) => this.tally().error('stream refused', String(e)));
        }, 500);
      };
      request.on('response', (response) => {
        if (response.statusCode !== 200) {
          response.resume();
          return ended(`status ${response.statusCode}`);
        }
        this.#streamUpstream = header(response.headers['x-upstream']);
        response.setEncoding('utf8');
        let buffer = '';
        response.on('data', (chunk: string) => {
          buffer += chunk;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            if (block === ': connected') {
              connected = true;
              resolve();
            } else if (block.startsWith('event: poke\ndata: ')) {
              const { version } = JSON.parse(block.slice(18)) as { version: number };
              this.#heard(version, performance.now());
            }
          }
        });
        response.on('end', () => ended('ended by the server'));
        response.on('error', (e) => ended(String(e)));
      });
      request.on('error', (e) => ended(String(e)));
    });
  }

  close(): void {
    this.#closing = true;
    this.#stream?.destroy();
    this.#stream = null;
    this.#agent.destroy();
  }

  #heard(version: number, at: number): void {
    this.#pokes.push({ version, at });
    while (this.#pokes.length > 0 && this.#pokes[0]!.at < at - 2 * POKE_TIMEOUT_MS) this.#pokes.shift();
    const waiting = this.#waiters;
    this.#waiters = [];
    for (const w of waiting) {
      if (version >= w.version && at >= w.after) w.resolve(at);
      else this.#waiters.push(w);
    }
  }

  /**
   * When the write with `version`, answered at `answeredAt`, was poked on this desk's stream: the
   * poke with exactly that version if it came before the answer, else the first poke at or above
   * it after the answer; null after POKE_TIMEOUT_MS.
   */
  pokedAt(version: number, answeredAt: number): Promise<number | null> {
    const before = this.#pokes.find((p) => p.version === version && p.at < answeredAt);
    if (before) return Promise.resolve(before.at);
    const after = this.#pokes.find((p) => p.version >= version && p.at >= answeredAt);
    if (after) return Promise.resolve(after.at);
    return new Promise((resolve) => {
      const waiter = { version, after: answeredAt, resolve: (at: number | null) => resolve(at) };
      this.#waiters.push(waiter);
      setTimeout(() => {
        const i = this.#waiters.indexOf(waiter);
        if (i >= 0) {
          this.#waiters.splice(i, 1);
          resolve(null);
        }
      }, POKE_TIMEOUT_MS);
    });
  }

  request(method: string, path: string, body: unknown): Promise<Response> {
    const text = JSON.stringify(body);
    const target = new URL(this.url);
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: target.hostname,
          port: target.port,
          path,
          method,
          agent: this.#agent,
          headers: {
            authorization: `Bearer ${this.seed.token}`,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(text),
          },
        },
        (res) => {
          let answer = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (answer += c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              text: answer,
              upstream: header(res.headers['x-upstream']),
            }),
          );
          res.on('error', reject);
        },
      );
      req.setTimeout(WRITE_TIMEOUT_MS, () =>
        req.destroy(new Error(`no answer within ${WRITE_TIMEOUT_MS} ms`)),
      );
      req.on('error', reject);
      req.end(text);
    });
  }
}

const header = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

type Kind = 'booking' | 'move' | 'walkIn';

/**
 * Picks and sends a desk's next write and counts its answer; returns, for a write that was applied,
 * the wait for its poke (version from `sync_changes`, then the desk's stream).
 */
async function write(
  desk: Desk,
  from: number,
  measured: boolean,
  measureFrom: number,
  tally: Tally,
  versionOf: (tenantId: string, entity: string, id: string) => Promise<number | null>,
): Promise<{ poke: Promise<void> } | undefined> {
  const r = desk.random();
  const slot = () => new Date(from + Math.floor(desk.random() * SLOTS) * SLOT_MS).toISOString();
  const { tenant, staffId } = desk.seed;
  let kind: Kind;
  let method = 'POST';
  let path: string;
  let body: unknown;
  let entity: 'booking' | 'walkIn';
  let id: string;
  let after: (status: number) => void = () => undefined;
  if (r < 0.5 || (r < 0.8 && desk.bookings.length === 0)) {
    kind = 'booking';
    entity = 'booking';
    id = randomUUID();
    path = '/v1/bookings';
    body = { id, serviceId: tenant.serviceId, staffId, start: slot(), source: 'phone' };
    after = (status) => {
      if (status === 201) desk.bookings.push(id);
    };
  } else if (r < 0.8) {
    kind = 'move';
    entity = 'booking';
    id = desk.bookings[Math.floor(desk.random() * desk.bookings.length)]!;
    method = 'PATCH';
    path = `/v1/bookings/${id}`;
    body = { start: slot() };
  } else if (desk.waitingWalkIn) {
    kind = 'walkIn';
    entity = 'walkIn';
    id = desk.waitingWalkIn;
    path = `/v1/walk-ins/${id}/actions`;
    body = { action: 'leave' };
    after = (status) => {
      if (status === 200 || status === 409) desk.waitingWalkIn = null;
    };
  } else {
    kind = 'walkIn';
    entity = 'walkIn';
    id = randomUUID();
    path = '/v1/walk-ins';
    body = {
      id,
      locationId: tenant.locationId,
      serviceId: tenant.serviceId,
      staffId,
      customer: { name: `Walk-in ${desk.seed.index}` },
    };
    after = (status) => {
      if (status === 201) desk.waitingWalkIn = id;
    };
  }
  const sent = performance.now();
  let response: Response;
  try {
    response = await desk.request(method, path, body);
  } catch (error) {
    tally.error(
      String(error).includes('no answer within') ? 'timeout' : 'network',
      `${method} ${path}: ${error}`,
    );
    return;
  }
  const answered = performance.now();
  after(response.status);
  if (response.status === 409) {
    if (measured) tally.conflicts++;
    return;
  }
  if (response.status !== 200 && response.status !== 201) {
    tally.error(
      response.status >= 500 ? '5xx' : `status ${response.status}`,
      `${method} ${path}: ${response.text}`,
    );
    return;
  }
  if (measured) {
    tally.writes[kind]++;
    tally.write.push(answered - sent);
    tally.writeBy[kind].push(answered - sent);
    (tally.writeBySecond[Math.floor((sent - measureFrom) / 1000)] ??= []).push(answered - sent);
  }
  const streamUpstream = desk.streamUpstream;
  const poke = (async () => {
    const version = await versionOf(tenant.tenantId, entity, id);
    if (version === null) return void tally.error('no version', `${entity} ${id} not in sync_changes`);
    const poked = await desk.pokedAt(version, answered);
    if (poked === null)
      return void tally.error('poke missing', `desk ${desk.seed.index} ${entity} v${version}`);
    if (!measured) return;
    const latency = Math.max(0, poked - answered);
    if (poked < answered) tally.pokeFirst++;
    tally.poke.push(latency);
    if (streamUpstream !== undefined && response.upstream !== undefined)
      (streamUpstream === response.upstream ? tally.pokeSame : tally.pokeOther).push(latency);
  })();
  return { poke };
}

/**
 * Runs the load against `url` (one instance or nginx) and returns its tally; `salt` varies the
 * desks' seeded choices between setups (the same slots would answer 409 the second time).
 */
async function runLoad(
  url: string,
  seeds: DeskSeed[],
  appUrl: string,
  salt: number,
): Promise<Tally & { loopP99: number }> {
  const tally = new Tally();
  // The app role, one small pool per business with its tenant set per connection (RLS is forced).
  const pools = new Map<string, pg.Pool>();
  for (const { tenant } of seeds) {
    if (pools.has(tenant.tenantId)) continue;
    const pool = new pg.Pool({
      connectionString: appUrl,
      max: 2,
      options: `-c app.tenant_id=${tenant.tenantId}`,
    });
    pool.on('error', () => undefined);
    pools.set(tenant.tenantId, pool);
  }
  const versionOf = async (tenantId: string, entity: string, id: string) => {
    const { rows } = await pools
      .get(tenantId)!
      .query<{ version: string }>(
        'SELECT version FROM sync_changes WHERE tenant_id = $1 AND entity = $2 AND entity_id = $3',
        [tenantId, entity, id],
      );
    return rows[0] ? Number(rows[0].version) : null;
  };
  const desks = seeds.map((s) => new Desk(s, url, salt, () => tally));
  const tomorrow = Math.ceil(Date.now() / 86_400_000) * 86_400_000 + 86_400_000;
  const loop = monitorEventLoopDelay({ resolution: 10 });
  try {
    await Promise.all(desks.map((d) => d.open()));
    const start = performance.now();
    const measureFrom = start + WARMUP_SECONDS * 1000;
    const measureTo = measureFrom + SECONDS * 1000;
    const pending = new Set<Promise<void>>();
    loop.enable();
    tally.loadAverage = loadavg()[0]!;
    const deskLoop = async (desk: Desk) => {
      await sleep(desk.random() * WRITE_INTERVAL_MS);
      while (performance.now() < measureTo) {
        const begun = performance.now();
        const measured = begun >= measureFrom;
        // The desk's next write waits for this one's answer only; the wait for its poke runs on.
        const written = await write(desk, tomorrow, measured, measureFrom, tally, versionOf).catch(
          (e: unknown) => {
            tally.error('bench', String(e));
            return undefined;
          },
        );
        if (written) {
          const done = written.poke.catch((e: unknown) => tally.error('bench', String(e)));
          pending.add(done);
          void done.finally(() => pending.delete(done));
        }
        const gap = WRITE_INTERVAL_MS * (2 / 3 + (2 / 3) * desk.random());
        await sleep(Math.max(0, begun + gap - performance.now()));
      }
    };
    await Promise.all(desks.map(deskLoop));
    await Promise.all([...pending]);
    loop.disable();
    return Object.assign(tally, { loopP99: loop.percentile(99) / 1e6 });
  } finally {
    for (const d of desks) d.close();
    await Promise.all([...pools.values()].map((p) => p.end()));
  }
}

const f = (n: number | undefined) => (n === undefined || Number.isNaN(n) ? '-' : n.toFixed(1));
const p95 = (values: number[]) => (values.length ? percentile(values, 95) : Number.NaN);
const p50 = (values: number[]) => (values.length ? median(values) : Number.NaN);

function report(label: string, t: Tally & { loopP99: number }): void {
  const total = t.writes.booking + t.writes.move + t.writes.walkIn;
  const errors = [...t.errors].map(([kind, n]) => `${kind} ${n}`).join(', ');
  const split =
    t.pokeSame.length + t.pokeOther.length > 0 && t.pokeOther.length > 0
      ? `; stream on the writing instance p95=${f(p95(t.pokeSame))} ms (n=${t.pokeSame.length}), ` +
        `on the other p95=${f(p95(t.pokeOther))} ms (n=${t.pokeOther.length})`
      : '';
  console.log(
    `load ${label}: ${DESKS} desks / ${TENANTS} businesses, ${SECONDS} s (+${WARMUP_SECONDS} s warm-up): ` +
      `errors ${t.errorCount}${errors ? ` (${errors})` : ''}; ${total} writes (${t.writes.booking} bookings, ` +
      `${t.writes.move} moves, ${t.writes.walkIn} walk-in) + ${t.conflicts} answered 409; ` +
      `write p50=${f(p50(t.write))} p95=${f(p95(t.write))} ms; write-to-poke (own stream) ` +
      `p50=${f(p50(t.poke))} p95=${f(p95(t.poke))} ms (${t.pokeFirst} pokes before the answer)${split}; ` +
      `bench event-loop delay p99=${f(t.loopP99)} ms`,
  );
  const tenSeconds: string[] = [];
  for (let from = 0; from < t.writeBySecond.length; from += 10)
    tenSeconds.push(f(p95(t.writeBySecond.slice(from, from + 10).flat())));
  console.log(
    `  ${label}: write p95 booking=${f(p95(t.writeBy.booking))} move=${f(p95(t.writeBy.move))} ` +
      `walk-in=${f(p95(t.writeBy.walkIn))} ms; per 10 s: ${tenSeconds.join(' ')} ms; ` +
      `load average ${t.loadAverage.toFixed(1)} on ${cpus().length} CPUs at its start`,
  );
  for (const line of t.firstErrors) console.log(`  ${label} error ${line}`);
}

async function complaintsOf(label: string, children: Child[]): Promise<void> {
  const lines = children.flatMap((c) => c.complaints());
  if (lines.length === 0) return;
  console.log(
    `  ${label}: ${lines.length} warning/error log lines, first: ${lines.slice(0, 3).join(' | ').slice(0, 600)}`,
  );
}

export async function run(): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'bookdesk-bench-load-'));
  const cluster = await startEmbeddedPostgres(root);
  try {
    const database = { store: 'postgres' as const, url: cluster.appUrl, ownerUrl: cluster.ownerUrl };
    const dataDir = join(root, 'data');
    const seeds = await seed(dataDir, database);

    const single = await startInstance(dataDir, database);
    let baseline: Tally & { loopP99: number };
    try {
      baseline = await runLoad(single.url, seeds, cluster.appUrl, 1);
    } finally {
      await single.stop();
    }
    report('one instance, no nginx (baseline)', baseline);
    await complaintsOf('one instance', [single]);

    const a = await startInstance(dataDir, database);
    const b = await startInstance(dataDir, database);
    let proxied: Tally & { loopP99: number };
    try {
      const nginx = await startNginx(join(root, 'nginx'), [a.url, b.url]);
      try {
        proxied = await runLoad(nginx.url, seeds, cluster.appUrl, 2);
      } finally {
        await nginx.stop();
      }
      report('two instances behind nginx', proxied);
      await complaintsOf('two instances + nginx', [a, b, nginx]);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }

    const writeP95 = p95(proxied.write);
    const pokeP95 = p95(proxied.poke);
    console.log(
      `load goals (two instances behind nginx): p95 write ${f(writeP95)} ms ` +
        `${writeP95 < GOAL_WRITE_P95_MS ? 'under' : 'NOT under'} ${GOAL_WRITE_P95_MS} ms, p95 write-to-poke ` +
        `${f(pokeP95)} ms ${pokeP95 < GOAL_POKE_P95_MS ? 'under' : 'NOT under'} ${GOAL_POKE_P95_MS} ms; ` +
        `errors ${proxied.errorCount} (baseline ${baseline.errorCount})`,
    );
    if (proxied.errorCount + baseline.errorCount > 0) process.exitCode = 1;
    printBench('load', writeP95, 'ms', p95(baseline.write));
  } finally {
    await cluster.stop();
    await rm(root, { recursive: true, force: true });
  }
}
