/**
 * `npm start` end to end on a machine without a display or Electron binary: the real API starts on
 * embedded SQLite, the demo business is signed up (its owner and receptionist sign-ins printed once
 * and kept in the real keyring), its data created through the REST API, the desk signed in through
 * the session's OAuth flow and synced into its (server, tenant) cache, the bridge serves it, and
 * Ctrl-C stops everything. With BOOKDESK_API_URL it uses that API instead, and a person signs in from
 * the window: the sign-in page opens in a new tab of the browser the UI runs in.
 */
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createParser } from 'eventsource-parser';
import keytar from 'keytar';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formSignInBrowser } from '../../main/auth/form-sign-in';
import { KEYCHAIN_SERVICE, keychainAccount } from '../../main/auth/keychain.store';
import { SECRET_HEADER } from '../../main/bridge/bridge.server';
import { seedTenant, startTestApp } from '../support/api';
import type { SeededTenant, TestApp } from '../support/api';

const root = resolve(import.meta.dirname, '../..');
const tsx = createRequire(import.meta.url).resolve('tsx/cli');

interface Run {
  child: ChildProcessWithoutNullStreams;
  lines: string[];
  launchUrl: string;
  apiUrl: string | null;
}

/** Starts `npm start`'s script and waits for the line with the one-time link. */
function startBookdesk(
  dataDir: string,
  options: { args?: string[]; env?: NodeJS.ProcessEnv } = {},
): Promise<Run> {
  const child = spawn(process.execPath, [tsx, 'scripts/start.ts', ...(options.args ?? [])], {
    cwd: root,
    env: {
      ...process.env,
      BOOKDESK_DATA_DIR: dataDir,
      BOOKDESK_API_URL: '',
      DISPLAY: '',
      WAYLAND_DISPLAY: '',
      NODE_ENV: 'production',
      ...options.env,
    },
  });
  const lines: string[] = [];
  return new Promise((settle, fail) => {
    let buffer = '';
    child.stderr.on('data', (c: Buffer) => lines.push(`stderr: ${c}`));
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const parts = buffer.split('\n');
      buffer = parts.pop()!;
      lines.push(...parts);
      const link = /one-time link in a browser: (\S+)/.exec(parts.join('\n'));
      if (link) {
        const api = lines.map((l) => /API listening on (\S+) /.exec(l)?.[1]).find(Boolean) ?? null;
        settle({ child, lines, launchUrl: link[1]!, apiUrl: api });
      }
    });
    child.once('exit', (code) => fail(new Error(`npm start exited (${code}):\n${lines.join('\n')}`)));
  });
}

/** Signal the script like Ctrl-C does and wait for its exit code. */
function interrupt(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  return new Promise((done) => {
    child.once('exit', (code) => done(code));
    child.kill('SIGINT');
  });
}

