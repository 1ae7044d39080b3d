/**
 * The desk's data on disk holds customers, staff e-mails and bookings: its folders are created 0700
 * and its files 0600 (the local cache, its WAL, the remembered account, `logs/api.log`), like the
 * API's own database and key file. Runs under the usual umask 022, which used to leave them 0644 in
 * 0755 folders.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCacheDatabase } from '../../main/cache/cache.database';
import { RememberedAccountFile } from '../../main/session/account-files';
import { startApi } from '../../scripts/start/api-process';

const mode = (path: string) => statSync(path).mode & 0o777;

describe('the desk data folders and files', () => {
  let dir: string;
  let previousUmask: number;

  beforeAll(() => {
    previousUmask = process.umask(0o022);
    dir = mkdtempSync(join(tmpdir(), 'bookdesk-perms-'));
  });
  afterAll(() => {
    process.umask(previousUmask);
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates the cache database, its WAL and its folders private to the user', () => {
    const file = join(dir, 'desktop', 'server-key', 'tenant', 'cache.sqlite');
    const cache = openCacheDatabase(file);
    try {
      expect(mode(file).toString(8)).toBe('600');
      expect(mode(`${file}-wal`).toString(8)).toBe('600');
      for (const folder of [dirname(file), dirname(dirname(file)), join(dir, 'desktop')])
        expect(mode(folder).toString(8), folder).toBe('700');
    } finally {
      cache.close();
    }
  });

  it('writes the remembered account in a private folder', () => {
    const file = join(dir, 'account-root', 'desktop', 'account.json');
    new RememberedAccountFile(file).write({
      apiBaseUrl: 'http://127.0.0.1:8787',
      tenantId: '00000000-0000-4000-8000-000000000001',
      userId: '00000000-0000-4000-8000-000000000002',
      userName: 'Desk',
      role: 'receptionist',
      businessName: 'Salon',
      timeZone: 'Europe/London',
    });
    expect(mode(file).toString(8)).toBe('600');
    expect(mode(dirname(file)).toString(8)).toBe('700');
  });

  it("creates npm start's logs folder 0700 and the API log 0600", async () => {
    const root = join(dir, 'fake-root');
    mkdirSync(join(root, 'server'), { recursive: true });
    writeFileSync(join(root, 'server', 'index.ts'), `console.log('listening on http://127.0.0.1:1');\n`);
    const logFile = join(dir, 'data', 'logs', 'api.log');
    const started = await startApi({ root, dataDir: join(dir, 'data', 'api'), logFile, port: 0 });
    if (started.ok) await started.api.stop();
    expect(started.ok).toBe(true);
    expect(mode(logFile).toString(8)).toBe('600');
    expect(mode(dirname(logFile)).toString(8)).toBe('700');
    expect(mode(join(dir, 'data', 'api')).toString(8)).toBe('700');
  }, 30_000);
});
