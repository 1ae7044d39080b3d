import { mkdtempSync, readdirSync, rmSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ApiAddressError,
  deleteCacheFiles,
  deskCacheFile,
  normaliseApiBaseUrl,
  RememberedAccountFile,
} from './account-files';

const TENANT = '6f1c2d1e-3b7a-4f0e-9a55-0c2b8f1d7e21';

describe(normaliseApiBaseUrl.name, () => {
  it.each([
    ['https://API.bookdesk.example/', 'https://api.bookdesk.example'],
    ['https://bookdesk.example/api/', 'https://bookdesk.example/api'],
    ['http://127.0.0.1:8787', 'http://127.0.0.1:8787'],
    ['http://localhost:8787/', 'http://localhost:8787'],
  ])('takes %s as %s', (input, canonical) => {
    expect(normaliseApiBaseUrl(input)).toBe(canonical);
  });

  it.each([
    'http://api.bookdesk.example',
    'http://192.168.1.20:8787',
    'ftp://127.0.0.1',
    'https://u:p@x.example',
    'bookdesk',
  ])('refuses %s: a sign-in never crosses a network in the clear', (input) => {
    expect(() => normaliseApiBaseUrl(input)).toThrow(ApiAddressError);
  });
});

describe(deskCacheFile.name, () => {
  it('gives each (server, tenant) a file of its own', () => {
    const a = deskCacheFile('/d', 'https://a.example', TENANT);
    const otherServer = deskCacheFile('/d', 'https://b.example', TENANT);
    const otherTenant = deskCacheFile('/d', 'https://a.example', '0b8d7a52-5b0f-4c39-a2c7-3a2f4e1c9d10');

    expect(new Set([a, otherServer, otherTenant]).size).toBe(3);
    expect(a).toMatch(/^\/d\/[0-9a-f]{16}\/6f1c2d1e-3b7a-4f0e-9a55-0c2b8f1d7e21\/cache\.sqlite$/);
    expect(deskCacheFile('/d', 'https://A.example/', TENANT)).toBe(a);
  });

  it('refuses a tenant id that is not a UUID (it names a folder)', () => {
    expect(() => deskCacheFile('/d', 'https://a.example', '../../etc')).toThrow(/not a UUID/);
  });
});

describe(deleteCacheFiles.name, () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('deletes the database with its journals and the folders left empty, not a neighbour', () => {
    dir = mkdtempSync(join(tmpdir(), 'bookdesk-files-'));
    const file = deskCacheFile(dir, 'https://a.example', TENANT);
    const neighbour = deskCacheFile(dir, 'https://a.example', '0b8d7a52-5b0f-4c39-a2c7-3a2f4e1c9d10');
    for (const f of [file, `${file}-wal`, `${file}-shm`, neighbour]) {
      mkdirSync(dirname(f), { recursive: true });
      writeFileSync(f, 'x');
    }

    deleteCacheFiles(file);

    expect(existsSync(dirname(file))).toBe(false);
    expect(existsSync(neighbour)).toBe(true);
    deleteCacheFiles(neighbour);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe(RememberedAccountFile.name, () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads back what it wrote, and nothing from a damaged file', () => {
    dir = mkdtempSync(join(tmpdir(), 'bookdesk-account-'));
    const sut = new RememberedAccountFile(join(dir, 'account.json'));
    const account = {
      apiBaseUrl: 'https://a.example',
      tenantId: TENANT,
      userId: '0b8d7a52-5b0f-4c39-a2c7-3a2f4e1c9d10',
      userName: 'Rosa',
      role: 'owner' as const,
      businessName: 'Salon',
      timeZone: 'Europe/London',
    };

    sut.write(account);
    expect(sut.read()).toEqual(account);
    writeFileSync(sut.file, '{"apiBaseUrl": 1');
    expect(sut.read()).toBeNull();
    sut.clear();
    expect(sut.read()).toBeNull();
  });
});
