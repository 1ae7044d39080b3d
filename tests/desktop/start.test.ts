/**
 * `npm start` end to end on a machine without a display or Electron binary: the real API starts on
 * embedded SQLite, the demo business is signed up and cached, the bridge serves it, and Ctrl-C stops
 * everything. Needs server/index.ts (the hosted API) to be runnable.
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

describe('npm start', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'bookdesk-start-'));
  let first: Run;
  let firstExit: number | null;

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
    expect(out).toMatch(
      /Filled the local cache with the demo day \d{4}-\d{2}-\d{2} \(22 bookings, 2 walk-ins\)/,
    );
    expect(out).toMatch(/opening Bookdesk in a Chromium app window instead/);
  });

  it('keeps a strong generated owner password in the keychain, per API URL', async () => {
    const stored = JSON.parse((await keytar.getPassword(KEYCHAIN_SERVICE, keychainAccount(first.apiUrl!)))!);

    expect(stored.owner.email).toBe('owner@juniper.example.com');
    expect(stored.owner.password.length).toBeGreaterThanOrEqual(15);
  });

  it('serves the seeded day, signed in and online, through the bridge', async () => {
    const call = await openThroughBridge(first.launchUrl);
    const status = await call('session:status', {});
    expect(status).toMatchObject({
      ok: true,
      value: { signedIn: true, online: true, businessName: 'Juniper & Co. Hair Studio' },
    });

    const zone = (status.value as { timeZone: string }).timeZone;
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(new Date());
    const day = await call('schedule:getDay', { date: today });
    expect(day.ok).toBe(true);
    expect((day.value as { bookings: unknown[] }).bookings).toHaveLength(22);
  });

  it('stops the API and itself on Ctrl-C', async () => {
    firstExit = await interrupt(first.child);

    expect(firstExit).toBe(0);
    await expect(fetch(`${first.apiUrl}/healthz`)).rejects.toThrow();
  });

  it('does not seed twice and keeps the API on the same address on the next start', async () => {
    const second = await startBookdesk(dataDir);
    try {
      const out = second.lines.join('\n');
      expect(second.apiUrl).toBe(first.apiUrl);
      expect(out).not.toContain('Signed up the demo business');
      expect(out).not.toContain('Filled the local cache');
    } finally {
      await interrupt(second.child);
    }
  }, 120_000);
});
