/**
 * The local bridge: serves the built renderer on 127.0.0.1 and carries the preload contract over
 * `POST /ipc/<channel>`, through the same IpcRegistry Electron uses, and main's events over one
 * server-sent-events stream, `GET /events`. It is the Chromium fallback where Electron cannot start,
 * and how the e2e tests drive the real main-process services.
 *
 * Protection, since any web page the user visits can send requests to 127.0.0.1:
 * - the page is opened once through a one-time launch URL, which sets an HttpOnly SameSite=Strict
 *   cookie; without it the page (which carries the IPC secret) is not served;
 * - every IPC call and the event stream need the per-launch secret in `x-bookdesk-secret` (injected
 *   into the served page, readable only by same-origin script) and, when the browser sends one, our
 *   own Origin (the page reads the stream with fetch, since EventSource cannot send a header);
 * - the page's first reads (`GET /first-reads/<token>`, preloaded by the page) need the cookie and a
 *   one-time token minted with that page, unused for at most a minute;
 * - the Host header must be our own address, which defeats DNS rebinding;
 * - no CORS headers, a strict CSP and no framing.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { FirstLoad } from '../../core/ipc/first-reads';
import { FIRST_READS_ELEMENT_ID } from '../../core/ipc/first-reads';
import type { DeskEventBus } from '../ipc/desk-event-bus';
import { answerFirstReads } from '../ipc/first-reads';
import type { IpcRegistry } from '../ipc/ipc-registry';

export const SECRET_HEADER = 'x-bookdesk-secret';
const SESSION_COOKIE = 'bookdesk_session';
const MAX_BODY_BYTES = 64 * 1024;
/** A comment line this often keeps the event stream's connection from looking dead to proxies and the page. */
const EVENT_HEARTBEAT_MS = 15_000;
const FIRST_READS_PATH = '/first-reads/';
/** A page's first reads are kept this long for it to fetch (it does so as it starts loading). */
const FIRST_READS_TTL_MS = 60_000;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

const SECURITY_HEADERS = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
    "frame-ancestors 'none'; base-uri 'none'; form-action 'none'; object-src 'none'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

export interface LocalBridgeOptions {
  /** The built renderer (vite's outDir), containing index.html. */
  rendererDir: string;
  registry: Pick<IpcRegistry, 'dispatch'>;
  /** main's events for `GET /events`; without it the stream carries heartbeats only. */
  events?: Pick<DeskEventBus, 'subscribe' | 'position'>;
  /** 0 picks a free port. */
  port?: number;
}

const bytesEqual = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

export class LocalBridge {
  private readonly secret = randomBytes(32).toString('base64url');
  private readonly session = randomBytes(32).toString('base64url');
  private readonly launchTokens = new Set<string>();
  /** Main's answers to each served page's first reads, by the one-time token in its preload link. */
  private readonly firstReads = new Map<string, Promise<FirstLoad>>();
  private readonly rendererDir: string;
  private server: Server | null = null;
  private address = '';

  constructor(private readonly options: LocalBridgeOptions) {
    this.rendererDir = resolve(options.rendererDir);
  }

  /** `http://127.0.0.1:<port>` once started. */
  get origin(): string {
    if (!this.address) throw new Error('LocalBridge is not started');
    return this.address;
  }

  async start(): Promise<string> {
    const server = createServer((req, res) => {
      this.route(req, res).catch(() => this.send(res, 500, 'text/plain; charset=utf-8', 'Internal error'));
    });
    await new Promise<void>((done, failed) => {
      server.once('error', failed);
      server.listen(this.options.port ?? 0, '127.0.0.1', () => done());
    });
    this.server = server;
    this.address = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this.address;
  }

