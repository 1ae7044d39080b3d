/**
 * Issue 14 §5, SIGTERM to `npm start` (as a service manager or `kill <pid>` sends it, to npm only):
 * its embedded API and its bridge stop and no process of it is left. npm passes the signal to its
 * script shell only, which used to die alone and leave tsx, the desk, the bridge and the API running.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildRendererIfStale } from '../../scripts/start/renderer-build';
import { connectionRefused, root, waitFor } from './fault-support';

/** Whether any process of the process group `pgid` is still running. */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('npm start on SIGTERM', () => {
  let pgid: number | undefined;
  let dataDir: string | undefined;
  // npm start builds a stale renderer first; done here, outside the test's own time bound.
  beforeAll(async () => {
    await buildRendererIfStale(root);
  }, 180_000);
  afterEach(() => {
    // Whatever is left of the run this test started (its own process group) goes.
    if (pgid !== undefined && groupAlive(pgid)) process.kill(-pgid, 'SIGKILL');
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    pgid = dataDir = undefined;
  });

  /** `npm start -- --no-window` in its own process group, like a service: a signal to it reaches npm alone. */
  function npmStart(): { pid: number; output: () => string } {
    dataDir = mkdtempSync(join(tmpdir(), 'bookdesk-npm-start-'));
    const npm = spawn('npm', ['start', '--', '--no-window'], {
      cwd: root,
      detached: true,
      env: {
        ...process.env,
        BOOKDESK_DATA_DIR: dataDir,
        BOOKDESK_API_URL: '',
        DISPLAY: '',
        WAYLAND_DISPLAY: '',
        NODE_ENV: 'production',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    pgid = npm.pid!;
    let out = '';
    npm.stdout.on('data', (chunk) => (out += String(chunk)));
    npm.stderr.on('data', (chunk) => (out += String(chunk)));
    return { pid: npm.pid!, output: () => out };
  }

  it('ends its API and bridge and leaves no process behind', async () => {
    const npm = npmStart();
    const link = await waitFor(
      () => /one-time link in a browser: (\S+)/.exec(npm.output())?.[1],
      45_000,
      100,
    );
    const apiUrl = /API listening on (\S+) /.exec(npm.output())?.[1];
    expect(apiUrl, npm.output()).toBeTruthy();
    const bridgeUrl = new URL(link).origin;
    expect((await fetch(`${apiUrl}/readyz`)).status).toBe(200);

    process.kill(npm.pid, 'SIGTERM');

    await waitFor(() => !groupAlive(pgid!), 10_000, 100);
    expect(await connectionRefused(apiUrl!)).toBe(true);
    expect(await connectionRefused(bridgeUrl)).toBe(true);
  }, 59_000);

  it('stops the API it already started when SIGTERM comes while it is still starting', async () => {
    const npm = npmStart();
    // The API is up; the demo business is still being created.
    const apiUrl = await waitFor(() => /API listening on (\S+) /.exec(npm.output())?.[1], 45_000, 20);
    process.kill(npm.pid, 'SIGTERM');

    await waitFor(() => !groupAlive(pgid!), 40_000, 100);
    expect(await connectionRefused(apiUrl)).toBe(true);
  }, 59_000);

  it('acts on a SIGTERM at once while starting: what was starting stops, the rest never starts', async () => {
    const npm = npmStart();
    // Its first line: the API (seconds of start-up) and the demo business are still ahead.
    await waitFor(() => npm.output().includes('Bookdesk · data in'), 45_000, 20);
    process.kill(npm.pid, 'SIGTERM');

    await waitFor(() => !groupAlive(pgid!), 40_000, 100);
    // A stop held until start-up was over would have created the demo and printed its sign-ins.
    expect(npm.output()).not.toMatch(/demo sign-in/i);
    expect(npm.output()).not.toContain('one-time link');
    const apiUrl = /API listening on (\S+) /.exec(npm.output())?.[1];
    if (apiUrl) expect(await connectionRefused(apiUrl)).toBe(true);
  }, 59_000);
});
