/**
 * API.md's sign-in flow with a plain HTTP client (fetch): the HTML form, the 302 with code and state,
 * the PKCE code exchange, and every way a request is refused. Both stores.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OAuthTokenService } from '../../server/oauth/oauth-token.service';
import { seedTenant } from '../support/api';
import type { SeededTenant } from '../support/api';
import { auditEventTypes, STORES } from '../support/db';
import { startAuthApp } from './support/auth-app';
import type { AuthApp } from './support/auth-app';
import {
  authorize,
  authorizeUrl,
  callApi,
  CLIENT_ID,
  defaultAuthorizeParams,
  exchangeCode,
  fetchForm,
  hiddenFields,
  newPkce,
  postForm,
  postToken,
  REDIRECT_URI,
  refresh,
} from './support/oauth-client';

describe.each(STORES)(`${OAuthTokenService.name} and the sign-in form on %s`, (store) => {
  let sut: AuthApp;
  let tenant: SeededTenant;

  beforeAll(async () => {
    sut = await startAuthApp(store);
    tenant = await seedTenant(sut.platform);
  });
  afterAll(async () => {
    await sut?.close();
  });

  const me = (token: string) => callApi(sut.baseUrl, 'GET', '/v1/me', token);
  const auditTypes = (tenantId: string) => auditEventTypes(sut.db, tenantId);

  describe('the whole flow', () => {
    it('serves a form, redirects with code and state, exchanges the code with the verifier, and /v1/me works', async () => {
      const pkce = newPkce();
      const params = defaultAuthorizeParams(pkce, 'st-123');
      const page = await fetch(authorizeUrl(sut.baseUrl, params));
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      const csp = page.headers.get('content-security-policy')!;
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("form-action 'self' http://127.0.0.1:53682;");
      expect(page.headers.get('cache-control')).toBe('no-store');
      const fields = hiddenFields(await page.text());
      expect(fields).toMatchObject({ ...params, form_token: expect.any(String) });

      const posted = await postForm(sut.baseUrl, {
        ...fields,
        email: tenant.email.toUpperCase(),
        password: tenant.password,
      });
      expect(posted.status).toBe(302);
      const location = new URL(posted.headers.get('location')!);
      expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);
      expect(location.searchParams.get('state')).toBe('st-123');
      const code = location.searchParams.get('code')!;
      expect(code.length).toBeGreaterThanOrEqual(32);

      const exchanged = await exchangeCode(sut.baseUrl, code, pkce.verifier);
      expect(exchanged.status).toBe(200);
      expect(exchanged.headers.get('cache-control')).toBe('no-store');
      expect(exchanged.body).toEqual({
        access_token: expect.any(String),
        refresh_token: expect.any(String),
        token_type: 'Bearer',
        expires_in: 900,
      });
      const response = await me(exchanged.body.access_token as string);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({
        user: { id: tenant.userId, role: 'owner' },
        tenant: { id: tenant.tenantId },
      });
      expect(await auditTypes(tenant.tenantId)).toContain('sign_in.success');
    });

    it('accepts the token request as JSON too, and an [::1] loopback redirect', async () => {
      const pkce = newPkce();
      const params = { ...defaultAuthorizeParams(pkce), redirect_uri: 'http://[::1]:41234/cb' };
      const fields = await fetchForm(sut.baseUrl, params);
      const posted = await postForm(sut.baseUrl, {
        ...fields,
        email: tenant.email,
        password: tenant.password,
      });
      expect(posted.status).toBe(302);
      const location = new URL(posted.headers.get('location')!);
      expect(location.host).toBe('[::1]:41234');
      const exchanged = await postToken(
        sut.baseUrl,
        {
          grant_type: 'authorization_code',
          code: location.searchParams.get('code')!,
          redirect_uri: 'http://[::1]:41234/cb',
          client_id: CLIENT_ID,
          code_verifier: pkce.verifier,
        },
        { json: true },
      );
      expect(exchanged.status).toBe(200);
      expect((await me(exchanged.body.access_token as string)).status).toBe(200);
    });

    it('escapes what it echoes into the page', async () => {
      const params = defaultAuthorizeParams(newPkce(), '"><script>alert(1)</script>');
      const html = await (await fetch(authorizeUrl(sut.baseUrl, params))).text();
      expect(html).not.toContain('<script>');
      expect(hiddenFields(html).state).toBe('"><script>alert(1)</script>');
    });
  });

  describe('refusals', () => {
    it('shows an error page, never a redirect, for an unknown client or a non-loopback redirect URI', async () => {
      const base = defaultAuthorizeParams(newPkce());
      for (const params of [
        { ...base, client_id: 'evil-app' },
        { ...base, redirect_uri: 'https://evil.example/cb' },
        { ...base, redirect_uri: 'http://localhost:5000/cb' },
        { ...base, redirect_uri: 'http://127.0.0.1/cb' },
        { ...base, redirect_uri: 'http://127.0.0.1:5000/cb#frag' },
      ]) {
        const response = await fetch(authorizeUrl(sut.baseUrl, params), { redirect: 'manual' });
        expect(response.status).toBe(400);
        expect(response.headers.get('location')).toBeNull();
        expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      }
    });

    it('redirects with an error when PKCE S256 is missing or the response type is not code', async () => {
      const base = defaultAuthorizeParams(newPkce(), 's1');
      const cases: [Record<string, string>, string][] = [
        [{ ...base, code_challenge_method: 'plain' }, 'invalid_request'],
        [{ ...base, code_challenge: '' }, 'invalid_request'],
        [{ ...base, response_type: 'token' }, 'unsupported_response_type'],
      ];
      for (const [params, error] of cases) {
        const response = await fetch(authorizeUrl(sut.baseUrl, params), { redirect: 'manual' });
        expect(response.status).toBe(302);
        const location = new URL(response.headers.get('location')!);
        expect(location.searchParams.get('error')).toBe(error);
        expect(location.searchParams.get('state')).toBe('s1');
        expect(location.searchParams.get('code')).toBeNull();
      }
    });

    it('refuses a form whose hidden fields were altered, and a post from another site', async () => {
      const fields = await fetchForm(sut.baseUrl, defaultAuthorizeParams(newPkce()));
      const altered = await postForm(sut.baseUrl, {
        ...fields,
        redirect_uri: 'http://127.0.0.1:9/steal',
        email: tenant.email,
        password: tenant.password,
      });
      expect(altered.status).toBe(400);
      expect(altered.headers.get('location')).toBeNull();
      const crossSite = await postForm(
        sut.baseUrl,
        { ...fields, email: tenant.email, password: tenant.password },
        { origin: 'https://evil.example' },
      );
      expect(crossSite.status).toBe(403);
    });

    it('answers a wrong password and an unknown email with the same generic page', async () => {
      const fields = await fetchForm(sut.baseUrl, defaultAuthorizeParams(newPkce()));
      const wrongPassword = await postForm(sut.baseUrl, {
        ...fields,
        email: tenant.email,
        password: 'not the password at all',
      });
      const unknownEmail = await postForm(sut.baseUrl, {
        ...fields,
        email: 'nobody@example.com',
        password: tenant.password,
      });
      expect(wrongPassword.status).toBe(401);
      expect(unknownEmail.status).toBe(401);
      const message = (html: string) => /<p class="error" role="alert">([^<]*)<\/p>/.exec(html)?.[1];
      const [a, b] = [message(await wrongPassword.text()), message(await unknownEmail.text())];
      expect(a).toBe('The email, password or authentication code is incorrect.');
      expect(b).toBe(a);
      expect(await auditTypes(tenant.tenantId)).toContain('sign_in.failure');
    });

    it('refuses a wrong verifier, a different redirect URI, another client and a replayed code', async () => {
      const wrongVerifier = await authorize(sut.baseUrl, tenant);
      expect((await exchangeCode(sut.baseUrl, wrongVerifier.code, newPkce().verifier)).body.error).toBe(
        'invalid_grant',
      );
      // A code redeems once: even the right verifier fails after a wrong attempt.
      expect((await exchangeCode(sut.baseUrl, wrongVerifier.code, wrongVerifier.pkce.verifier)).status).toBe(
        400,
      );

      const wrongRedirect = await authorize(sut.baseUrl, tenant);
      const redirected = await exchangeCode(sut.baseUrl, wrongRedirect.code, wrongRedirect.pkce.verifier, {
        redirect_uri: 'http://127.0.0.1:53682/other',
      });
      expect(redirected).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });

      const otherClient = await authorize(sut.baseUrl, tenant);
      const client = await exchangeCode(sut.baseUrl, otherClient.code, otherClient.pkce.verifier, {
        client_id: 'other',
      });
      expect(client).toMatchObject({ status: 401, body: { error: 'invalid_client' } });

      const replayed = await authorize(sut.baseUrl, tenant);
      const first = await exchangeCode(sut.baseUrl, replayed.code, replayed.pkce.verifier);
      expect(first.status).toBe(200);
      const second = await exchangeCode(sut.baseUrl, replayed.code, replayed.pkce.verifier);
      expect(second).toMatchObject({
        status: 400,
        body: { error: 'invalid_grant', error_description: expect.any(String) },
      });
      // OAuth 2.1: a replayed code revokes what it was exchanged for.
      expect((await me(first.body.access_token as string)).status).toBe(401);
      expect((await refresh(sut.baseUrl, first.body.refresh_token as string)).status).toBe(400);
    });

    it('answers malformed token requests with RFC 6749 errors', async () => {
      expect(
        (await postToken(sut.baseUrl, { grant_type: 'password', client_id: CLIENT_ID })).body.error,
      ).toBe('unsupported_grant_type');
      const missing = await postToken(sut.baseUrl, {
        grant_type: 'authorization_code',
        client_id: CLIENT_ID,
      });
      expect(missing).toMatchObject({
        status: 400,
        body: { error: 'invalid_request', error_description: 'code is required' },
      });
      const repeated = await fetch(`${sut.baseUrl}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=refresh_token&grant_type=refresh_token&client_id=bookdesk-desktop',
      });
      expect(repeated.status).toBe(400);
      expect(((await repeated.json()) as { error: string }).error).toBe('invalid_request');
      expect(
        (
          await postToken(sut.baseUrl, {
            grant_type: 'authorization_code',
            code: 'bd_ac_nope',
            redirect_uri: REDIRECT_URI,
            client_id: CLIENT_ID,
            code_verifier: 'x'.repeat(43),
          })
        ).body.error,
      ).toBe('invalid_grant');
    });
  });
});
