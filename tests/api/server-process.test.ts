/** `npm run server` as an operator runs it: no configuration needed, clean stop, unsafe binds refused. */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

function startServer(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += String(chunk)));
  child.stderr.on('data', (chunk) => (stderr += String(chunk)));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const listening = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      const match = /listening on (\S+)/.exec(stdout);
      if (match) resolve(match[1]!);
    });
    void exited.then((code) => reject(new Error(`exited ${code}: ${stderr}`)));
  });
  listening.catch(() => undefined); // awaited by the tests that expect a start
  return { child, listening, exited, output: () => ({ stdout, stderr }) };
}

describe('npm run server', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'bookdesk-server-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('starts with no configuration but a data dir, prints its URL, serves, and stops cleanly on SIGTERM', async () => {
    const sut = startServer({ BOOKDESK_DATA_DIR: dataDir, PORT: '0' });
    const url = await sut.listening;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${url}/readyz`);
    expect(await response.json()).toEqual({ status: 'ok' });
    sut.child.kill('SIGTERM');
    expect(await sut.exited).toBe(0);
    expect(sut.output().stdout.match(/listening on/g)).toHaveLength(1);
  });

  it('refuses to serve plain HTTP on a non-loopback address', async () => {
    const sut = startServer({ BOOKDESK_DATA_DIR: dataDir, PORT: '0', HOST: '0.0.0.0' });
    expect(await sut.exited).toBe(1);
    expect(sut.output().stderr).toMatch(/not a loopback address.*TLS_CERT/);
  });
});
