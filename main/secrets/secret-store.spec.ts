/**
 * The SecretStore chain against the real Secret Service (tests/support/keyring.global.ts), keytar
 * loaded the way the app loads it, and a fake safeStorage at the Electron edge (Electron cannot run
 * here) that really encrypts.
 */
import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { KeytarLike } from './keytar.backend';
import { loadKeytar } from './keytar.backend';
import { givenKeytar, openSecretStore } from './open-secret-store';
import type { SafeStorageLike } from './safe-storage.backend';
import { safeStorageProblem } from './safe-storage.backend';

/** Electron's safeStorage as far as the chain can tell: a real cipher under a key the "OS" keeps. */
function fakeSafeStorage(backend: string, available = true): SafeStorageLike {
  const key = randomBytes(32);
  return {
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend,
    encryptString(plainText) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, body, cipher.getAuthTag()]);
    },
    decryptString(encrypted) {
      const decipher = createDecipheriv('aes-256-gcm', key, encrypted.subarray(0, 12));
      decipher.setAuthTag(encrypted.subarray(encrypted.length - 16));
      return Buffer.concat([
        decipher.update(encrypted.subarray(12, encrypted.length - 16)),
        decipher.final(),
      ]).toString('utf8');
    },
  };
}

const never = () => new Promise<never>(() => {});
/** A keychain that never answers (a locked keyring whose prompt cannot show). */
const hungKeytar: KeytarLike = { getPassword: never, setPassword: never, deletePassword: never };

