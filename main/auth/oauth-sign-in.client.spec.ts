import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import keytar from 'keytar';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { KeychainStore } from './keychain.store';
import { SignInError } from './loopback-receiver';
import { OAuthSignInClient } from './oauth-sign-in.client';
import { buildAuthorizeUrl, codeChallengeS256, createCodeVerifier, createState } from './pkce';

describe('PKCE', () => {
  it('derives the S256 challenge of RFC 7636 appendix B', () => {
    expect(codeChallengeS256('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('makes fresh, URL-safe verifiers and states of allowed length', () => {
    const verifiers = new Set(Array.from({ length: 50 }, createCodeVerifier));
    expect(verifiers.size).toBe(50);
    for (const v of verifiers) expect(v).toMatch(/^[A-Za-z0-9_-]{43,128}$/);
    expect(createState()).not.toBe(createState());
  });

  it('builds the authorize URL API.md describes', () => {
    const url = new URL(
      buildAuthorizeUrl({
        apiBaseUrl: 'https://api.bookdesk.example',
        clientId: 'bookdesk-desktop',
        redirectUri: 'http://127.0.0.1:5123/callback',
        codeChallenge: 'abc',
        state: 'xyz',
      }),
    );
    expect(url.origin + url.pathname).toBe('https://api.bookdesk.example/oauth/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'bookdesk-desktop',
      redirect_uri: 'http://127.0.0.1:5123/callback',
      code_challenge: 'abc',
      code_challenge_method: 'S256',
      state: 'xyz',
    });
  });
});

/**
 * A fake authorization server at the network edge speaking the token endpoint's wire protocol: it
 * remembers the challenge of each code it issues and only redeems a code with the matching verifier.
 */
function fakeAuthorizationServer() {
  const codes = new Map<string, { challenge: string; redirectUri: string }>();
  const refreshTokens = new Set<string>();
  const grants: string[] = [];
  let n = 0;
  const server: Server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    const form = new URLSearchParams(body);
    const issue = () => {
      const refresh = `rt-${++n}`;
      refreshTokens.add(refresh);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          access_token: `at-${n}`,
          refresh_token: refresh,
          token_type: 'Bearer',
          expires_in: 900,
        }),
      );
    };
    const refuse = () => {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'invalid_grant' }));
    };
    if (req.url !== '/oauth/token' || req.method !== 'POST') return void res.writeHead(404).end();
    grants.push(form.get('grant_type') ?? '');
    if (form.get('grant_type') === 'authorization_code') {
      const issued = codes.get(form.get('code') ?? '');
      codes.delete(form.get('code') ?? '');
      const verifier = form.get('code_verifier') ?? '';
      if (
        !issued ||
        issued.redirectUri !== form.get('redirect_uri') ||
        codeChallengeS256(verifier) !== issued.challenge
      )
        return refuse();
      return issue();
    }
    if (form.get('grant_type') === 'refresh_token' && refreshTokens.delete(form.get('refresh_token') ?? ''))
      return issue();
    return refuse();
  });
  return {
    server,
    grants,
    /** What the browser + user do: sign in on /oauth/authorize and follow the redirect back. */
    authorize(authorizeUrl: string, tamper?: (params: URLSearchParams) => void): Promise<Response> {
      const params = new URL(authorizeUrl).searchParams;
      const code = `code-${++n}`;
      codes.set(code, { challenge: params.get('code_challenge')!, redirectUri: params.get('redirect_uri')! });
      const back = new URLSearchParams({ code, state: params.get('state')! });
      tamper?.(back);
      return fetch(`${params.get('redirect_uri')}?${back}`);
    },
  };
}

