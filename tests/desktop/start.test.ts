/**
 * `npm start` end to end on a machine without a display or Electron binary: the real API starts on
 * embedded SQLite, the demo business is signed up, its owner signed in through OAuth (tokens in the
 * real keyring), its data created through the REST API and pulled into the cache, the bridge serves
 * it, and Ctrl-C stops everything. Needs server/index.ts (the hosted API) to be runnable.
 */
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import keytar from 'keytar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEYCHAIN_SERVICE, keychainAccount } from '../../main/auth/keychain.store';
import { SECRET_HEADER } from '../../main/bridge/bridge.server';

const root = resolve(import.meta.dirname, '../..');
const tsx = createRequire(import.meta.url).resolve('tsx/cli');

interface Run {
  child: ChildProcessWithoutNullStreams;
  lines: string[];
  launchUrl: string;
  apiUrl: string | null;
}

/** Starts `npm start`'s script and waits for the line with the one-time link. */
function startBookdesk(dataDir: string): Promise<Run> {
  const child = spawn(process.execPath, [tsx, 'scripts/start.ts'], {
    cwd: root,
    env: {
      ...process.env,
      BOOKDESK_DATA_DIR: dataDir,
      DISPLAY: '',
      WAYLAND_DISPLAY: '',
      NODE_ENV: 'production',
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
async function openThroughBridge(launchUrl: string) {
  const origin = new URL(launchUrl).origin;
  const launch = await fetch(launchUrl, { redirect: 'manual' });
  const cookie = launch.headers.get('set-cookie')!.split(';')[0]!;
  const page = await (await fetch(`${origin}/`, { headers: { cookie } })).text();
  const secret = /name="bookdesk-bridge-secret" content="([^"]+)"/.exec(page)![1]!;
  return async (channel: string, args: unknown) => {
    const reply = await fetch(`${origin}/ipc/${channel}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [SECRET_HEADER]: secret, origin },
      body: JSON.stringify(args),
    });
    return (await reply.json()) as { ok: boolean; value?: unknown };
  };
}

interface Stored {
  owner: { email: string; password: string };
  tokens: { accessToken: string; refreshToken: string; expiresAt: string };
}
const readKeychain = async (apiUrl: string) =>
  JSON.parse((await keytar.getPassword(KEYCHAIN_SERVICE, keychainAccount(apiUrl)))!) as Stored;

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
    if (first?.apiUrl) await keytar.deletePassword(KEYCHAIN_SERVICE, keychainAccount(first.apiUrl));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts the API, seeds the demo business and says how the UI opens', () => {
    const out = first.lines.join('\n');

    expect(first.apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(out).toContain('Signed up the demo business "Juniper & Co. Hair Studio"');
    expect(out).toContain('The owner password is in the system keychain');
    expect(out).toContain(
      'Signed in as owner@juniper.example.com (OAuth, PKCE); tokens in the system keychain.',
    );
    expect(out).toMatch(/Created the demo business through the API: 5 services, 4 staff, 23 customers,/);
    expect(out).toMatch(/Pulled \d+ changes from the API into the local cache \(full snapshot/);
    expect(out).not.toContain('Filled the local cache with the demo day');
    expect(out).toMatch(/opening Bookdesk in a Chromium app window instead/);
  });

  it('keeps a strong generated owner password and working OAuth tokens in the keychain, per API URL', async () => {
    const stored = await readKeychain(first.apiUrl!);

    expect(stored.owner.email).toBe('owner@juniper.example.com');
    expect(stored.owner.password.length).toBeGreaterThanOrEqual(15);
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
      value: { signedIn: true, online: true, businessName: 'Juniper & Co. Hair Studio' },
    });
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

  it('neither signs up nor seeds again on the next start, keeps the address and pulls what changed', async () => {
    const second = await startBookdesk(dataDir);
    try {
      const out = second.lines.join('\n');
      expect(second.apiUrl).toBe(first.apiUrl);
      expect(out).not.toContain('Signed up the demo business');
      expect(out).not.toContain('Created the demo business');
      expect(out).not.toContain('Filled the local cache');
      expect(out).toMatch(/Pulled \d+ changes from the API into the local cache \(since the last pull/);
      const call = await openThroughBridge(second.launchUrl);
      expect(await call('session:status', {})).toMatchObject({ value: { signedIn: true, online: true } });
    } finally {
      await interrupt(second.child);
    }
  }, 120_000);
});
