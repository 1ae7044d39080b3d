import { randomUUID } from 'node:crypto';
import keytar from 'keytar';
import { afterEach, describe, expect, it } from 'vitest';
import { KeychainStore, KeychainUnavailableError, keychainAccount } from './keychain.store';
import type { KeytarLike } from './keychain.store';

// Runs against the real Secret Service (tests/support/keyring.global.ts starts one if needed).
describe(KeychainStore.name, () => {
  const service = `Bookdesk-test-${randomUUID()}`;
  const api = 'http://127.0.0.1:8787';
  const sut = new KeychainStore(keytar, service);

  afterEach(async () => {
    for (const { account } of await keytar.findCredentials(service))
      await keytar.deletePassword(service, account);
  });

  it('is available on this machine', async () => {
    await expect(sut.isAvailable()).resolves.toBe(true);
  });

  it('stores credentials per API base URL in the OS keychain', async () => {
    const tokens = { accessToken: 'at-1', refreshToken: 'rt-1', expiresAt: '2026-11-27T12:00:00.000Z' };
    await sut.update(api, { tokens });
    await sut.update('https://api.bookdesk.example', {
      owner: { email: 'o@example.com', password: 'p'.repeat(32) },
    });

    await expect(sut.read(api)).resolves.toEqual({ tokens });
    await expect(sut.read('https://api.bookdesk.example/')).resolves.toEqual({
      owner: { email: 'o@example.com', password: 'p'.repeat(32) },
    });
    const accounts = (await keytar.findCredentials(service)).map((c) => c.account).sort();
    expect(accounts).toEqual(['http://127.0.0.1:8787', 'https://api.bookdesk.example']);
  });

  it('merges updates, so rotating tokens keeps the owner credential', async () => {
    await sut.update(api, { owner: { email: 'o@example.com', password: 'x'.repeat(20) } });
    await sut.update(api, {
      tokens: { accessToken: 'a', refreshToken: 'r', expiresAt: '2026-11-27T12:00:00.000Z' },
    });

    const stored = await sut.read(api);
    expect(stored?.owner?.email).toBe('o@example.com');
    expect(stored?.tokens?.refreshToken).toBe('r');
  });

  it('forgets everything for an API on clear', async () => {
    await sut.update(api, {
      tokens: { accessToken: 'a', refreshToken: 'r', expiresAt: '2026-11-27T12:00:00.000Z' },
    });
    await sut.clear(api);

    await expect(sut.read(api)).resolves.toBeNull();
  });
});

describe(keychainAccount.name, () => {
  it.each([
    ['http://127.0.0.1:8787/', 'http://127.0.0.1:8787'],
    ['https://API.bookdesk.example', 'https://api.bookdesk.example'],
    ['https://bookdesk.example/api/', 'https://bookdesk.example/api'],
  ])('names %s as %s', (url, account) => {
    expect(keychainAccount(url)).toBe(account);
  });
});

describe(`${KeychainStore.name} with a keychain that never answers`, () => {
  // A locked keyring whose unlock prompt cannot be shown leaves libsecret waiting forever.
  const never = () => new Promise<never>(() => {});
  const hung: KeytarLike = { getPassword: never, setPassword: never, deletePassword: never };
  // A locked keyring answers reads (nothing there) but never a write, its unlock prompt unseen.
  const locked: KeytarLike = { getPassword: async () => null, setPassword: never, deletePassword: never };
  const sut = new KeychainStore(hung, 'Bookdesk-test-hung', 50);

  it('gives up instead of hanging the desk', async () => {
    await expect(sut.read('http://127.0.0.1:8787')).rejects.toBeInstanceOf(KeychainUnavailableError);
    await expect(sut.update('http://127.0.0.1:8787', {})).rejects.toBeInstanceOf(KeychainUnavailableError);
    await expect(sut.isAvailable()).resolves.toBe(false);
  });

  it('counts a keyring that reads but never writes as unavailable', async () => {
    await expect(new KeychainStore(locked, 'Bookdesk-test-locked', 50).isAvailable()).resolves.toBe(false);
  });
});
