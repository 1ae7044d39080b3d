/**
 * `GET /v1/sync/events` and the credential that opened it: the stream ends when that credential is
 * revoked (access token through RFC 7009, API key deleted) or expires, so no poke reaches a caller
 * who lost access; and one credential (or one tenant) cannot hold any number of streams open: past
 * the cap the answer is 429 problem+json with Retry-After. Both stores, real HTTP.
 */
import http from 'node:http';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app';
import { openPlatform } from '../../server/platform';
import type { Platform } from '../../server/platform';
import { addUser, createApiKey, issueAccessToken, seedTenant, testConfig } from '../support/api';
import type { SeededTenant } from '../support/api';
import { createTestDatabase, STORES } from '../support/db';
import type { TestDatabase } from '../support/db';

interface OpenStream {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  pokes: number;
  ended: Promise<void>;
  isEnded(): boolean;
  close(): void;
}

function openStream(baseUrl: string, token: string): Promise<OpenStream> {
  return new Promise((resolve, reject) => {
    const request = http.get(`${baseUrl}/v1/sync/events`, { headers: { authorization: `Bearer ${token}` } });
    request.on('error', reject);
    request.on('response', (response) => {
      let ended = false;
      let markEnded!: () => void;
      const stream: OpenStream = {
        status: response.statusCode!,
        headers: response.headers,
        body: '',
        pokes: 0,
        ended: new Promise<void>((done) => (markEnded = done)),
        isEnded: () => ended,
        close: () => request.destroy(),
      };
      const end = () => {
        ended = true;
        markEnded();
      };
      response.on('end', end).on('close', end).on('error', end);
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        stream.body += chunk;
        stream.pokes = stream.body.split('event: poke').length - 1;
        if (stream.body.includes(': connected')) resolve(stream);
      });
      if (response.statusCode !== 200) response.on('end', () => resolve(stream));
    });
  });
}

const within = <T>(promise: Promise<T>, ms: number, what: string): Promise<T> =>
  Promise.race([
    promise,
    new Promise<T>((_, fail) =>
      setTimeout(() => fail(new Error(`${what} did not happen within ${ms} ms`)), ms),
    ),
  ]);

describe.each(STORES)('event streams and their credential on %s', (store) => {
  let db: TestDatabase;
  let platform: Platform;
  let app: FastifyInstance;
  let baseUrl: string;
  let tenant: SeededTenant;

  beforeAll(async () => {
    db = await createTestDatabase(store);
    const config = testConfig(db);
    platform = await openPlatform(config, { syncHeartbeatMs: 200 });
    app = await buildApp(config, {
      platform,
      auditRetention: false,
      calendarSync: false,
      tenantPurge: false,
      syncStreamLimits: { perCredential: 2, perTenant: 4, retryAfterSeconds: 30 },
    });
    baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
    tenant = await seedTenant(platform);
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const customer = (token: string) =>
    app.inject({
      method: 'POST',
      url: '/v1/customers',
      headers: { authorization: `Bearer ${token}` },
      payload: { name: 'Poke me' },
    });

  it('ends a stream when its access token is revoked, and pokes it no more', async () => {
    const token = await issueAccessToken(platform, tenant.tenantId, tenant.userId);
    const stream = await openStream(baseUrl, token);
    expect(stream.status).toBe(200);
    const revoked = await app.inject({ method: 'POST', url: '/oauth/revoke', payload: { token } });
    expect(revoked.statusCode).toBe(200);
    await within(stream.ended, 2_000, 'the stream ending after revocation');
    const pokes = stream.pokes;
    expect((await customer(tenant.token)).statusCode).toBe(201);
    await new Promise((done) => setTimeout(done, 100));
    expect(stream.pokes).toBe(pokes);
  });

  it('ends a stream when its API key is deleted', async () => {
    const key = await createApiKey(platform, tenant.tenantId, tenant.userId);
    const stream = await openStream(baseUrl, key.key);
    expect(stream.status).toBe(200);
    const deleted = await app.inject({
      method: 'DELETE',
      url: `/v1/api-keys/${key.id}`,
      headers: { authorization: `Bearer ${tenant.token}` },
    });
    expect(deleted.statusCode).toBe(204);
    await within(stream.ended, 2_000, 'the stream ending after the key was deleted');
  });

  it('ends a stream when its access token expires', async () => {
    const token = await issueAccessToken(platform, tenant.tenantId, tenant.userId, { ttlSeconds: 1 });
    const stream = await openStream(baseUrl, token);
    expect(stream.status).toBe(200);
    await within(stream.ended, 3_000, 'the stream ending at expiry');
  });

  it('caps the streams of one credential and of one tenant: 429 with Retry-After beyond', async () => {
    const other = await seedTenant(platform);
    const token = await issueAccessToken(platform, other.tenantId, other.userId);
    const open = [await openStream(baseUrl, token), await openStream(baseUrl, token)];
    try {
      expect(open.map((s) => s.status)).toEqual([200, 200]);
      const third = await openStream(baseUrl, token);
      expect(third.status).toBe(429);
      expect(third.headers['retry-after']).toBe('30');
      expect(third.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(JSON.parse(third.body)).toMatchObject({ status: 429 });

      // Another credential of the same tenant: allowed up to the tenant's cap (4), then refused.
      const second = await addUser(platform, other.tenantId, 'receptionist');
      open.push(await openStream(baseUrl, second.token), await openStream(baseUrl, second.token));
      expect(open.map((s) => s.status)).toEqual([200, 200, 200, 200]);
      const third2 = await addUser(platform, other.tenantId, 'staff');
      const overTenant = await openStream(baseUrl, third2.token);
      expect(overTenant.status).toBe(429);
      expect(overTenant.headers['retry-after']).toBe('30');

      // A closed stream frees its place.
      open.shift()!.close();
      await new Promise((done) => setTimeout(done, 100));
      const again = await openStream(baseUrl, token);
      expect(again.status).toBe(200);
      open.push(again);
    } finally {
      for (const stream of open) stream.close();
    }
  });
});
