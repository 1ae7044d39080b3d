/**
 * The sign-in form's integrity: a served form signs in once only, and a redirect_uri with CR/LF is
 * refused at `/oauth/authorize` instead of being silently rewritten. Both stores.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTenant } from '../support/api';
import type { SeededTenant } from '../support/api';
import { STORES } from '../support/db';
import { startAuthApp } from './support/auth-app';
import type { AuthApp } from './support/auth-app';
import {
  authorizeUrl,
  defaultAuthorizeParams,
  fetchForm,
  newPkce,
  postForm,
  REDIRECT_URI,
} from './support/oauth-client';

describe.each(STORES)('the sign-in form on %s', (store) => {
  let sut: AuthApp;
  let tenant: SeededTenant;

  beforeAll(async () => {
    sut = await startAuthApp(store);
    tenant = await seedTenant(sut.platform);
  });
  afterAll(async () => {
    await sut?.close();
  });

  it('gives one code per served form: a second post of the same form is refused', async () => {
    const form = await fetchForm(sut.baseUrl, defaultAuthorizeParams(newPkce()));
    const credentials = { email: tenant.email, password: tenant.password };
    const first = await postForm(sut.baseUrl, { ...form, ...credentials });
    expect(first.status).toBe(302);
    const second = await postForm(sut.baseUrl, { ...form, ...credentials });
    expect(second.status).toBe(400);
    expect(second.headers.get('location')).toBeNull();
    expect(await second.text()).not.toContain('bd_ac_');
  });

  it('refuses a redirect_uri with CR or LF at /oauth/authorize, never redirecting to a rewritten one', async () => {
    for (const redirectUri of [
      `${REDIRECT_URI}\r\nSet-Cookie: x=1`,
      'http://127.0.0.1:53682/call\nback',
      'http://127.0.0.1:53682/callback\t',
    ]) {
      const params = { ...defaultAuthorizeParams(newPkce()), redirect_uri: redirectUri };
      const page = await fetch(authorizeUrl(sut.baseUrl, params), { redirect: 'manual' });
      expect(page.status, JSON.stringify(redirectUri)).toBe(400);
      expect(await page.text()).not.toContain('name="form_token"');
      const bad = await fetch(authorizeUrl(sut.baseUrl, { ...params, response_type: 'token' }), {
        redirect: 'manual',
      });
      expect(bad.status).toBe(400);
      expect(bad.headers.get('location')).toBeNull();
    }
  });
});
