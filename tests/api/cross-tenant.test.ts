/**
 * Generated cross-tenant suite (issue 3, tenancy test (a)). For EVERY operation in the live OpenAPI
 * document, tenant B calls it with tenant A's ids, filters and bodies, and the suite checks that B
 * learns nothing of A (404, an empty list, or B's own data; no A identifier in the response) and that
 * nothing of A changed (every row of every tenant_id table compared before and after).
 *
 * A route without a case below FAILS this suite: adding a route means adding its case here.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, createApiKey, seedTenant, startTestApp } from '../support/api';
import type { SeededTenant, TestApp } from '../support/api';
import { STORES } from '../support/db';

/** Tenant A's data the attacks aim at; extend `seedVictim` when adding resources. */
interface Victim extends SeededTenant {
  staffUserId: string;
  apiKeyId: string;
}

interface AttackContext {
  a: Victim;
  b: SeededTenant;
  /** Calls the app as tenant B (its owner's token unless `token` is given). */
  asB(options: {
    method: string;
    url: string;
    payload?: unknown;
    headers?: Record<string, string>;
    token?: string;
  }): Promise<LightMyRequestResponse>;
}

type CrossTenantCase =
  /** A route that reads or writes no tenant data; the reason is the documentation. */
  | {
      public: string;
      attack?: (ctx: AttackContext) => Promise<LightMyRequestResponse>;
      expectStatus?: number;
    }
  /**
   * B attacks with A's ids/filters; `expect` is what B must see: 404, an empty list, B's own data
   * (2xx without any A identifier), or a refusal (a 4xx other than 404, e.g. an unknown field).
   */
  | {
      attack: (ctx: AttackContext) => Promise<LightMyRequestResponse>;
      expect: 'not-found' | 'empty-list' | 'own-data' | 'refused';
    };

const longPassword = 'a sufficiently long passphrase 4 tests';

/** One entry per `METHOD /path` of the OpenAPI document. */
const CASES: Record<string, CrossTenantCase> = {
  'GET /healthz': { public: 'process liveness; reads no tenant data' },
  'GET /readyz': { public: 'database reachability; reads no tenant data' },
  'POST /v1/signup': {
    public: 'creates a NEW tenant; a body cannot name an existing one',
    attack: ({ a, asB }) =>
      asB({
        method: 'POST',
        url: '/v1/signup',
        payload: {
          tenantId: a.tenantId,
          business: { name: 'Hijack', timeZone: 'Europe/London' },
          owner: { name: 'Eve', email: `eve-${Date.now()}@example.com`, password: longPassword },
        },
      }),
    expectStatus: 422,
  },
  'GET /oauth/authorize': { public: 'renders the sign-in form from the query; reads no tenant data' },
  'POST /oauth/authorize': {
    public: 'sign-in by email + password (+ OTP): the tenant comes from the account signing in (tests/auth)',
  },
  'POST /oauth/token': {
    public: 'redeems a code / refresh token; the tenant comes from the presented secret',
    attack: ({ asB }) =>
      asB({
        method: 'POST',
        url: '/oauth/token',
        payload: {
          grant_type: 'refresh_token',
          refresh_token: 'bd_rt_' + 'x'.repeat(43),
          client_id: 'bookdesk-desktop',
        },
      }),
    expectStatus: 400,
  },
  'POST /oauth/revoke': { public: 'RFC 7009: acts only on the presented secret, whoever holds it' },
  'GET /v1/me': {
    // Neither a query parameter nor a header can switch the tenant: the credential decides.
    attack: ({ a, asB }) =>
      asB({
        method: 'GET',
        url: `/v1/me?tenantId=${a.tenantId}&userId=${a.userId}`,
        headers: { 'x-tenant-id': a.tenantId },
      }),
    expect: 'own-data',
  },
  'PUT /v1/me/password': {
    // A's password is no use on B's account.
    attack: ({ a, asB }) =>
      asB({
        method: 'PUT',
        url: '/v1/me/password',
        payload: { currentPassword: a.password, newPassword: longPassword },
      }),
    expect: 'refused',
  },
  'POST /v1/users': {
    attack: ({ a, asB }) =>
      asB({
        method: 'POST',
        url: '/v1/users',
        payload: {
          tenantId: a.tenantId,
          name: 'Mole',
          email: `mole-${Date.now()}@example.com`,
          role: 'admin',
          password: longPassword,
        },
      }),
    expect: 'refused',
  },
  'GET /v1/users': {
    attack: ({ asB }) => asB({ method: 'GET', url: '/v1/users?limit=200' }),
    expect: 'own-data',
  },
  'GET /v1/users/{id}': {
    attack: ({ a, asB }) => asB({ method: 'GET', url: `/v1/users/${a.staffUserId}` }),
    expect: 'not-found',
  },
  'PATCH /v1/users/{id}': {
    attack: ({ a, asB }) =>
      asB({ method: 'PATCH', url: `/v1/users/${a.staffUserId}`, payload: { role: 'admin', name: 'Pwned' } }),
    expect: 'not-found',
  },
  'POST /v1/api-keys': {
    attack: ({ a, asB }) =>
      asB({ method: 'POST', url: '/v1/api-keys', payload: { name: 'stolen', tenantId: a.tenantId } }),
    expect: 'refused',
  },
  'GET /v1/api-keys': {
    attack: ({ asB }) => asB({ method: 'GET', url: '/v1/api-keys?limit=200' }),
    expect: 'own-data',
  },
  'DELETE /v1/api-keys/{id}': {
    attack: ({ a, asB }) => asB({ method: 'DELETE', url: `/v1/api-keys/${a.apiKeyId}` }),
    expect: 'not-found',
  },
  'POST /v1/me/mfa': { attack: ({ asB }) => asB({ method: 'POST', url: '/v1/me/mfa' }), expect: 'own-data' },
  'POST /v1/me/mfa/confirm': {
    attack: ({ asB }) => asB({ method: 'POST', url: '/v1/me/mfa/confirm', payload: { code: '000000' } }),
    expect: 'refused',
  },
  'DELETE /v1/me/mfa': {
    attack: ({ a, asB }) => asB({ method: 'DELETE', url: '/v1/me/mfa', payload: { password: a.password } }),
    expect: 'refused',
  },
  'GET /v1/audit': {
    attack: ({ asB }) =>
      asB({ method: 'GET', url: '/v1/audit?from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z&limit=500' }),
    expect: 'own-data',
  },
  'GET /v1/audit/verify': {
    attack: ({ asB }) => asB({ method: 'GET', url: '/v1/audit/verify' }),
    expect: 'own-data',
  },
};

