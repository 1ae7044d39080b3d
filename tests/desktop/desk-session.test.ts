/**
 * Signing the desk in and out through its IPC channels, against the real API (started here, SQLite,
 * behind a relay that can drop the line) and the real keyring. The browser step is scripted the way
 * tests/auth/oauth-flow.test.ts does it: GET the authorize page, post its form, follow the redirect
 * to the desk's loopback receiver. The desk engine is the real one, syncing into the (server, tenant)
 * cache it opened.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import keytar from 'keytar';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SessionStatus } from '../../core/ipc/session.ipc';
import type { DesktopServices } from '../../main/app/desktop-services';
import { createDesktopServices } from '../../main/app/desktop-services';
import { keychainAccount } from '../../main/auth/credential-store';
import type { OAuthTokens } from '../../main/auth/credential-store';
import { hiddenFields } from '../../main/auth/form-sign-in';
import { cacheKeyAccount } from '../../main/cache/desk-cache';
import { givenKeytar, openSecretStore } from '../../main/secrets/open-secret-store';
import { deskCacheFile } from '../../main/session/account-files';
import { DeskSession } from '../../main/session/desk-session';
import { EVERY_DAY, expectCall } from '../frontdesk/front-desk.fixtures';
import { seedTenant, startTestApp } from '../support/api';
import type { SeededTenant, TestApp } from '../support/api';
import type { CuttableProxy } from '../support/cuttable-proxy';
import { startCuttableProxy } from '../support/cuttable-proxy';

const APP_URL = 'file:///bookdesk/index.html';
const sender = { url: APP_URL, isTopFrame: true };
const ZONE = 'Europe/London';
/** Past the access token's 15 minutes less the one-minute margin: the next token request refreshes. */
const NEAR_EXPIRY_MS = 14.5 * 60_000;

