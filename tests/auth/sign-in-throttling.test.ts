/** Sign-in throttling per account (lockout) and per client address, with a plain HTTP client. Both stores. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTenant } from '../support/api';
import { STORES } from '../support/db';
import { startAuthApp } from './support/auth-app';
import type { AuthApp } from './support/auth-app';
import { defaultAuthorizeParams, fetchForm, newPkce, postForm } from './support/oauth-client';

describe.each(STORES)('sign-in throttling on %s', (store) => {
  let sut: AuthApp;

  beforeAll(async () => {
    sut = await startAuthApp(store, {
      lockout: { maxFailures: 3, windowSeconds: 900, lockoutSeconds: 900 },
      signInAddressLimit: { max: 8, timeWindowMs: 60_000 },
    });
  });
  afterAll(async () => {
    await sut?.close();
  });

  it('locks an account after repeated failures, even for the right password, until the lockout ends', async () => {
    const tenant = await seedTenant(sut.platform);
    const fields = await fetchForm(sut.baseUrl, defaultAuthorizeParams(newPkce()));
    for (let i = 0; i < 3; i++) {
      expect(
        (await postForm(sut.baseUrl, { ...fields, email: tenant.email, password: `wrong password ${i}` }))
          .status,
      ).toBe(401);
    }
    const locked = await postForm(sut.baseUrl, { ...fields, email: tenant.email, password: tenant.password });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await locked.text()).toContain('Too many failed sign-in attempts');

    sut.clock.offsetMs = 16 * 60_000;
    try {
      // The old form expired with the lockout (15 min); a fresh one signs in.
      const fresh = await fetchForm(sut.baseUrl, defaultAuthorizeParams(newPkce()));
      expect(
        (await postForm(sut.baseUrl, { ...fresh, email: tenant.email, password: tenant.password })).status,
      ).toBe(302);
    } finally {
      sut.clock.offsetMs = 0;
    }
  });

  it('limits sign-in submissions per address with 429 and Retry-After', async () => {
    const fields = await fetchForm(sut.baseUrl, defaultAuthorizeParams(newPkce()));
    let last: Response | undefined;
    for (let i = 0; i < 9; i++) {
      last = await postForm(sut.baseUrl, {
        ...fields,
        email: `someone-${i}@example.com`,
        password: 'whatever it is today',
      });
    }
    expect(last!.status).toBe(429);
    expect(last!.headers.get('retry-after')).not.toBeNull();
  });
});