  /** A URL that opens the app once (`hash` e.g. `#/overlay`); each call mints a new one-time token. */
  launchUrl(hash = ''): string {
    const token = randomBytes(24).toString('base64url');
    this.launchTokens.add(token);
    return `${this.origin}/?launch=${token}${hash}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((done) => server.close(() => done()));
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.headers.host !== new URL(this.origin).host)
      return this.send(res, 421, 'text/plain', 'Wrong host');
    const url = new URL(req.url ?? '/', this.origin);
    if (url.pathname === '/events') {
      if (req.method !== 'GET') return this.send(res, 405, 'text/plain', 'Method not allowed');
      return this.eventStream(req, res, url);
    }
    if (url.pathname.startsWith('/ipc/')) {
      if (req.method !== 'POST') return this.send(res, 405, 'text/plain', 'Method not allowed');
      let channel: string;
      try {
        channel = decodeURIComponent(url.pathname.slice('/ipc/'.length));
      } catch {
        // A malformed percent-encoding is the caller's mistake, not ours: 400, never 500.
        return this.json(res, 400, {
          ok: false,
          error: { code: 'invalid_args', message: 'Malformed channel name' },
        });
      }
      return this.ipc(req, res, channel);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return this.send(res, 405, 'text/plain', 'Method not allowed');
    if (url.pathname === '/' || url.pathname === '/index.html') return this.page(req, res, url);
    if (url.pathname.startsWith(FIRST_READS_PATH))
      return this.firstReadsAnswer(req, res, url.pathname.slice(FIRST_READS_PATH.length));
    return this.asset(res, url.pathname);
  }

  /**
   * Answers and returns true unless the request comes from our own page: our Origin (when the browser
   * sends one), a same-origin fetch, and the per-launch secret.
   */
  private refuseCaller(req: IncomingMessage, res: ServerResponse): boolean {
    const origin = req.headers.origin;
    const site = req.headers['sec-fetch-site'];
    if ((origin !== undefined && origin !== this.origin) || (site !== undefined && site !== 'same-origin')) {
      this.json(res, 403, { ok: false, error: { code: 'forbidden', message: 'Cross-origin call refused' } });
      return true;
    }
    const given = req.headers[SECRET_HEADER];
    if (typeof given !== 'string' || given === '') {
      this.json(res, 401, { ok: false, error: { code: 'forbidden', message: 'Missing bridge secret' } });
      return true;
    }
    if (!bytesEqual(given, this.secret)) {
      this.json(res, 403, { ok: false, error: { code: 'forbidden', message: 'Wrong bridge secret' } });
      return true;
    }
    return false;
  }

  /**
   * `GET /events[?after=<position>]`: main's events as server-sent events (`id: <position>`, `event:
   * <name>`, `data: <payload JSON>`), starting with the latest states and, from `after` (the position
   * of the page's first reads, or the last id a dropped stream saw), every change since.
   */
  private eventStream(req: IncomingMessage, res: ServerResponse, url: URL): void {
    if (this.refuseCaller(req, res)) return;
    const given = url.searchParams.get('after');
    const after = given === null ? undefined : Number(given);
    if (after !== undefined && !(Number.isSafeInteger(after) && after >= 0))
      return this.json(res, 400, {
        ok: false,
        error: { code: 'invalid_args', message: 'after must be a whole number of events, 0 or more' },
      });
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Accel-Buffering': 'no',
    });
    res.write(': bookdesk events\n\n');
    const unsubscribe =
      this.options.events?.subscribe(
        (event, position) =>
          res.write(`id: ${position}\nevent: ${event.name}\ndata: ${JSON.stringify(event.payload)}\n\n`),
        { replay: true, after },
      ) ?? (() => {});
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), EVENT_HEARTBEAT_MS);
    heartbeat.unref();
    res.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
    });
  }

  private async ipc(req: IncomingMessage, res: ServerResponse, channel: string): Promise<void> {
    if (this.refuseCaller(req, res)) return;
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
      return this.json(res, 415, { ok: false, error: { code: 'invalid_args', message: 'Expected JSON' } });
    }
    const body = await readBody(req);
    if (body === null) {
      return this.json(res, 413, { ok: false, error: { code: 'invalid_args', message: 'Body too large' } });
    }
    let args: unknown;
    try {
      args = body.length ? JSON.parse(body) : undefined;
    } catch {
      return this.json(res, 400, { ok: false, error: { code: 'invalid_args', message: 'Malformed JSON' } });
    }
    // The checks above stand in for Electron's sender-frame check: the caller is our own page.
    const result = await this.options.registry.dispatch(channel, args, {
      url: `${this.origin}/`,
      isTopFrame: true,
    });
    const status = !result.ok && result.error.code === 'unknown_channel' ? 404 : 200;
    return this.json(res, status, result);
  }

  private async page(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    // The launch link opens the page itself (no redirect: a round trip less before the desk shows);
    // the page takes the spent token out of its address. A reload of that address in the same
    // browser still has the cookie.
    const launch = url.searchParams.get('launch');
    const launched = launch !== null && this.launchTokens.delete(launch);
    const known = bytesEqual(readCookie(req, SESSION_COOKIE) ?? '', this.session);
    if (!launched && !known) {
      if (launch !== null) return this.send(res, 403, 'text/plain', 'This launch link was already used.');
      return this.send(res, 401, 'text/plain; charset=utf-8', 'Open Bookdesk from its launcher (npm start).');
    }
    if (launched)
      res.setHeader('Set-Cookie', `${SESSION_COOKIE}=${this.session}; HttpOnly; SameSite=Strict; Path=/`);
    const html = await readFile(join(this.rendererDir, 'index.html'), 'utf8');
    const meta = `<meta name="bookdesk-bridge-secret" content="${this.secret}">`;
    // Main's answers to the first reads travel beside the page, not in it: the browser fetches them
    // (preloaded) while it loads and compiles the bundle, and its main thread never parses them as
    // markup (a full day's 400 kB cost ~25 ms of parsing before the bundle could run).
    const token = randomBytes(24).toString('base64url');
    // Taken before the reads: every change after it reaches the page through its event stream.
    const eventsAfter = this.options.events?.position ?? 0;
    const reads = new Promise<FirstLoad>((resolve, reject) => {
      // Node sends the page on a later tick, which would wait behind the reads: they start after it.
      setImmediate(() =>
        answerFirstReads(this.options.registry, { url: `${this.origin}/`, isTopFrame: true }).then(
          (answered) => resolve({ reads: answered, eventsAfter }),
          reject,
        ),
      );
    });
    reads.catch(() => {}); // answered (as a 500) when fetched; a read never fetched fails nowhere
    this.firstReads.set(token, reads);
    setTimeout(() => this.firstReads.delete(token), FIRST_READS_TTL_MS).unref();
    const preload = `<link rel="preload" id="${FIRST_READS_ELEMENT_ID}" href="${FIRST_READS_PATH}${token}" as="fetch" crossorigin>`;
    // First in the head: the bundle's script (async) may run before the parser reaches the head's end.
    this.send(res, 200, MIME['.html']!, html.replace('<head>', `<head>${meta}${preload}`));
  }

  /** `GET /first-reads/<token>`: the page's first reads, once, for the page that holds the session cookie. */
  private async firstReadsAnswer(req: IncomingMessage, res: ServerResponse, token: string): Promise<void> {
    if (!bytesEqual(readCookie(req, SESSION_COOKIE) ?? '', this.session))
      return this.json(res, 401, { ok: false, error: { code: 'forbidden', message: 'No bridge session' } });
    const reads = this.firstReads.get(token);
    if (!reads)
      return this.json(res, 404, {
        ok: false,
        error: { code: 'not_found', message: 'Unknown or used first reads' },
      });
    this.firstReads.delete(token);
    this.json(res, 200, await reads);
  }

  private async asset(res: ServerResponse, pathname: string): Promise<void> {
    let file: string;
    try {
      file = normalize(join(this.rendererDir, decodeURIComponent(pathname)));
    } catch {
      return this.send(res, 400, 'text/plain', 'Bad path');
    }
    if (!file.startsWith(this.rendererDir + sep)) return this.send(res, 404, 'text/plain', 'Not found');
    try {
      const content = await readFile(file);
      this.send(
        res,
        200,
        MIME[extname(file)] ?? 'application/octet-stream',
        content,
        'public, max-age=31536000, immutable',
      );
    } catch {
      this.send(res, 404, 'text/plain', 'Not found');
    }
  }

  private json(res: ServerResponse, status: number, body: unknown): void {
    this.send(res, status, 'application/json; charset=utf-8', JSON.stringify(body));
  }

  private send(
    res: ServerResponse,
    status: number,
    type: string,
    body: string | Buffer,
    cache = 'no-store',
  ): void {
    if (res.headersSent) return void res.end();
    res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type, 'Cache-Control': cache });
    res.end(body);
  }
}

function readCookie(req: IncomingMessage, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return null;
}

/** The request body as text, or null once it passes MAX_BODY_BYTES. */
async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
