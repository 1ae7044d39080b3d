/**
 * Sign-in throttling a stranger cannot turn against the owner (NIST SP 800-63B §5.2.2): failures are
 * counted per (account, client address), and past a few failures that pair waits a growing delay
 * (429 + Retry-After, even for the right password). The owner signing in from another address is not
 * affected. Both stores, a real HTTP server behind a trusted proxy (X-Forwarded-For gives the address).
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app';
import { openPlatform } from '../../server/platform';
import type { Platform } from '../../server/platform';
import { seedTenant, testConfig } from '../support/api';
import type { SeededTenant } from '../support/api';
import { createTestDatabase, STORES } from '../support/db';
import type { TestDatabase } from '../support/db';
import { TestClock } from './support/auth-app';
import { defaultAuthorizeParams, fetchForm, newPkce, postForm } from './support/oauth-client';

const STRANGER = '203.0.113.9';
const DESK = '198.51.100.20';

describe.each(STORES)('sign-in throttling by account and address on %s', (store) => {
  let db: TestDatabase;
  let platform: Platform;
  let app: FastifyInstance;
  let baseUrl: string;
  const clock = new TestClock();

  beforeAll(async () => {
    db = await createTestDatabase(store);
    const config = testConfig(db, { trustProxy: true });
    platform = await openPlatform(config, {
      now: clock.now,
      lockout: { maxFailures: 3, windowSeconds: 24 * 3600, lockoutSeconds: 900 },
    });
    app = await buildApp(config, {
      platform,
      signInAddressLimit: { max: 10_000, timeWindowMs: 60_000 },
      auditRetention: false,
      housekeeping: false,
      calendarSync: false,
      tenantPurge: false,
    });
    baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const attempt = async (tenant: SeededTenant, from: string, password: string) => {
    const form = await fetchForm(baseUrl, defaultAuthorizeParams(newPkce()));
    return postForm(baseUrl, { ...form, email: tenant.email, password }, { 'x-forwarded-for': from });
  };

  it('never locks the owner out from another address, however often a stranger fails', async () => {
    const owner = await seedTenant(platform);
    for (let i = 0; i < 12; i++) {
      const response = await attempt(owner, STRANGER, `a wrong guess number ${i}`);
      expect([401, 429]).toContain(response.status);
    }
    // The stranger is held back ...
    const stranger = await attempt(owner, STRANGER, owner.password);
    expect(stranger.status).toBe(429);
    expect(Number(stranger.headers.get('retry-after'))).toBeGreaterThan(0);
    // ... the owner at the desk is not.
    expect((await attempt(owner, DESK, owner.password)).status).toBe(302);
  });

  it('makes the delay grow with each further failure of the same pair, and forgets it on success', async () => {
    const owner = await seedTenant(platform);
    const delays: number[] = [];
    try {
      for (let i = 0; i < 10; i++) {
        const response = await attempt(owner, STRANGER, `another wrong guess ${i}`);
        if (response.status === 429) {
          const wait = Number(response.headers.get('retry-after'));
          delays.push(wait);
          clock.offsetMs += (wait + 1) * 1000; // wait it out
        } else expect(response.status).toBe(401);
      }
      expect(delays.length).toBeGreaterThanOrEqual(3);
      for (let i = 1; i < delays.length; i++) expect(delays[i]!).toBeGreaterThan(delays[i - 1]!);
      // Waited out, the right password works and resets the pair: the next failures are free again.
      const last = await attempt(owner, STRANGER, owner.password);
      if (last.status === 429) clock.offsetMs += (Number(last.headers.get('retry-after')) + 1) * 1000;
      expect((await attempt(owner, STRANGER, owner.password)).status).toBe(302);
      expect((await attempt(owner, STRANGER, 'one more wrong guess')).status).toBe(401);
      expect((await attempt(owner, STRANGER, owner.password)).status).toBe(302);
    } finally {
      clock.offsetMs = 0;
    }
  });
});
