import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoBusiness } from '../../core/demo/demo-business';
import type { FirstLoad } from '../../core/ipc/first-reads';
import { memorySecrets, openDesktop, rememberAccount } from '../../tests/support/desk';
import type { DesktopServices } from '../app/desktop-services';
import { LocalBridge, SECRET_HEADER } from './bridge.server';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw HTTP request, so the test controls every header (Host, Origin, Cookie) exactly. */
function send(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; path?: string } = {},
): Promise<Reply> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path: options.path ?? target.pathname + target.search,
        method: options.method ?? 'GET',
        headers: options.headers,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

interface EventStreamReply {
  status: number;
  /** The first `event: <name>` block the stream carries (already received or still to come), without its id. */
  nextEvent(name: string): Promise<string>;
  /** The `event: name` lines of every block received so far, with their ids (`3 schedule:changed`). */
  received(): string[];
  close(): void;
}

/** Opens `GET <path>` with exactly `headers`; resolves once the answer's head has arrived. */
function openEvents(
  origin: string,
  headers: Record<string, string>,
  path = '/events',
): Promise<EventStreamReply> {
  const target = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = request({ host: target.hostname, port: target.port, path, headers }, (res) => {
      let body = '';
      const waiting: { name: string; found: (block: string) => void }[] = [];
      const check = () => {
        for (const wait of [...waiting]) {
          const block = body.split('\n\n').find((b) => b.split('\n').includes(`event: ${wait.name}`));
          if (!block) continue;
          waiting.splice(waiting.indexOf(wait), 1);
          wait.found(block.replace(/^id: \d+\n/, ''));
        }
      };
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
        check();
      });
      resolve({
        status: res.statusCode ?? 0,
        nextEvent: (name) =>
          new Promise((found) => {
            waiting.push({ name, found });
            check();
          }),
        received: () =>
          body
            .split('\n\n')
            .map((b) => /^id: (\d+)\nevent: (\S+)/.exec(b))
            .filter((m) => m !== null)
            .map((m) => `${m[1]} ${m[2]}`),
        close: () => req.destroy(),
      });
    });
    req.on('error', reject);
    req.end();
  });
}