interface Operation {
  key: string;
  secured: boolean;
}

function operationsOf(document: {
  paths: Record<string, Record<string, { security?: unknown[] }>>;
}): Operation[] {
  const methods = ['get', 'post', 'put', 'patch', 'delete'];
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => methods.includes(method))
      .map(([method, operation]) => ({
        key: `${method.toUpperCase()} ${path}`,
        secured: Array.isArray(operation.security) && operation.security.length > 0,
      })),
  );
}

describe.each(STORES)('cross-tenant isolation of every route on %s', (store) => {
  let sut: TestApp;
  let a: Victim;
  let b: SeededTenant;
  let operations: Operation[];

  beforeAll(async () => {
    sut = await startTestApp(store);
    const seeded = await seedTenant(sut.platform, { name: 'Victim A' });
    const staff = await addUser(sut.platform, seeded.tenantId, 'staff');
    const key = await createApiKey(sut.platform, seeded.tenantId, seeded.userId);
    a = { ...seeded, staffUserId: staff.userId, apiKeyId: key.id };
    b = await seedTenant(sut.platform, { name: 'Attacker B' });
    operations = operationsOf((await sut.call({ method: 'GET', url: '/openapi.json' })).json());
  });
  afterAll(async () => {
    await sut?.close();
  });

  it('finds the routes in the OpenAPI document', () => {
    expect(operations.map((o) => o.key)).toEqual(expect.arrayContaining(['POST /v1/signup', 'GET /v1/me']));
  });

  it('has a case for every route, and every route without one is public by declaration', () => {
    const missing = operations.filter((o) => !(o.key in CASES)).map((o) => o.key);
    expect(
      missing,
      `no cross-tenant case for ${missing.join(', ')}: add one to CASES in tests/api/cross-tenant.test.ts`,
    ).toEqual([]);
    const undeclaredPublic = operations
      .filter((o) => !o.secured && !('public' in (CASES[o.key] ?? {})))
      .map((o) => o.key);
    expect(undeclaredPublic, 'routes without bearer auth must be declared `public` with a reason').toEqual(
      [],
    );
  });

  it('lets tenant B learn and change nothing of tenant A through any route', async () => {
    const aIdentifiers = [a.tenantId, a.userId, a.locationId, a.email, a.staffUserId, a.apiKeyId];
    const asB: AttackContext['asB'] = ({ method, url, payload, headers, token }) =>
      sut.call({
        method: method as 'GET',
        url,
        ...(payload === undefined ? {} : { payload: payload as object }),
        headers,
        token: token ?? b.token,
      });
    for (const operation of operations) {
      const testCase = CASES[operation.key];
      if (!testCase?.attack) continue;
      const before = await sut.db.snapshotTenant(a.tenantId);
      const response = await testCase.attack({ a, b, asB });
      const label = `${operation.key} → ${response.statusCode} ${response.body.slice(0, 200)}`;

      expect(response.statusCode, label).toBeLessThan(500);
      if ('expect' in testCase) {
        if (testCase.expect === 'not-found') expect(response.statusCode, label).toBe(404);
        if (testCase.expect === 'empty-list') {
          expect(response.statusCode, label).toBe(200);
          expect(response.json().items, label).toEqual([]);
        }
        if (testCase.expect === 'own-data') expect(response.statusCode, label).toBeLessThan(300);
        if (testCase.expect === 'refused') {
          expect(response.statusCode, label).toBeGreaterThanOrEqual(400);
          expect(response.statusCode, label).not.toBe(404);
        }
      } else if (testCase.expectStatus) {
        expect(response.statusCode, label).toBe(testCase.expectStatus);
      }
      for (const identifier of aIdentifiers) expect(response.body, label).not.toContain(identifier);
      expect(await sut.db.snapshotTenant(a.tenantId), `${operation.key} changed tenant A's data`).toEqual(
        before,
      );
    }
  });

  it('checks that the snapshot used above really sees tenant A (guards against a vacuous pass)', async () => {
    const snapshot = await sut.db.snapshotTenant(a.tenantId);
    expect(snapshot.users).toHaveLength(2);
    expect(snapshot.locations).toHaveLength(1);
    expect(snapshot.api_keys).toHaveLength(1);
  });
});