describe(DeskSession.name, () => {
  const service = `Bookdesk-test-${randomUUID()}`;
  let t: TestApp;
  let proxy: CuttableProxy;
  /** The API as the desk reaches it: through the relay. */
  let api: string;
  let salonA: SeededTenant;
  let salonB: SeededTenant;
  let dataDir: string;
  let sut: DesktopServices;
  /** Who the scripted browser signs in as. */
  let person: SeededTenant;
  /** The pages the browser showed when it came back to the desk. */
  let callbackPages: string[];
  /** How far the desk's clock is ahead of the real one. */
  let skewMs: number;

  const call = async <T = SessionStatus>(channel: string, args: unknown = {}) => {
    const result = await sut.registry.dispatch(channel, args, sender);
    if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
    return result.value as T;
  };
  const status = () => call('session:status');
  const stored = async (): Promise<OAuthTokens | null> => {
    const raw = await keytar.getPassword(service, keychainAccount(api));
    return raw ? ((JSON.parse(raw) as { tokens?: OAuthTokens }).tokens ?? null) : null;
  };
  const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(new Date());
  /** The staff names of today's cached day, once the desk has synced `expected` into it. */
  const syncedStaff = (expected: string) =>
    vi.waitFor(
      async () => {
        const day = await call<{ staff: { name: string }[] }>('schedule:getDay', { date: today() });
        const names = day.staff.map((s) => s.name);
        expect(names).toContain(expected);
        return names;
      },
      { timeout: 20_000, interval: 100 },
    );
  const refreshToken = (token: string) =>
    t.call({
      method: 'POST',
      url: '/oauth/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: token,
        client_id: 'bookdesk-desktop',
      }).toString(),
    });
  const me = (accessToken: string) => t.call({ method: 'GET', url: '/v1/me', token: accessToken });

  /** A person at the browser: the API's sign-in form, then the redirect back to the desk. */
  const browser = async (authorizeUrl: string) => {
    const form = new URLSearchParams({
      ...hiddenFields(await (await fetch(authorizeUrl)).text()),
      email: person.email,
      password: person.password,
    });
    const { origin } = new URL(authorizeUrl);
    const posted = await fetch(`${origin}/oauth/authorize`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
      body: form,
    });
    expect(posted.status).toBe(302);
    callbackPages.push(await (await fetch(posted.headers.get('location')!)).text());
  };

  const open = async () => {
    const desk = createDesktopServices({
      dataDir,
      secrets: await openSecretStore({ loadKeytar: givenKeytar(keytar), service }),
      isTrustedUrl: (url) => url === APP_URL,
      openBrowser: browser,
      now: () => new Date(Date.now() + skewMs),
    });
    await desk.session.start();
    return desk;
  };
  const signInAs = async (tenant: SeededTenant) => {
    person = tenant;
    return call('session:signIn', { apiBaseUrl: api });
  };
  /** Moves the desk's clock near the token's expiry and has the desk sync: it needs a token now. */
  const nearExpirySync = async () => {
    skewMs = NEAR_EXPIRY_MS;
    await call('sync:retryNow');
  };

  async function addStaff(tenant: SeededTenant, name: string): Promise<void> {
    const service = await expectCall<{ id: string }>(t, tenant.token, 'POST', '/v1/services', 201, {
      name: 'Cut',
      durationMinutes: 30,
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 0,
      minNoticeMinutes: 0,
      maxAdvanceDays: 365,
    });
    await expectCall(t, tenant.token, 'POST', '/v1/staff', 201, {
      name,
      locationId: tenant.locationId,
      color: '#336699',
      serviceIds: [service.id],
      weeklyHours: EVERY_DAY([['09:00', '17:00']]),
    });
  }

  beforeAll(async () => {
    t = await startTestApp('sqlite');
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    proxy = await startCuttableProxy((t.app.server.address() as AddressInfo).port);
    api = proxy.url;
    salonA = await seedTenant(t.platform, { name: 'Salon A', timeZone: ZONE });
    salonB = await seedTenant(t.platform, { name: 'Salon B', timeZone: ZONE });
    await addStaff(salonA, 'Only in A');
    await addStaff(salonB, 'Only in B');
  });
  afterAll(async () => {
    await proxy?.close();
    await t?.close();
  });

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'bookdesk-session-'));
    callbackPages = [];
    skewMs = 0;
    proxy.restore();
    sut = await open();
  });
  afterEach(async () => {
    await sut?.close();
    rmSync(dataDir, { recursive: true, force: true });
    for (const { account } of await keytar.findCredentials(service))
      await keytar.deletePassword(service, account);
  });

  it('signs in through the browser and opens that business, the renderer never seeing a token', async () => {
    const signedIn = await signInAs(salonA);

    expect(signedIn).toMatchObject({
      signedIn: true,
      apiBaseUrl: api,
      businessName: 'Salon A',
      role: 'owner',
      timeZone: ZONE,
      signingIn: false,
      credentials: { backend: 'keychain', persistent: true },
    });
    expect(callbackPages).toEqual([expect.stringContaining('You can close this tab')]);
    const tokens = (await stored())!;
    expect((await me(tokens.accessToken)).json()).toMatchObject({ tenant: { id: salonA.tenantId } });
    expect(JSON.stringify(signedIn)).not.toContain(tokens.accessToken);
    expect(JSON.stringify(signedIn)).not.toContain(tokens.refreshToken);
    expect(existsSync(deskCacheFile(join(dataDir, 'desktop'), api, salonA.tenantId))).toBe(true);
    await expect(syncedStaff('Only in A')).resolves.not.toContain('Only in B');
  });

  it('refreshes the access token before it expires, and the desk goes on with the new one', async () => {
    await signInAs(salonA);
    await syncedStaff('Only in A');
    const first = (await stored())!;

    await nearExpirySync();

    const second = await vi.waitFor(
      async () => {
        const now = (await stored())!;
        expect(now.refreshToken).not.toBe(first.refreshToken);
        return now;
      },
      { timeout: 20_000, interval: 100 },
    );
    expect((await me(second.accessToken)).statusCode).toBe(200);
    await expect(status()).resolves.toMatchObject({ signedIn: true, signedOutReason: null });
  });

  it('signs out: revokes at the API, deletes the keychain entries and the cache files', async () => {
    await signInAs(salonA);
    await syncedStaff('Only in A');
    const tokens = (await stored())!;
    const cacheFile = deskCacheFile(join(dataDir, 'desktop'), api, salonA.tenantId);

    const signedOut = await call('session:signOut');

    expect(signedOut).toMatchObject({ signedIn: false, apiBaseUrl: null, businessName: null });
    for (const file of [cacheFile, `${cacheFile}-wal`, `${cacheFile}-shm`])
      expect(existsSync(file)).toBe(false);
    expect(await keytar.findCredentials(service)).toEqual([]);
    await expect(keytar.getPassword(service, cacheKeyAccount(cacheFile))).resolves.toBeNull();
    expect((await refreshToken(tokens.refreshToken)).json()).toMatchObject({ error: 'invalid_grant' });
    expect((await me(tokens.accessToken)).statusCode).toBe(401);
    await expect(sut.registry.dispatch('schedule:getDay', { date: today() }, sender)).resolves.toMatchObject({
      ok: false,
      error: { code: 'unavailable' },
    });
  });

  it("never shows another tenant's rows: a second business signing in gets a cache of its own", async () => {
    await signInAs(salonA);
    await syncedStaff('Only in A');
    const first = (await stored())!;

    await expect(signInAs(salonB)).resolves.toMatchObject({ signedIn: true, businessName: 'Salon B' });

    await expect(syncedStaff('Only in B')).resolves.not.toContain('Only in A');
    const desktop = join(dataDir, 'desktop');
    expect(existsSync(deskCacheFile(desktop, api, salonA.tenantId))).toBe(false);
    expect(existsSync(deskCacheFile(desktop, api, salonB.tenantId))).toBe(true);
    expect((await me(first.accessToken)).statusCode).toBe(401);
  });

  it('is signed out when the API refuses the refresh (invalid_grant), its cache still readable', async () => {
    await signInAs(salonA);
    await syncedStaff('Only in A');
    const cacheFile = deskCacheFile(join(dataDir, 'desktop'), api, salonA.tenantId);
    skewMs = NEAR_EXPIRY_MS;
    // Signed out elsewhere: the API no longer honours this sign-in's refresh token.
    await t.call({
      method: 'POST',
      url: '/oauth/revoke',
      payload: { token: (await stored())!.refreshToken, client_id: 'bookdesk-desktop' },
    });

    await nearExpirySync();

    await vi.waitFor(
      async () => expect(await status()).toMatchObject({ signedIn: false, signedOutReason: 'invalid_grant' }),
      { timeout: 20_000, interval: 100 },
    );
    await expect(status()).resolves.toMatchObject({ apiBaseUrl: api, businessName: 'Salon A' });
    await expect(syncedStaff('Only in A')).resolves.toContain('Only in A');
    expect(existsSync(cacheFile)).toBe(true);
    await vi.waitFor(async () => expect(await stored()).toBeNull());
  });

  it('is offline, never signed out, when the API cannot be reached for a refresh', async () => {
    await signInAs(salonA);
    await syncedStaff('Only in A');
    const before = (await stored())!;

    proxy.cut();
    await nearExpirySync();

    await vi.waitFor(async () => expect(await status()).toMatchObject({ online: false }), {
      timeout: 20_000,
      interval: 100,
    });
    await expect(status()).resolves.toMatchObject({ signedIn: true, signedOutReason: null });
    await expect(stored()).resolves.toEqual(before);

    proxy.restore();
    await call('sync:retryNow');

    await vi.waitFor(
      async () => {
        expect(await status()).toMatchObject({ online: true, signedIn: true });
        expect((await stored())!.refreshToken).not.toBe(before.refreshToken);
      },
      { timeout: 20_000, interval: 100 },
    );
  });

  it('queues the revocation of a sign-out while the API is down, and sends it at the next start', async () => {
    await signInAs(salonA);
    await syncedStaff('Only in A');
    const tokens = (await stored())!;
    proxy.cut();

    await expect(call('session:signOut')).resolves.toMatchObject({ signedIn: false, apiBaseUrl: null });

    await expect(stored()).resolves.toBeNull();
    expect((await me(tokens.accessToken)).statusCode).toBe(200);
    await sut.close();
    proxy.restore();
    sut = await open();

    await vi.waitFor(async () => expect((await me(tokens.accessToken)).statusCode).toBe(401), {
      timeout: 20_000,
      interval: 100,
    });
    await vi.waitFor(async () => expect(await keytar.findCredentials(service)).toEqual([]));
  });

  it('reopens the remembered account at start-up, readable while the API is down', async () => {
    await signInAs(salonA);
    await syncedStaff('Only in A');
    await sut.close();
    proxy.cut();

    sut = await open();

    await expect(status()).resolves.toMatchObject({ signedIn: true, businessName: 'Salon A', online: false });
    await expect(syncedStaff('Only in A')).resolves.toContain('Only in A');
  });
});
