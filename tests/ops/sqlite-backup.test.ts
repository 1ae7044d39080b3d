/**
 * Embedded SQLite backups (README.md "Operations"): online copies through the backup API, verified,
 * encrypted under the master keys, kept by the retention policy; `npm run restore -- --at` refuses
 * while the server has the file open, restores the copy of that time and keeps the current file
 * aside. Every backup here is restored and compared.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Sqlite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app';
import { openPlatform } from '../../server/platform';
import { SqliteBackupService } from '../../server/ops/backup.service';
import type { SeededTenant, TestApp } from '../support/api';
import { testConfig } from '../support/api';
import {
  expectCall,
  seedClockedTenant,
  seedShop,
  startClockedApp,
  TestClock,
} from '../frontdesk/front-desk.fixtures';

const run = promisify(execFile);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function customerNames(file: string): string[] {
  const db = new Sqlite(file, { readonly: true });
  try {
    return (db.prepare('SELECT name FROM customers ORDER BY name').all() as { name: string }[]).map(
      (r) => r.name,
    );
  } finally {
    db.close();
  }
}

describe('embedded SQLite backups', () => {
  const clock = new TestClock(Date.parse('2026-06-01T00:00:00Z'));
  let sut: TestApp;
  let owner: SeededTenant;
  let backups: SqliteBackupService;
  let file: string;

  beforeAll(async () => {
    sut = await startClockedApp('sqlite', clock);
    owner = await seedClockedTenant(sut);
    await seedShop(sut, owner.token, { staffCount: 2 });
    file = sut.config.database.url;
    backups = new SqliteBackupService({
      databaseFile: file,
      backupDir: join(sut.config.dataDir, 'backups'),
      cipher: sut.platform.cipher,
      now: clock.now,
    });
  });
  afterAll(async () => {
    await sut?.close();
  });

  it('takes verified, encrypted online copies and restores the one of the requested time', async () => {
    await expectCall(sut, owner.token, 'POST', '/v1/customers', 201, {
      name: 'Ann Early',
      phone: '+44 7700 900001',
    });
    const first = await backups.take();
    expect(first.kind).toBe('daily');
    console.log(
      `backup: ${first.databaseBytes} B database → ${first.storedBytes} B encrypted in ${first.durationMs} ms`,
    );

    // Nothing of the database is readable in the stored file.
    const stored = await readFile(first.file);
    expect(stored.includes(Buffer.from('Ann Early'))).toBe(false);
    expect(stored.includes(Buffer.from('SQLite format 3'))).toBe(false);

    clock.ms += 5 * MINUTE;
    await expectCall(sut, owner.token, 'POST', '/v1/customers', 201, { name: 'Bob Later' });
    const second = await backups.take();
    expect(second.kind).toBe('point');

    // Each copy decrypts, passes integrity_check, and holds what the database held when it was taken.
    const scratch = join(sut.config.dataDir, 'scratch.sqlite');
    await backups.decryptTo((await backups.list())[0]!, scratch);
    expect(customerNames(scratch)).toEqual(['Ann Early']);
    await backups.decryptTo((await backups.list())[1]!, scratch);
    expect(customerNames(scratch)).toEqual(['Ann Early', 'Bob Later']);

    // A tampered copy is refused.
    const tampered = join(backups.backupDir, 'tampered.bdbk');
    const bytes = Buffer.from(stored);
    bytes[bytes.length - 100]! ^= 0x01;
    await writeFile(tampered, bytes);
    await expect(
      backups.decryptTo({ ...(await backups.list())[0]!, file: tampered }, scratch),
    ).rejects.toThrow();
    await import('node:fs/promises').then((fs) => fs.rm(tampered));

    // npm run restore refuses while the server has the file open…
    const env = {
      ...process.env,
      BOOKDESK_DATA_DIR: sut.config.dataDir,
      DATABASE_URL: `sqlite:${file}`,
    };
    const at = new Date(clock.ms - 2 * MINUTE).toISOString();
    const refused = await run('npx', ['tsx', 'server/cli/restore.ts', '--at', at], { env }).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(refused).toMatchObject({ code: 1 });
    expect((refused as { stderr: string }).stderr).toMatch(/stop the server/);

    // …and once it is stopped, restores the copy taken at or before --at, keeping the current file aside.
    await sut.app.close();
    const started = performance.now();
    const { stdout } = await run('npx', ['tsx', 'server/cli/restore.ts', '--at', at], { env });
    const restored = JSON.parse(stdout) as { restored: string; keptAside: string; durationMs: number };
    console.log(
      `restore (CLI, incl. tsx start): ${Math.round(performance.now() - started)} ms, restore itself ${restored.durationMs} ms`,
    );
    expect(restored.restored).toBe(first.id);
    expect(customerNames(file)).toEqual(['Ann Early']);
    expect(customerNames(restored.keptAside)).toEqual(['Ann Early', 'Bob Later']);

    // The server starts on the restored file and serves it.
    const config = testConfig({ ...sut.db, dataDir: sut.config.dataDir }, {});
    const platform = await openPlatform(config, { now: clock.now });
    const app = await buildApp(config, { platform, auditRetention: false });
    try {
      const response = await app.inject({
        method: 'GET',
        url: '/v1/customers',
        headers: { authorization: `Bearer ${owner.token}` },
      });
      expect(response.statusCode).toBe(200);
      expect((response.json() as { items: { name: string }[] }).items.map((c) => c.name)).toEqual([
        'Ann Early',
      ]);
    } finally {
      await app.close();
    }
  });

  it('keeps 5-minute points for 48 h, dailies for 30 days, and the newest always', async () => {
    const dir = join(sut.config.dataDir, 'retention');
    const kept = new SqliteBackupService({
      databaseFile: file,
      backupDir: dir,
      cipher: sut.platform.cipher,
      now: clock.now,
    });
    const ids = async () => (await kept.list()).map((e) => e.header.id);
    clock.set('2026-07-01T00:00:00Z');
    const day0 = await kept.take();
    clock.ms += 5 * MINUTE;
    const point0 = await kept.take();
    expect([day0.kind, point0.kind]).toEqual(['daily', 'point']);
    clock.ms += 49 * HOUR;
    const day2 = await kept.take();
    expect(day2.kind).toBe('daily');
    expect(day2.pruned).toEqual([`${point0.id}.bdbk`]);
    expect(await ids()).toEqual([day0.id, day2.id]);
    clock.ms += 31 * DAY;
    const last = await kept.take('point');
    expect(await ids()).toEqual([last.id]);
    expect(existsSync(join(dir, `${day0.id}.bdbk`))).toBe(false);
    expect((await readdir(dir)).filter((n) => !n.endsWith('.bdbk'))).toEqual([]);
  });
});
