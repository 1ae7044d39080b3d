/**
 * First and later starts of the desk against the real API started in-process (SQLite): sign-in with
 * the generated owner password, tokens in the real keyring or, when no keychain answers, in memory
 * for the run; the offline fallbacks when there is no API or nothing to sign in with.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import keytar from 'keytar';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp } from '../../tests/support/api';
import type { TestApp } from '../../tests/support/api';
import { ApiClient } from '../api/api.client';
import { KeychainStore } from '../auth/keychain.store';
import type { KeytarLike } from '../auth/keychain.store';
import { CacheCipher } from '../cache/cache.cipher';
import { openCacheDatabase } from '../cache/cache.database';
import type { CacheDatabase } from '../cache/cache.database';
import { MetaStore } from '../cache/meta.store';
import { ScheduleCache } from '../cache/schedule.cache';
import type { SessionAccount } from '../session/session.service';
import { ACCOUNT_META_KEY } from '../session/session.service';
import { DemoSeedService } from './demo-seed.service';

/** An OS keychain that never answers (a locked keyring with no prompt). */
const silentKeytar: KeytarLike = {
  getPassword: () => new Promise(() => {}),
  setPassword: () => new Promise(() => {}),
  deletePassword: () => new Promise(() => {}),
};

describe(DemoSeedService.name, () => {
  const service = `Bookdesk-test-${randomUUID()}`;
  const timeZone = 'UTC';
  let t: TestApp;
  let apiUrl: string;
  let db: CacheDatabase;
  let cache: ScheduleCache;
  let meta: MetaStore;

  beforeEach(async () => {
    t = await startTestApp('sqlite');
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    apiUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    db = openCacheDatabase(':memory:');
    cache = new ScheduleCache(db, CacheCipher.withRandomKey());
    meta = new MetaStore(db);
  });

  afterEach(async () => {
    db.close();
    await t.close();
    for (const { account } of await keytar.findCredentials(service))
      await keytar.deletePassword(service, account);
  });

  const seeder = (keychain: KeychainStore) =>
    new DemoSeedService(cache, meta, keychain, (url) => new ApiClient(url));
  const start = (keychain: KeychainStore, apiBaseUrl: string | null = apiUrl) =>
    seeder(keychain).seed({ apiBaseUrl, timeZone, now: new Date() });
  const today = () => new Date().toISOString().slice(0, 10);
  const account = () => meta.get<SessionAccount>(ACCOUNT_META_KEY);

  it('signs the owner in with OAuth and keeps the tokens in the keychain', async () => {
    const keychain = new KeychainStore(keytar, service);

    const report = await start(keychain);

    expect(report.signedIn).toBe(true);
    expect(report.notes).toContain(
      'Signed in as owner@juniper.example.com (OAuth, PKCE); tokens in the system keychain.',
    );
    const stored = await keychain.read(apiUrl);
    const me = await t.call({ method: 'GET', url: '/v1/me', token: stored!.tokens!.accessToken });
    expect(me.json()).toMatchObject({ user: { email: 'owner@juniper.example.com', role: 'owner' } });
    expect(account()).toMatchObject({ signedIn: true, apiBaseUrl: apiUrl });
  });

  it('signs in again with the stored owner password when the keychain holds no tokens', async () => {
    const keychain = new KeychainStore(keytar, service);
    await start(keychain);
    await keychain.update(apiUrl, { tokens: undefined });

    const report = await start(keychain);

    expect(report.signedIn).toBe(true);
    expect(report.notes.join('\n')).toMatch(/Signed in as owner@juniper\.example\.com/);
    expect(report.notes.join('\n')).not.toMatch(/Signed up|Created the demo business/);
    expect((await keychain.read(apiUrl))?.tokens?.accessToken).toEqual(expect.any(String));
  });

  it('keeps the tokens in memory when no keychain answers, and is offline with the cached day next time', async () => {
    const keychain = new KeychainStore(silentKeytar, service, 50);

    const first = await start(keychain);
    const cachedBookings = cache.getDay(today())?.bookings.length ?? 0;
    const second = await start(keychain);

    expect(first.signedIn).toBe(true);
    expect(first.notes).toContain(
      'No system keychain is available: sign-in tokens are kept in memory for this run only.',
    );
    expect(first.notes).toContain(
      'Signed in as owner@juniper.example.com (OAuth, PKCE); tokens kept in memory for this run.',
    );
    // Main's later API calls get the in-memory token of this run.
    const me = await t.call({ method: 'GET', url: '/v1/me', token: (await first.accessToken!())! });
    expect(me.statusCode).toBe(200);
    expect(second.signedIn).toBe(false);
    expect(second.accessToken).toBeUndefined();
    expect(second.notes).toContain(
      'Not signed in (no stored token or owner password): showing the cached day offline.',
    );
    expect(account()).toMatchObject({ signedIn: false });
    expect(cache.getDay(today())?.bookings.length ?? 0).toBe(cachedBookings);
  });

  it('fills the cache with the demo day when there is no API', async () => {
    const report = await start(new KeychainStore(keytar, service), null);

    expect(report.signedIn).toBe(false);
    expect(report.notes.join('\n')).toMatch(
      /Filled the local cache with the demo day .* \(22 bookings, 2 walk-ins\)/,
    );
    expect(cache.getDay(today())?.bookings).toHaveLength(22);
    expect(account()).toMatchObject({ signedIn: false, apiBaseUrl: null });
  });
});