describe(OAuthSignInClient.name, () => {
  const service = `Bookdesk-test-${randomUUID()}`;
  const store = new KeychainStore(keytar, service);
  const as = fakeAuthorizationServer();
  let api: string;

  beforeAll(async () => {
    await new Promise<void>((done) => as.server.listen(0, '127.0.0.1', done));
    api = `http://127.0.0.1:${(as.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    as.server.close();
    await store.clear(api);
  });
  beforeEach(async () => {
    await store.clear(api);
  });

  it('signs in through the browser and keeps the tokens in the keychain', async () => {
    let callbackPage = '';
    const sut = new OAuthSignInClient(api, {
      store,
      openBrowser: async (url) => {
        expect(new URL(url).searchParams.get('code_challenge_method')).toBe('S256');
        callbackPage = await (await as.authorize(url)).text();
      },
    });

    await sut.signIn(10_000);

    expect(callbackPage).toContain('Signed in to Bookdesk');
    const stored = await store.read(api);
    expect(stored?.tokens?.accessToken).toMatch(/^at-/);
    await expect(sut.accessToken()).resolves.toBe(stored?.tokens?.accessToken);
  });

  it('refuses a callback whose state is not ours and never redeems its code', async () => {
    let status = 0;
    const grantsBefore = as.grants.length;
    const sut = new OAuthSignInClient(api, {
      store,
      openBrowser: async (url) => {
        status = (await as.authorize(url, (p) => p.set('state', 'forged'))).status;
      },
    });

    const attempt = sut.signIn(10_000);

    await expect(attempt).rejects.toBeInstanceOf(SignInError);
    await expect(attempt).rejects.toMatchObject({ code: 'state_mismatch' });
    expect(status).toBe(400);
    expect(as.grants.length).toBe(grantsBefore);
    await expect(store.read(api)).resolves.toBeNull();
  });

  it('reports a denied consent as a sign-in error', async () => {
    const sut = new OAuthSignInClient(api, {
      store,
      openBrowser: async (url) => {
        await as.authorize(url, (p) => {
          p.delete('code');
          p.set('error', 'access_denied');
        });
      },
    });

    await expect(sut.signIn(10_000)).rejects.toMatchObject({ code: 'access_denied' });
  });

  it('refreshes an expiring access token once, even when asked concurrently', async () => {
    let clock = new Date('2026-11-27T10:00:00Z');
    const sut = new OAuthSignInClient(api, {
      store,
      now: () => clock,
      openBrowser: async (url) => void (await as.authorize(url)),
    });
    await sut.signIn(10_000);
    const first = (await store.read(api))!.tokens!;
    const refreshesBefore = as.grants.filter((g) => g === 'refresh_token').length;

    clock = new Date(clock.getTime() + 15 * 60_000);
    const [a, b] = await Promise.all([sut.accessToken(), sut.accessToken()]);

    expect(a).toBe(b);
    expect(a).not.toBe(first.accessToken);
    expect(as.grants.filter((g) => g === 'refresh_token').length).toBe(refreshesBefore + 1);
    expect((await store.read(api))!.tokens!.refreshToken).not.toBe(first.refreshToken);
  });

  it('tells a refused refresh token (signed out) from an API it cannot reach (offline)', async () => {
    const sut = new OAuthSignInClient(api, {
      store,
      openBrowser: async (url) => void (await as.authorize(url)),
    });
    await sut.signIn(10_000);
    const tokens = (await store.read(api))!.tokens!;
    const unreachable = new OAuthSignInClient('http://127.0.0.1:9', {
      store: { read: async () => ({ tokens }), update: async () => {}, clear: async () => {} },
      openBrowser: async () => {},
    });

    await store.update(api, { tokens: { ...tokens, refreshToken: 'rt-never-issued' } });
    await expect(sut.refresh()).rejects.toMatchObject({ code: 'invalid_grant' });
    await expect(unreachable.refresh()).rejects.not.toBeInstanceOf(SignInError);
  });

  it('abandons a sign-in when its signal aborts, and the late callback finds nobody', async () => {
    const controller = new AbortController();
    let redirect = '';
    const sut = new OAuthSignInClient(api, {
      store,
      openBrowser: async (url) => {
        redirect = new URL(url).searchParams.get('redirect_uri')!;
        controller.abort();
      },
    });

    await expect(sut.signIn(10_000, controller.signal)).rejects.toMatchObject({ code: 'cancelled' });
    await expect(fetch(`${redirect}?code=c&state=s`)).rejects.toThrow();
    await expect(store.read(api)).resolves.toBeNull();
  });

  it('has no access token before signing in', async () => {
    const sut = new OAuthSignInClient(api, { store, openBrowser: async () => {} });

    await expect(sut.accessToken()).resolves.toBeNull();
    await expect(sut.refresh()).rejects.toMatchObject({ code: 'not_signed_in' });
  });
});