describe('SecretStore chain', () => {
  const service = `Bookdesk-test-${randomUUID()}`;
  let keytar: KeytarLike & { findCredentials(service: string): Promise<{ account: string }[]> };
  let dir: string;

  beforeAll(async () => {
    const loaded = await loadKeytar();
    if (!loaded.ok) throw new Error(loaded.reason);
    keytar = loaded.keytar as typeof keytar;
    dir = mkdtempSync(join(tmpdir(), 'bookdesk-secrets-'));
  });
  afterEach(async () => {
    for (const { account } of await keytar.findCredentials(service))
      await keytar.deletePassword(service, account);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps secrets in the OS keychain when it answers', async () => {
    const sut = await openSecretStore({ service });

    await sut.set('token:a', 'secret-1');

    expect(sut.status()).toEqual({ backend: 'keychain', persistent: true, reason: null });
    expect(sut.locationOf('token:a')).toEqual({ backend: 'keychain', persistent: true, reason: null });
    await expect(keytar.getPassword(service, 'token:a')).resolves.toBe('secret-1');
    const nextRun = await openSecretStore({ service });
    await expect(nextRun.get('token:a')).resolves.toBe('secret-1');
    expect(nextRun.locationOf('token:a')?.backend).toBe('keychain');
  });

  it('falls back to memory, saying why, when keytar is not installed', async () => {
    const sut = await openSecretStore({
      service,
      loadKeytar: () => loadKeytar(() => import(`keytar-missing-${randomUUID()}`)),
    });

    await sut.set('token:a', 'secret-1');

    await expect(sut.get('token:a')).resolves.toBe('secret-1');
    const where = sut.locationOf('token:a')!;
    expect(where).toMatchObject({ backend: 'memory', persistent: false });
    expect(where.reason).toMatch(/in memory for this run only, so you will need to sign in again/);
    expect(where.reason).toMatch(/system keychain: keytar is not installed/);
    expect(where.reason).toMatch(/Electron safeStorage: not running in Electron/);
    await expect(keytar.getPassword(service, 'token:a')).resolves.toBeNull();
  });

  it('falls back when keytar throws on load (its native part missing) or never answers', async () => {
    const broken = await openSecretStore({
      service,
      loadKeytar: () =>
        loadKeytar(async () => {
          throw new Error('libsecret-1.so.0: cannot open shared object file');
        }),
    });
    const hung = await openSecretStore({ service, loadKeytar: givenKeytar(hungKeytar), timeoutMs: 50 });

    expect(broken.status().reason).toMatch(/keytar could not load \(libsecret-1\.so\.0/);
    expect(hung.status()).toMatchObject({ backend: 'memory', persistent: false });
    expect(hung.status().reason).toMatch(/did not answer within 50 ms/);
  });

  it('records per entry where it went: a keychain refusing one write sends that entry on', async () => {
    let refuse = false;
    const picky: KeytarLike = {
      getPassword: (s, a) => keytar.getPassword(s, a),
      setPassword: (s, a, p) =>
        refuse ? Promise.reject(new Error('collection is locked')) : keytar.setPassword(s, a, p),
      deletePassword: (s, a) => keytar.deletePassword(s, a),
    };
    const sut = await openSecretStore({ service, loadKeytar: givenKeytar(picky) });

    await sut.set('first', 'one');
    refuse = true;
    await sut.set('second', 'two');

    expect(sut.locationOf('first')?.backend).toBe('keychain');
    expect(sut.locationOf('second')).toMatchObject({ backend: 'memory', persistent: false });
    expect(sut.locationOf('second')?.reason).toMatch(/refused the entry \(collection is locked\)/);
    await expect(sut.get('second')).resolves.toBe('two');
  });

  it('says it could not ask, rather than "absent", when the keychain fails a read', async () => {
    let locked = false;
    const flaky: KeytarLike = {
      getPassword: (s, a) =>
        locked ? Promise.reject(new Error('access prompt refused')) : keytar.getPassword(s, a),
      setPassword: (s, a, p) => keytar.setPassword(s, a, p),
      deletePassword: (s, a) => keytar.deletePassword(s, a),
    };
    const sut = await openSecretStore({ service, loadKeytar: givenKeytar(flaky) });
    await sut.set('cache-key', 'k');
    const nextRun = await openSecretStore({ service, loadKeytar: givenKeytar(flaky) });
    locked = true;

    await expect(nextRun.get('cache-key')).rejects.toThrow(/system keychain: access prompt refused/);
    locked = false;
    await expect(nextRun.get('cache-key')).resolves.toBe('k');
  });

  describe('with Electron safeStorage', () => {
    const noKeytar = () => loadKeytar(async () => Promise.reject(new Error('Cannot find module keytar')));

    it('uses it when it has a real backend, keeping only ciphertext in a 0600 file', async () => {
      const file = join(dir, 'secrets.json');
      const safeStorage = fakeSafeStorage('gnome_libsecret');
      const sut = await openSecretStore({
        loadKeytar: noKeytar,
        safeStorage,
        safeStorageFile: file,
        platform: 'linux',
      });

      await sut.set('token:a', 'secret-in-safe-storage');

      expect(sut.locationOf('token:a')).toMatchObject({ backend: 'safeStorage', persistent: true });
      expect(sut.locationOf('token:a')?.reason).toMatch(
        /Electron safeStorage \(system keychain: keytar is not installed/,
      );
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(readFileSync(file, 'utf8')).not.toContain('secret-in-safe-storage');
      const nextRun = await openSecretStore({
        loadKeytar: noKeytar,
        safeStorage,
        safeStorageFile: file,
        platform: 'linux',
      });
      await expect(nextRun.get('token:a')).resolves.toBe('secret-in-safe-storage');
      await nextRun.delete('token:a');
      await expect(nextRun.get('token:a')).resolves.toBeNull();
    });

    it('refuses Linux basic_text (a fixed key) and falls back to memory', async () => {
      const sut = await openSecretStore({
        loadKeytar: noKeytar,
        safeStorage: fakeSafeStorage('basic_text'),
        safeStorageFile: join(dir, 'never.json'),
        platform: 'linux',
      });

      await sut.set('token:a', 'x');

      expect(sut.locationOf('token:a')?.backend).toBe('memory');
      expect(sut.status().reason).toMatch(/its Linux backend is "basic_text"/);
    });

    it.each([
      [undefined, 'linux', 'not running in Electron'],
      [fakeSafeStorage('gnome_libsecret', false), 'linux', 'encryption is not available'],
      [fakeSafeStorage('unknown'), 'linux', 'its Linux backend is "unknown"'],
      [fakeSafeStorage('kwallet6'), 'linux', null],
      [{ ...fakeSafeStorage('basic_text'), getSelectedStorageBackend: undefined }, 'darwin', null],
    ] as const)('judges %#: %s', (safeStorage, platform, problem) => {
      const found = safeStorageProblem(safeStorage, platform);
      if (problem === null) expect(found).toBeNull();
      else expect(found).toContain(problem);
    });
  });
});
