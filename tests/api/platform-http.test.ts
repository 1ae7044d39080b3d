/**
 * The HTTP platform as a client sees it: health, OpenAPI, and problem+json for every kind of bad
 * input (never a 5xx). Runs on both stores.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Instant, Uuid } from '../../core/domain/schemas';
import { buildApp } from '../../server/app';
import type { ZodTypeProvider } from '../../server/http/zod-type-provider';
import { startTestApp } from '../support/api';
import type { TestApp } from '../support/api';
import { STORES } from '../support/db';

function expectProblem(
  response: { statusCode: number; headers: Record<string, unknown>; json(): unknown },
  status: number,
) {
  expect(response.statusCode).toBe(status);
  expect(String(response.headers['content-type'])).toMatch(/^application\/problem\+json/);
  const body = response.json() as { type: string; title: string; status: number; detail?: string };
  expect(body).toMatchObject({
    status,
    type: expect.stringMatching(/^https:\/\//),
    title: expect.any(String),
  });
  return body as {
    type: string;
    title: string;
    status: number;
    detail?: string;
    errors?: { path: string; message: string }[];
  };
}

describe.each(STORES)(`${buildApp.name} on %s`, (store) => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await startTestApp(store);
  });
  afterAll(async () => {
    await sut?.close();
  });

  describe('probes and documentation', () => {
    it('answers /healthz and /readyz', async () => {
      expect((await sut.call({ method: 'GET', url: '/healthz' })).json()).toEqual({
        status: 'ok',
        region: 'default',
      });
      expect((await sut.call({ method: 'GET', url: '/readyz' })).json()).toEqual({ status: 'ok' });
    });

    it('serves an OpenAPI 3.1 document describing signup and /v1/me, and the docs page', async () => {
      const document = (await sut.call({ method: 'GET', url: '/openapi.json' })).json();
      expect(document.openapi).toBe('3.1.0');
      expect(
        document.paths['/v1/signup'].post.requestBody.content['application/json'].schema.required,
      ).toEqual(['business', 'owner']);
      expect(document.paths['/v1/me'].get.security).toEqual([{ bearerAuth: [] }]);
      const docs = await sut.call({ method: 'GET', url: '/docs/' });
      expect(docs.statusCode).toBe(200);
      expect(docs.headers['content-type']).toMatch(/text\/html/);
    });

    it('sets security headers', async () => {
      const response = await sut.call({ method: 'GET', url: '/healthz' });
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['content-security-policy']).toBeDefined();
    });
  });

  describe('problem+json for bad input', () => {
    const signup = (payload: string, contentType = 'application/json') =>
      sut.call({ method: 'POST', url: '/v1/signup', payload, headers: { 'content-type': contentType } });

    it('answers malformed JSON with 400', async () => {
      const problem = expectProblem(await signup('{"business": {'), 400);
      expect(problem.detail).toMatch(/JSON/);
    });

    it('answers wrong types and unknown fields with 422 naming each field', async () => {
      const problem = expectProblem(
        await signup(
          JSON.stringify({
            business: { name: 42, timeZone: 'Europe/London', plan: 'gold' },
            owner: { name: 'Ann', email: 'ann@example.com', password: 'x'.repeat(20) },
            tenantId: '6f1c1f5e-3b0c-4c8e-9a37-4c1f2b1f7e10',
          }),
        ),
        422,
      );
      expect(problem.errors).toEqual(
        expect.arrayContaining([
          { path: 'body.business.name', message: expect.any(String) },
          { path: 'body.business.plan', message: 'unknown field' },
          { path: 'body.tenantId', message: 'unknown field' },
        ]),
      );
    });

    it('answers a body over 256 KiB with 413', async () => {
      expectProblem(await signup(JSON.stringify({ business: { name: 'x'.repeat(300 * 1024) } })), 413);
    });

    it('answers an unsupported content type with 415', async () => {
      expectProblem(await signup('name=x', 'text/plain'), 415);
    });

    it('answers an unknown route with 404', async () => {
      const problem = expectProblem(await sut.call({ method: 'GET', url: '/v1/nothing-here' }), 404);
      expect(problem.detail).toContain('/v1/nothing-here');
    });

    it('never answers arbitrary bodies with a 5xx, and every error is problem+json', async () => {
      const bodies = fc.oneof(
        fc.json(),
        fc.string(),
        fc
          .record({
            business: fc.oneof(fc.jsonValue(), fc.record({ name: fc.jsonValue(), timeZone: fc.jsonValue() })),
            owner: fc.oneof(fc.jsonValue(), fc.record({ email: fc.jsonValue(), password: fc.jsonValue() })),
          })
          .map((value) => JSON.stringify(value)),
      );
      await fc.assert(
        fc.asyncProperty(bodies, async (payload) => {
          const response = await signup(payload);
          expect(response.statusCode).toBeLessThan(500);
          expect(response.statusCode).toBeGreaterThanOrEqual(400);
          expect(String(response.headers['content-type'])).toMatch(/^application\/problem\+json/);
        }),
        { numRuns: 150 },
      );
    });

    it('answers a missing bearer token with 401 and WWW-Authenticate', async () => {
      const response = await sut.call({ method: 'GET', url: '/v1/me' });
      expectProblem(response, 401);
      expect(response.headers['www-authenticate']).toBe('Bearer');
    });
  });
});

describe('route validation (a probe route using the app compilers)', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await startTestApp('sqlite');
  });
  afterAll(async () => {
    await sut?.close();
  });

  it('answers an invalid UUID in the path and an invalid date in the query with 422 naming them', async () => {
    // A throwaway app of the same config, with one route declaring a uuid param and a date filter.
    const probe = await buildApp(sut.config);
    probe
      .withTypeProvider<ZodTypeProvider>()
      .get(
        '/probe/:id',
        { schema: { params: z.strictObject({ id: Uuid }), querystring: z.strictObject({ from: Instant }) } },
        async (request) => ({ id: request.params.id, from: request.query.from }),
      );
    probe.get('/probe-crash', async () => {
      throw new Error('secret internals at /var/lib/x');
    });
    await probe.ready();
    try {
      const bad = await probe.inject({ method: 'GET', url: '/probe/not-a-uuid?from=yesterday' });
      expect(bad.statusCode).toBe(422);
      expect(bad.json().errors).toEqual([{ path: 'params.id', message: expect.any(String) }]);
      const badDate = await probe.inject({
        method: 'GET',
        url: '/probe/6f1c1f5e-3b0c-4c8e-9a37-4c1f2b1f7e10?from=yesterday',
      });
      expect(badDate.statusCode).toBe(422);
      expect(badDate.json().errors).toEqual([{ path: 'query.from', message: expect.any(String) }]);
      const good = await probe.inject({
        method: 'GET',
        url: '/probe/6f1c1f5e-3b0c-4c8e-9a37-4c1f2b1f7e10?from=2026-03-08T09:00:00-05:00',
      });
      expect(good.statusCode).toBe(200);

      const crash = await probe.inject({ method: 'GET', url: '/probe-crash' });
      expect(crash.statusCode).toBe(500);
      expect(crash.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(crash.body).not.toContain('secret internals');
    } finally {
      await probe.close();
    }
  });
});

describe('rate limiting', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await startTestApp('sqlite', { rateLimitPerMinute: 3 });
  });
  afterAll(async () => {
    await sut?.close();
  });

  it('answers requests over the limit with 429 problem+json and Retry-After', async () => {
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 4; i += 1) {
      last = await sut.call({ method: 'GET', url: '/v1/me' });
      statuses.push(last.statusCode);
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
    expectProblem(last!, 429);
    expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('does not limit the health probes', async () => {
    const statuses = await Promise.all(
      Array.from({ length: 6 }, async () => (await sut.call({ method: 'GET', url: '/healthz' })).statusCode),
    );
    expect(statuses).toEqual(Array(6).fill(200));
  });
});