describe(LocalBridge.name, () => {
  let dir: string;
  let services: DesktopServices;
  let sut: LocalBridge;
  let origin: string;
  let cookie: string;
  let secret: string;

  const ipc = (channel: string, body: unknown, headers: Record<string, string> = {}) =>
    send(`${origin}/ipc/${channel}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [SECRET_HEADER]: secret, origin, ...headers },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bookdesk-bridge-'));
    writeFileSync(
      join(dir, 'index.html'),
      '<!doctype html><html><head><title>t</title></head><body></body></html>',
    );
    writeFileSync(join(dir, 'app.js'), 'console.log(1)');
    writeFileSync(join(tmpdir(), 'bookdesk-outside.txt'), 'outside the renderer');
    const demo = createDemoBusiness({
      date: '2026-11-27',
      timeZone: 'UTC',
      now: new Date('2026-11-27T11:00:00Z'),
    });
    const secrets = memorySecrets();
    await rememberAccount({
      dataDir: join(dir, 'data'),
      secrets,
      fill: ({ cache }) => cache.putSnapshot({ ...demo, locations: [demo.location] }),
    });
    services = await openDesktop({
      dataDir: join(dir, 'data'),
      secrets,
      isTrustedUrl: (url) => url.startsWith(`${sut.origin}/`),
    });
    sut = new LocalBridge({ rendererDir: dir, registry: services.registry, events: services.events });
    origin = await sut.start();

    const launched = await send(sut.launchUrl());
    cookie = String(launched.headers['set-cookie']).split(';')[0]!;
    secret = /name="bookdesk-bridge-secret" content="([^"]+)"/.exec(launched.body)![1]!;
  });
  afterAll(async () => {
    await sut.stop();
    await services.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(join(tmpdir(), 'bookdesk-outside.txt'), { force: true });
  });

  it('answers an IPC call from its own page with the contract result', async () => {
    const reply = await ipc('schedule:getDay', { date: '2026-11-27' });

    expect(reply.status).toBe(200);
    const result = JSON.parse(reply.body);
    expect(result.ok).toBe(true);
    expect(result.value.staff.map((s: { name: string }) => s.name)).toContain('Maya Chen');
  });

  /** The address of the first reads a page served now preloads. */
  const firstReadsOf = async () => {
    const page = await send(`${origin}/`, { headers: { cookie } });
    const link = /<link rel="preload" id="bookdesk-first-reads" href="([^"]+)" as="fetch" crossorigin>/.exec(
      page.body,
    );
    expect(link).not.toBeNull();
    return link![1]!;
  };

  it('answers the first reads its page preloads, each what the IPC call answers', async () => {
    const address = await firstReadsOf();

    const answer = await send(`${origin}${address}`, { headers: { cookie } });

    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toMatch(/^application\/json/);
    expect(answer.headers['cache-control']).toBe('no-store');
    const { reads } = JSON.parse(answer.body) as FirstLoad;
    const today = new Date().toISOString().slice(0, 10); // the demo business keeps UTC
    expect(reads['schedule:getDay'].date).toBe(today);
    expect(reads['schedule:getDay'].answer).toEqual(
      JSON.parse((await ipc('schedule:getDay', { date: today })).body),
    );
    expect(reads['session:status']).toEqual(JSON.parse((await ipc('session:status', {})).body));
    expect(reads['settings:get']).toEqual(JSON.parse((await ipc('settings:get', {})).body));
    expect(reads['schedule:locations']).toEqual(JSON.parse((await ipc('schedule:locations', {})).body));
    expect(reads['sync:status']).toEqual(JSON.parse((await ipc('sync:status', {})).body));
  });

  it("answers first reads once, and only with the page's session cookie", async () => {
    const address = await firstReadsOf();

    const withoutCookie = await send(`${origin}${address}`);
    const first = await send(`${origin}${address}`, { headers: { cookie } });
    const again = await send(`${origin}${address}`, { headers: { cookie } });
    const guessed = await send(`${origin}/first-reads/guessed`, { headers: { cookie } });

    expect(withoutCookie.status).toBe(401);
    expect(first.status).toBe(200);
    expect(again.status).toBe(404);
    expect(guessed.status).toBe(404);
  });

  it('refuses an IPC call without the secret (401) or with a wrong one (403)', async () => {
    const missing = await send(`${origin}/ipc/session:status`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    const wrong = await ipc('session:status', {}, { [SECRET_HEADER]: 'guessed' });

    expect(missing.status).toBe(401);
    expect(wrong.status).toBe(403);
    expect(missing.body).not.toContain('Maya');
  });

  it('refuses a call from another Origin even with the secret', async () => {
    const evil = await ipc('schedule:getDay', { date: '2026-11-27' }, { origin: 'https://evil.example' });
    const crossSite = await ipc(
      'schedule:getDay',
      { date: '2026-11-27' },
      { 'sec-fetch-site': 'cross-site' },
    );

    expect(evil.status).toBe(403);
    expect(crossSite.status).toBe(403);
    expect(evil.body).not.toContain('Maya');
  });

  it("streams main's events to its own page, starting with the session as it stands", async () => {
    const stream = await openEvents(origin, {
      [SECRET_HEADER]: secret,
      origin,
      'sec-fetch-site': 'same-origin',
    });
    try {
      services.events.emit({ name: 'schedule:changed', payload: { from: '2026-11-27', to: '2026-11-28' } });

      expect(stream.status).toBe(200);
      await expect(stream.nextEvent('session:status')).resolves.toContain(
        '"businessName":"Juniper & Co. Hair Studio"',
      );
      await expect(stream.nextEvent('schedule:changed')).resolves.toBe(
        'event: schedule:changed\ndata: {"from":"2026-11-27","to":"2026-11-28"}',
      );
    } finally {
      stream.close();
    }
  });

  it("tells the page's event stream of every change made after its first reads were taken", async () => {
    const address = await firstReadsOf();
    services.events.emit({ name: 'schedule:changed', payload: { from: '2026-12-01', to: '2026-12-01' } });
    services.events.emit({ name: 'schedule:changed', payload: { from: '2026-12-02', to: '2026-12-02' } });
    const { eventsAfter } = JSON.parse(
      (await send(`${origin}${address}`, { headers: { cookie } })).body,
    ) as FirstLoad;

    const stream = await openEvents(
      origin,
      { [SECRET_HEADER]: secret, origin, 'sec-fetch-site': 'same-origin' },
      `/events?after=${eventsAfter}`,
    );
    try {
      await expect(stream.nextEvent('schedule:changed')).resolves.toBe(
        'event: schedule:changed\ndata: {"from":"2026-12-01","to":"2026-12-01"}',
      );
      const changes = stream.received().filter((line) => line.endsWith('schedule:changed'));
      expect(changes).toEqual([`${eventsAfter + 1} schedule:changed`, `${eventsAfter + 2} schedule:changed`]);
    } finally {
      stream.close();
    }
  });

  it('refuses an event stream from a position that is not a whole number (400)', async () => {
    const headers = { [SECRET_HEADER]: secret, origin, 'sec-fetch-site': 'same-origin' };

    const refused = await send(`${origin}/events?after=-1`, { headers });
    const words = await send(`${origin}/events?after=last`, { headers });

    expect([refused.status, words.status]).toEqual([400, 400]);
    expect(JSON.parse(refused.body).error.message).toMatch(/after/);
  });

  it('refuses the event stream without the secret (401), with a wrong one or from another Origin (403)', async () => {
    const missing = await send(`${origin}/events`);
    const wrong = await send(`${origin}/events`, { headers: { [SECRET_HEADER]: 'guessed', origin } });
    const evil = await send(`${origin}/events`, {
      headers: { [SECRET_HEADER]: secret, origin: 'https://evil.example' },
    });
    const crossSite = await send(`${origin}/events`, {
      headers: { [SECRET_HEADER]: secret, 'sec-fetch-site': 'cross-site' },
    });

    expect([missing.status, wrong.status, evil.status, crossSite.status]).toEqual([401, 403, 403, 403]);
    for (const refused of [missing, wrong, evil, crossSite])
      expect(refused.headers['content-type']).not.toContain('text/event-stream');
  });

  it('refuses a request for another host name (DNS rebinding)', async () => {
    const rebound = await send(`${origin}/`, { headers: { host: 'evil.example', cookie } });
    const reboundIpc = await ipc('session:status', {}, { host: 'evil.example' });

    expect(rebound.status).toBe(421);
    expect(reboundIpc.status).toBe(421);
  });

  it('serves the page, with its secret, only through the one-time launch link', async () => {
    const anonymous = await send(`${origin}/`);
    const launchUrl = sut.launchUrl('#/overlay');
    const first = await send(launchUrl);
    const reused = await send(launchUrl);
    const reloaded = await send(launchUrl, { headers: { cookie } });

    expect(anonymous.status).toBe(401);
    expect(anonymous.body).not.toContain(secret);
    expect(first.status).toBe(200);
    expect(first.body).toContain(secret);
    expect(String(first.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict/);
    expect(reused.status).toBe(403);
    expect(reused.body).not.toContain(secret);
    expect(reloaded.status).toBe(200);
    expect(reloaded.headers['set-cookie']).toBeUndefined();
  });

  it('sends a strict content security policy and no CORS permission', async () => {
    const page = await send(`${origin}/`, { headers: { cookie } });

    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.headers['access-control-allow-origin']).toBeUndefined();
    expect(page.headers['cache-control']).toBe('no-store');
  });

  it('serves renderer assets but nothing outside the renderer folder', async () => {
    const asset = await send(`${origin}/app.js`);
    const escape = await send(origin, { path: '/../bookdesk-outside.txt' });
    const encoded = await send(origin, { path: '/%2e%2e/bookdesk-outside.txt' });

    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toContain('text/javascript');
    expect(escape.status).toBe(404);
    expect(encoded.status).toBe(404);
    expect(encoded.body).not.toContain('outside the renderer');
  });

  it('passes validation failures through as results and unknown channels as 404', async () => {
    const invalid = await ipc('schedule:getDay', { date: 'tomorrow' });
    const unknown = await ipc('keychain:read', {});

    expect(invalid.status).toBe(200);
    expect(JSON.parse(invalid.body)).toMatchObject({ ok: false, error: { code: 'invalid_args' } });
    expect(unknown.status).toBe(404);
  });

  it('answers a malformed percent-encoded channel name with 400, not 500', async () => {
    for (const channel of ['%E0%A4%A', 'session%3', '%']) {
      const reply = await ipc(channel, {});
      expect(reply.status, channel).toBe(400);
      expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'invalid_args' } });
    }
  });

  it('refuses other methods, non-JSON bodies and oversized bodies', async () => {
    const get = await send(`${origin}/ipc/session:status`, { headers: { [SECRET_HEADER]: secret } });
    const text = await ipc('session:status', {}, { 'content-type': 'text/plain' });
    const huge = await send(`${origin}/ipc/session:status`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [SECRET_HEADER]: secret },
      body: JSON.stringify({ pad: 'x'.repeat(100_000) }),
    });

    expect(get.status).toBe(405);
    expect(text.status).toBe(415);
    expect(huge.status).toBe(413);
  });
});
