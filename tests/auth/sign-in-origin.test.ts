/**
 * The sign-in form posted as browsers post it: real Chromium signs in (its Origin header depends on
 * the page's referrer policy: under no-referrer it sends `Origin: null`, which the API refused as
 * cross-site), and `Origin: null` is accepted only with `Sec-Fetch-Site: same-origin`.
 * Both stores (Chromium on SQLite).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTenant } from '../support/api';
import type { SeededTenant } from '../support/api';
import { launchChromium } from '../support/chromium';
import { STORES } from '../support/db';
import { startAuthApp } from './support/auth-app';
import type { AuthApp } from './support/auth-app';
import { authorizeUrl, defaultAuthorizeParams, fetchForm, newPkce, postForm } from './support/oauth-client';

describe('the sign-in form in real Chromium', () => {
  let sut: AuthApp;
  let tenant: SeededTenant;

  beforeAll(async () => {
    sut = await startAuthApp('sqlite');
    tenant = await seedTenant(sut.platform);
  });
  afterAll(async () => {
    await sut?.close();
  });

  it('signs in: the browser is sent to the redirect URI with a code', async () => {
    // The desk's loopback receiver: a real listener, as the browser follows the 302 itself.
    const received: URL[] = [];
    const receiver = createServer((request, response) => {
      // Only the redirect counts: Chromium may also ask this origin for /favicon.ico.
      const url = new URL(request.url!, 'http://127.0.0.1');
      if (url.pathname === '/callback') received.push(url);
      response.end('signed in');
    });
    await new Promise<void>((done) => receiver.listen(0, '127.0.0.1', done));
    const redirectUri = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/callback`;
    const browser = await launchChromium();
    try {
      const page = await browser.context.newPage();
      const params = { ...defaultAuthorizeParams(newPkce(), 'chromium-state'), redirect_uri: redirectUri };
      await page.goto(authorizeUrl(sut.baseUrl, params));
      await page.fill('input[name="email"]', tenant.email);
      await page.fill('input[name="password"]', tenant.password);
      await Promise.all([page.waitForURL(`${redirectUri}**`), page.click('button[type="submit"]')]);
      expect(received).toHaveLength(1);
      expect(received[0]!.searchParams.get('state')).toBe('chromium-state');
      expect(received[0]!.searchParams.get('code')).toMatch(/^bd_ac_/);
    } finally {
      await browser.close();
      await new Promise((done) => receiver.close(done));
    }
  }, 60_000);
});

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

  it('accepts Origin: null only together with Sec-Fetch-Site: same-origin', async () => {
    const form = await fetchForm(sut.baseUrl, defaultAuthorizeParams(newPkce()));
    const credentials = { email: tenant.email, password: tenant.password };
    const alone = await postForm(sut.baseUrl, { ...form, ...credentials }, { origin: 'null' });
    expect(alone.status).toBe(403);
    const crossSite = await postForm(
      sut.baseUrl,
      { ...form, ...credentials },
      { origin: 'null', 'sec-fetch-site': 'cross-site' },
    );
    expect(crossSite.status).toBe(403);
    const sameOrigin = await postForm(
      sut.baseUrl,
      { ...form, ...credentials },
      { origin: 'null', 'sec-fetch-site': 'same-origin' },
    );
    expect(sameOrigin.status).toBe(302);
  });

  it('serves the form with a referrer policy that lets the browser send its Origin', async () => {
    const response = await fetch(authorizeUrl(sut.baseUrl, defaultAuthorizeParams(newPkce())));
    expect(response.headers.get('referrer-policy')).toBe('same-origin');
    expect(await response.text()).not.toContain('content="no-referrer"');
  });
});
