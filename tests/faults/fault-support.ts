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
