import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { loadKeytar } from '../secrets/keytar.backend';
import { openSecretStore } from '../secrets/open-secret-store';
import { SecretCredentialStore } from './credential-store';

// The chain over the real Secret Service (tests/support/keyring.global.ts).
describe(SecretCredentialStore.name, () => {
  const service = `Bookdesk-test-${randomUUID()}`;
  const api = 'http://127.0.0.1:8787/';
  const tokens = { accessToken: 'at', refreshToken: 'rt', expiresAt: '2026-11-27T12:00:00.000Z' };

  afterEach(async () => {
    const loaded = await loadKeytar();
    if (loaded.ok) await loaded.keytar.deletePassword(service, 'http://127.0.0.1:8787');
  });

  it('keeps an API credential in the keychain and says so', async () => {
    const sut = new SecretCredentialStore(await openSecretStore({ service }));

    await sut.update(api, { tokens });
    await sut.update(api, { owner: { email: 'o@example.com', password: 'p'.repeat(32) } });

    await expect(sut.read(api)).resolves.toEqual({
      tokens,
      owner: { email: 'o@example.com', password: 'p'.repeat(32) },
    });
    expect(sut.location(api)).toEqual({ backend: 'keychain', persistent: true, reason: null });
    await expect(sut.isAvailable()).resolves.toBe(true);
    const nextRun = new SecretCredentialStore(await openSecretStore({ service }));
    await expect(nextRun.read(api)).resolves.toMatchObject({ tokens });
  });

  it('tells the session why the user will sign in again when only memory is left', async () => {
    const sut = new SecretCredentialStore(
      await openSecretStore({
        service,
        loadKeytar: () => loadKeytar(() => import(`keytar-missing-${randomUUID()}`)),
      }),
    );

    await sut.update(api, { tokens });

    await expect(sut.read(api)).resolves.toEqual({ tokens });
    expect(sut.location(api)).toMatchObject({ backend: 'memory', persistent: false });
    expect(sut.location(api).reason).toMatch(
      /sign in again next time \(system keychain: keytar is not installed/,
    );
    await expect(sut.isAvailable()).resolves.toBe(false);
    await sut.clear(api);
    await expect(sut.read(api)).resolves.toBeNull();
  });
});
