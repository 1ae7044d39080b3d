/**
 * One account's token kept fresh against the real API (in-process, SQLite, on loopback): refreshed
 * ahead of expiry unasked, refused refresh tokens reported as signed out, an unreachable API as
 * offline with the tokens kept.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { seedTenant, startTestApp } from '../../tests/support/api';
import type { SeededTenant, TestApp } from '../../tests/support/api';
import { MemoryCredentialStore } from '../auth/credential-store';
import { formSignInBrowser } from '../auth/form-sign-in';
import { OAuthSignInClient } from '../auth/oauth-sign-in.client';
import { TokenKeeper } from './token-keeper';

describe(TokenKeeper.name, () => {
  let t: TestApp;
  let api: string;
  let owner: SeededTenant;

  beforeAll(async () => {
    t = await startTestApp('sqlite');
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    api = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    owner = await seedTenant(t.platform);
  });
  afterAll(async () => t?.close());

  /** A signed-in account at `url` (tokens from the real API), and a keeper for it. */
  async function signedIn(url = api, options: { refreshAheadMs?: number } = {}) {
    const store = new MemoryCredentialStore();
    await new OAuthSignInClient(api, { store, openBrowser: formSignInBrowser(owner) }).signIn(10_000);
    if (url !== api) await store.update(url, (await store.read(api))!);
    const refused: string[] = [];
    const offline: boolean[] = [];
    const sut = new TokenKeeper({
      apiBaseUrl: url,
      oauth: new OAuthSignInClient(url, { store, openBrowser: async () => {} }),
      credentials: store,
      onRefused: (reason) => refused.push(reason),
      onOfflineChange: (now) => offline.push(now),
      now: () => new Date(),
      log: () => {},
      ...options,
    });
    const expireSoon = async () => {
      const { tokens } = (await store.read(url))!;
      await store.update(url, {
        tokens: { ...tokens!, expiresAt: new Date(Date.now() + 30_000).toISOString() },
      });
    };
    return { sut, store, refused, offline, expireSoon };
  }

  it('refreshes ahead of expiry without being asked', async () => {
    const { sut, store } = await signedIn(api, { refreshAheadMs: 15 * 60_000 });
    const first = (await store.read(api))!.tokens!;

    sut.start();

    await vi.waitFor(
      async () => expect((await store.read(api))!.tokens!.refreshToken).not.toBe(first.refreshToken),
      {
        timeout: 10_000,
        interval: 100,
      },
    );
    sut.stop();
    const me = await t.call({
      method: 'GET',
      url: '/v1/me',
      token: (await store.read(api))!.tokens!.accessToken,
    });
    expect(me.statusCode).toBe(200);
  });

  it('reports a refused refresh token as signed out and hands out no token', async () => {
    const { sut, store, refused, expireSoon } = await signedIn();
    await expireSoon();
    const { tokens } = (await store.read(api))!;
    await store.update(api, { tokens: { ...tokens!, refreshToken: 'never-issued' } });

    await expect(sut.accessToken()).resolves.toBeNull();

    expect(refused).toEqual(['invalid_grant']);
    await expect(sut.accessToken()).resolves.toBeNull();
  });

  it('is offline, not signed out, when the API cannot be reached, and keeps the tokens', async () => {
    // Nothing listens on port 9: the refresh fails the way a dropped line does.
    const { sut, store, refused, offline, expireSoon } = await signedIn('http://127.0.0.1:9');
    await expireSoon();
    const before = await store.read('http://127.0.0.1:9');

    await expect(sut.accessToken()).rejects.toThrow();

    expect(refused).toEqual([]);
    expect(offline).toEqual([true]);
    expect(sut.offline).toBe(true);
    await expect(store.read('http://127.0.0.1:9')).resolves.toEqual(before);
  });
});
