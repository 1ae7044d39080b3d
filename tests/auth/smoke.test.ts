import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTenant } from '../support/api';
import { STORES } from '../support/db';
import { startAuthApp } from './support/auth-app';
import type { AuthApp } from './support/auth-app';
import { callApi, signIn } from './support/oauth-client';

describe.each(STORES)('smoke on %s', (store) => {
  let sut: AuthApp;
  beforeAll(async () => {
    sut = await startAuthApp(store);
  });
  afterAll(async () => {
    await sut?.close();
  });
  it('signs in', async () => {
    const tenant = await seedTenant(sut.platform);
    const tokens = await signIn(sut.baseUrl, { email: tenant.email, password: tenant.password });
    const me = await callApi(sut.baseUrl, 'GET', '/v1/me', tokens.access_token);
    expect(me.status).toBe(200);
    expect(((await me.json()) as { user: { email: string } }).user.email).toBe(tenant.email);
  });
});