/** Opens the app like the Chromium window does; returns a caller of IPC channels with the page's secret. */
async function openPage(launchUrl: string) {
  const origin = new URL(launchUrl).origin;
  const launch = await fetch(launchUrl, { redirect: 'manual' });
  const cookie = launch.headers.get('set-cookie')!.split(';')[0]!;
  const page = await (await fetch(`${origin}/`, { headers: { cookie } })).text();
  const secret = /name="bookdesk-bridge-secret" content="([^"]+)"/.exec(page)![1]!;
  const call = async (channel: string, args: unknown) => {
    const reply = await fetch(`${origin}/ipc/${channel}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [SECRET_HEADER]: secret, origin },
      body: JSON.stringify(args),
    });
    return (await reply.json()) as { ok: boolean; value?: unknown; error?: { message: string } };
  };
  /** The payload of the first `name` event on the page's event stream from now on. */
  const nextEvent = async (name: string): Promise<unknown> => {
    const controller = new AbortController();
    const stream = await fetch(`${origin}/events`, {
      headers: { [SECRET_HEADER]: secret },
      signal: controller.signal,
    });
    const reader = stream.body!.pipeThrough(new TextDecoderStream()).getReader();
    let found: unknown;
    const parser = createParser({
      onEvent: (e) => void (e.event === name && (found ??= JSON.parse(e.data))),
    });
    while (found === undefined) parser.feed((await reader.read()).value ?? '');
    controller.abort();
    return found;
  };
  return { call, nextEvent };
}
const openThroughBridge = async (launchUrl: string) => (await openPage(launchUrl)).call;

interface Stored {
  tokens: { accessToken: string; refreshToken: string; expiresAt: string };
}
const readKeychain = async (apiUrl: string) =>
  JSON.parse((await keytar.getPassword(KEYCHAIN_SERVICE, keychainAccount(apiUrl)))!) as Stored;

/** Deletes what a run with `dataDir` kept in the keyring: its API entry, demo sign-ins, cache keys. */
async function forgetKeyringEntries(dataDir: string, apiUrl: string | null): Promise<void> {
  for (const { account } of await keytar.findCredentials(KEYCHAIN_SERVICE))
    if (account.includes(dataDir) || (apiUrl && account.startsWith(keychainAccount(apiUrl))))
      await keytar.deletePassword(KEYCHAIN_SERVICE, account);
}

/** GET on the API as the owner (the token `npm start` stored). */
async function apiGet<T>(apiUrl: string, path: string): Promise<T> {
  const { tokens } = await readKeychain(apiUrl);
  const response = await fetch(new URL(path, apiUrl), {
    headers: { authorization: `Bearer ${tokens.accessToken}` },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

type Call = Awaited<ReturnType<typeof openThroughBridge>>;
interface Day {
  location: { timeZone: string };
  bookings: { id: string; status: string }[];
  walkIns: { id: string; position: number | null; estimatedWaitMinutes: number | null }[];
}

/** The cached day of today (in the account's zone) and its bounds as instants. */
async function cachedToday(call: Call) {
  const status = (await call('session:status', {})).value as { timeZone: string };
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: status.timeZone }).format(new Date());
  const day = await call('schedule:getDay', { date: today });
  expect(day.ok).toBe(true);
  return day.value as Day;
}

describe('npm start', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'bookdesk-start-'));
  let first: Run;
  let firstExit: number | null;
  let firstCall: Promise<Call> | null = null;
  /** The launch link is one-time: every test of the first run shares the page it opened. */
  const callFirst = () => (firstCall ??= openThroughBridge(first.launchUrl));

  beforeAll(async () => {
    first = await startBookdesk(dataDir);
  }, 180_000);

  afterAll(async () => {
    if (first?.child.exitCode === null) await interrupt(first.child);
    await forgetKeyringEntries(dataDir, first?.apiUrl ?? null);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts the API, seeds the demo business and says how the UI opens', () => {
    const out = first.lines.join('\n');

    expect(first.apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(out).toContain('Signed up the demo business "Juniper & Co. Hair Studio"');
    expect(out).toMatch(/Created the demo business through the API: 5 services, 4 staff, 23 customers,/);
    expect(out).toContain(
      'The desk signed in as owner@juniper.example.com (OAuth, PKCE; tokens in the system keychain).',
    );
    expect(out).toContain('The desk is in sync with the API.');
    expect(out).toMatch(/opening Bookdesk in a Chromium app window instead/);
  });

  it('prints an owner and a receptionist sign-in once, strong, kept in the keychain', async () => {
    const shown = first.lines.join('\n');
    const owner = /^ {2}owner {9}owner@juniper\.example\.com {2}(\S+)$/m.exec(shown)?.[1];
    const receptionist = /^ {2}receptionist {2}frontdesk@juniper\.example\.com {2}(\S+)$/m.exec(shown)?.[1];

    expect(shown).toContain('Demo sign-in (shown once):');
    expect(owner?.length).toBeGreaterThanOrEqual(15);
    expect(receptionist?.length).toBeGreaterThanOrEqual(15);
    const kept = await keytar.getPassword(KEYCHAIN_SERVICE, `demo-sign-in:${dataDir}`);
    expect(kept).toContain(owner);
    expect(kept).toContain(receptionist);
  });

  it("keeps the desk's working OAuth tokens in the keychain, per API URL", async () => {
    const stored = await readKeychain(first.apiUrl!);

    expect(Date.parse(stored.tokens.expiresAt)).toBeGreaterThan(Date.now());
    expect(stored.tokens.refreshToken).toEqual(expect.any(String));
    const me = await apiGet<{ user: { email: string; role: string } }>(first.apiUrl!, '/v1/me');
    expect(me.user).toMatchObject({ email: 'owner@juniper.example.com', role: 'owner' });
  });

  it('serves the seeded day, signed in and online, through the bridge', async () => {
    const call = await callFirst();
    const status = await call('session:status', {});
    expect(status).toMatchObject({
      ok: true,
      value: {
        signedIn: true,
        online: true,
        businessName: 'Juniper & Co. Hair Studio',
        userName: 'Rosa Alvarez',
        role: 'owner',
        apiBaseUrl: first.apiUrl,
        credentials: { backend: 'keychain', persistent: true },
      },
    });
    expect(JSON.stringify(status)).not.toContain((await readKeychain(first.apiUrl!)).tokens.accessToken);
  });

  it("caches the API's bookings and walk-ins of today, with queue waits worked out locally", async () => {
    const day = await cachedToday(await callFirst());
    const zone = day.location.timeZone;
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(new Date());
    const from = new Date(`${today}T00:00:00Z`);
    const bounds = `from=${encodeURIComponent(new Date(from.getTime() - 14 * 3600_000).toISOString())}&to=${encodeURIComponent(new Date(from.getTime() + 38 * 3600_000).toISOString())}`;
    const listed = await apiGet<{ items: { id: string; start: string; status: string }[] }>(
      first.apiUrl!,
      `/v1/bookings?${bounds}&limit=200`,
    );
    const onToday = listed.items.filter(
      (b) => new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(new Date(b.start)) === today,
    );
    const queue = await apiGet<{
      items: { id: string; position: number; estimatedWaitMinutes: number | null }[];
    }>(first.apiUrl!, '/v1/walk-ins');

    expect(day.bookings.map((b) => [b.id, b.status]).sort()).toEqual(
      onToday.map((b) => [b.id, b.status]).sort(),
    );
    expect(day.walkIns.map((w) => [w.id, w.position])).toEqual(queue.items.map((w) => [w.id, w.position]));
    for (const [i, walkIn] of day.walkIns.entries())
      expect(walkIn.estimatedWaitMinutes === null).toBe(queue.items[i]!.estimatedWaitMinutes === null);
  });

  it('stops the API and itself on Ctrl-C', async () => {
    firstExit = await interrupt(first.child);

    expect(firstExit).toBe(0);
    await expect(fetch(`${first.apiUrl}/healthz`)).rejects.toThrow();
  });

  it('neither signs up, seeds nor shows the sign-ins again on the next start; the desk reopens signed in', async () => {
    const second = await startBookdesk(dataDir);
    try {
      const out = second.lines.join('\n');
      expect(second.apiUrl).toBe(first.apiUrl);
      expect(out).not.toContain('Signed up the demo business');
      expect(out).not.toContain('Created the demo business');
      expect(out).not.toContain('Demo sign-in (shown once)');
      expect(out).not.toContain('The desk signed in as');
      expect(out).toContain('The desk is in sync with the API.');
      const call = await openThroughBridge(second.launchUrl);
      expect(await call('session:status', {})).toMatchObject({ value: { signedIn: true, online: true } });
    } finally {
      await interrupt(second.child);
    }
  }, 120_000);

  it('starts the demo afresh with --reset-demo: new sign-ins, the previous desk forgotten', async () => {
    const before = await keytar.getPassword(KEYCHAIN_SERVICE, `demo-sign-in:${dataDir}`);
    const reset = await startBookdesk(dataDir, { args: ['--reset-demo'] });
    try {
      const out = reset.lines.join('\n');
      expect(out).toContain('Reset the demo');
      expect(out).toContain('Signed up the demo business');
      expect(out).toContain('Demo sign-in (shown once):');
      expect(out).toContain('The desk signed in as owner@juniper.example.com');
      expect(await keytar.getPassword(KEYCHAIN_SERVICE, `demo-sign-in:${dataDir}`)).not.toBe(before);
      const call = await openThroughBridge(reset.launchUrl);
      expect(await call('session:status', {})).toMatchObject({ value: { signedIn: true, online: true } });
    } finally {
      await interrupt(reset.child);
    }
  }, 180_000);
});

describe('npm start with BOOKDESK_API_URL and --no-window', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'bookdesk-start-api-'));
  let t: TestApp;
  let apiUrl: string;
  let tenant: SeededTenant;
  let run: Run;
  let page: ReturnType<typeof openPage> | null = null;
  /** The launch link is one-time: the tests share the page it opened. */
  const openOnce = () => (page ??= openPage(run.launchUrl));

  beforeAll(async () => {
    t = await startTestApp('sqlite');
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    apiUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    tenant = await seedTenant(t.platform, { name: 'Hosted Salon' });
    run = await startBookdesk(dataDir, { args: ['--no-window'], env: { BOOKDESK_API_URL: apiUrl } });
  }, 180_000);

  afterAll(async () => {
    if (run?.child.exitCode === null) await interrupt(run.child);
    await t?.close();
    await forgetKeyringEntries(dataDir, apiUrl);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('uses that API: no embedded API, no demo, no window, the launch link printed', () => {
    const out = run.lines.join('\n');

    expect(out).toContain(`Using the API at ${apiUrl}: no embedded API and no demo.`);
    expect(out).not.toContain('API listening on');
    expect(out).not.toContain('demo business');
    expect(out).toMatch(
      /No window \(--no-window\); open this one-time link in a browser: http:\/\/127\.0\.0\.1:\d+\/\?launch=/,
    );
  });

  it('shows the sign-in screen first, proposing that API', async () => {
    const { call } = await openOnce();

    expect(await call('session:status', {})).toMatchObject({
      ok: true,
      value: { signedIn: false, apiBaseUrl: null, suggestedApiBaseUrl: apiUrl },
    });
    await expect(call('schedule:getDay', { date: '2026-11-27' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'unavailable' },
    });
  });

  it('signs a person in: the page opens the sign-in in a new tab, the desk opens that business', async () => {
    const { call, nextEvent } = await openOnce();
    const opened = nextEvent('session:openBrowser') as Promise<{ url: string }>;

    const signedIn = call('session:signIn', { apiBaseUrl: apiUrl });
    const { url } = await opened;
    expect(new URL(url).searchParams.get('code_challenge_method')).toBe('S256');
    expect(new URL(new URL(url).searchParams.get('redirect_uri')!).hostname).toBe('127.0.0.1');
    await formSignInBrowser({ email: tenant.email, password: tenant.password })(url);

    await expect(signedIn).resolves.toMatchObject({
      ok: true,
      value: { signedIn: true, apiBaseUrl: apiUrl, businessName: 'Hosted Salon', role: 'owner' },
    });
    await expect(call('session:status', {})).resolves.toMatchObject({ value: { signedIn: true } });
  });
});
