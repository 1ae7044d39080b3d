/**
 * Bearer credentials are served from memory after their first use (server/auth/credential-cache.ts),
 * and that must never outlive a revocation: each test first uses a credential a few times (so it is
 * cached), then changes it and expects the very next request to see the change. On PostgreSQL also
 * across two instances sharing one database, for a change made in SQL behind the API's back, and
 * for a change made while an instance's LISTEN connection was down. Both stores.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CredentialResolver } from '../../server/auth/credential-cache';
import { hashSecret } from '../../server/auth/secret-token';
import { addUser, issueAccessToken, seedTenant } from '../support/api';
import type { SeededTenant } from '../support/api';
import { STORES } from '../support/db';
import { startAuthApp } from './support/auth-app';
import type { AuthApp } from './support/auth-app';
import { callApi, postToken, refresh, signIn } from './support/oauth-client';

type Me = { user: { id: string; name: string; role: string } };

/** Long enough that a test passing by expiry instead of invalidation would time out. */
const CACHE_SECONDS = 60;

async function meStatus(app: AuthApp, token: string): Promise<number> {
  return (await callApi(app.baseUrl, 'GET', '/v1/me', token)).status;
}

/** Uses `token` a few times so that it (and its profile) are cached. */
async function warm(app: AuthApp, token: string): Promise<void> {
  for (let i = 0; i < 3; i++) expect(await meStatus(app, token)).toBe(200);
}

/** Polls until `token` is refused; the test's timeout (well under CACHE_SECONDS) bounds the wait. */
async function untilRefused(app: AuthApp, token: string): Promise<number> {
  for (;;) {
    const status = await meStatus(app, token);
    if (status !== 200) return status;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.each(STORES)(`${CredentialResolver.name} on %s`, (store) => {
  let sut: AuthApp;
  let owner: SeededTenant;

  beforeAll(async () => {
    sut = await startAuthApp(store, { credentialCacheSeconds: CACHE_SECONDS });
    owner = await seedTenant(sut.platform);
  });
  afterAll(async () => {
    await sut?.close();
  });

  it('refuses a token revoked through /oauth/revoke on the very next request', async () => {
    const tokens = await signIn(sut.baseUrl, { email: owner.email, password: owner.password });
    await warm(sut, tokens.access_token);
    const revoked = await postToken(sut.baseUrl, { token: tokens.access_token }, { path: '/oauth/revoke' });
    expect(revoked.status).toBe(200);
    expect(await meStatus(sut, tokens.access_token)).toBe(401);
  });

  it("refuses the family's access token at once when a spent refresh token is reused", async () => {
    const first = await signIn(sut.baseUrl, { email: owner.email, password: owner.password });
    const rotated = await refresh(sut.baseUrl, first.refresh_token);
    expect(rotated.status).toBe(200);
    const access = rotated.body.access_token as string;
    await warm(sut, access);
    sut.clock.offsetMs = 11_000; // past the immediate-retry grace: this is reuse
    try {
      expect((await refresh(sut.baseUrl, first.refresh_token)).status).toBe(400);
    } finally {
      sut.clock.offsetMs = 0;
    }
    expect(await meStatus(sut, access)).toBe(401);
  });

  it('shows a changed name and role on the next request of the same token, and enforces the role', async () => {
    const member = await addUser(sut.platform, owner.tenantId, 'receptionist');
    await warm(sut, member.token);
    const addCustomer = () =>
      callApi(sut.baseUrl, 'POST', '/v1/customers', member.token, { name: 'Walk-in Sara' });
    expect((await addCustomer()).status).toBe(201);
    const patched = await callApi(sut.baseUrl, 'PATCH', `/v1/users/${member.userId}`, owner.token, {
      name: 'Parisa Ahmadi',
      role: 'staff',
    });
    expect(patched.status).toBe(200);
    const me = (await (await callApi(sut.baseUrl, 'GET', '/v1/me', member.token)).json()) as Me;
    expect(me.user).toMatchObject({ name: 'Parisa Ahmadi', role: 'staff' });
    expect((await addCustomer()).status).toBe(403); // staff only read
  });

  it('refuses an API key on the next request after it is deleted', async () => {
    const created = await callApi(sut.baseUrl, 'POST', '/v1/api-keys', owner.token, { name: 'kiosk' });
    const { id, key } = (await created.json()) as { id: string; key: string };
    for (let i = 0; i < 3; i++)
      expect((await callApi(sut.baseUrl, 'GET', '/v1/customers', key)).status).toBe(200);
    expect((await callApi(sut.baseUrl, 'DELETE', `/v1/api-keys/${id}`, owner.token)).status).toBe(204);
    expect((await callApi(sut.baseUrl, 'GET', '/v1/customers', key)).status).toBe(401);
  });

  it('never serves a token past its own expiry', async () => {
    const token = await issueAccessToken(sut.platform, owner.tenantId, owner.userId, { ttlSeconds: 1 });
    await warm(sut, token);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await meStatus(sut, token)).toBe(401);
  });
});

describe('credential cache across two instances on one PostgreSQL', () => {
  let a: AuthApp;
  let b: AuthApp;
  let owner: SeededTenant;

  beforeAll(async () => {
    a = await startAuthApp('postgres', { credentialCacheSeconds: CACHE_SECONDS });
    b = await startAuthApp('postgres', { credentialCacheSeconds: CACHE_SECONDS, db: a.db });
    owner = await seedTenant(a.platform);
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('refuses on instance B a token revoked through instance A', async () => {
    const tokens = await signIn(a.baseUrl, { email: owner.email, password: owner.password });
    await warm(b, tokens.access_token);
    await postToken(a.baseUrl, { token: tokens.access_token }, { path: '/oauth/revoke' });
    expect(await untilRefused(b, tokens.access_token)).toBe(401);
  });

  it('refuses a token revoked by SQL behind the API (the trigger notifies every instance)', async () => {
    const token = await issueAccessToken(a.platform, owner.tenantId, owner.userId);
    await warm(a, token);
    await warm(b, token);
    await a.db.superuserQuery('UPDATE access_tokens SET revoked_at = now() WHERE token_hash = $1', [
      hashSecret(token),
    ]);
    expect(await untilRefused(a, token)).toBe(401);
    expect(await untilRefused(b, token)).toBe(401);
  });

  it("suspends instance B's cache when its listening connection drops, and refuses what was revoked meanwhile", async () => {
    const token = await issueAccessToken(a.platform, owner.tenantId, owner.userId);
    await warm(b, token);
    const suspensions = b.platform.authCaches.suspensions;
    await a.db.superuserQuery(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE application_name = 'bookdesk-listener' AND datname = current_database()`,
    );
    // B notices the drop (the test's timeout bounds the wait) and stops trusting its memory; that it
    // then serves nothing from memory is specified in server/auth/tenant-cache.spec.ts.
    while (b.platform.authCaches.suspensions === suspensions) await new Promise((r) => setTimeout(r, 1));
    // The notification of this revocation may be lost for B.
    await a.db.superuserQuery('UPDATE access_tokens SET revoked_at = now() WHERE token_hash = $1', [
      hashSecret(token),
    ]);
    expect(await untilRefused(b, token)).toBe(401);
  });
});
