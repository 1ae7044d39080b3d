/**
 * Generated cross-tenant suite (issue 3, tenancy test (a)). For EVERY operation in the live OpenAPI
 * document, tenant B calls it with tenant A's ids, filters and bodies, and the suite checks that B
 * learns nothing of A (404, an empty list, B's own data or a refusal; no A identifier in the
 * response) and that nothing of A changed (every row of every tenant_id table compared before/after).
 *
 * Cases come from every `cross-tenant/*.cases.ts` (see cross-tenant/cross-tenant.types.ts). A route
 * without a case FAILS this suite: adding a route means adding its case to its feature's file.
 */
/// <reference types="vite/client" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTenant, startTestApp } from '../support/api';
import type { SeededTenant, TestApp } from '../support/api';
import { STORES } from '../support/db';
import type { Call, CrossTenantCase, CrossTenantCases, Victim } from './cross-tenant/cross-tenant.types';

const modules = import.meta.glob<CrossTenantCases>('./cross-tenant/*.cases.ts', {
  eager: true,
  import: 'crossTenantCases',
});

/** Every case by `METHOD /path`, and keys defined in more than one file. */
function mergeCases(): { cases: Record<string, CrossTenantCase>; duplicates: string[] } {
  const cases: Record<string, CrossTenantCase> = {};
  const duplicates: string[] = [];
  for (const [file, module] of Object.entries(modules)) {
    for (const [key, value] of Object.entries(module.cases)) {
      if (key in cases) duplicates.push(`${key} (again in ${file})`);
      cases[key] = value;
    }
  }
  return { cases, duplicates };
}

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
  const { cases, duplicates } = mergeCases();
  let sut: TestApp;
  let a: Victim;
  let b: SeededTenant;
  let operations: Operation[];

  const caller =
    (defaultToken: () => string): Call =>
    ({ method, url, payload, headers, token }) =>
      sut.call({
        method,
        url,
        ...(payload === undefined ? {} : { payload: payload as object }),
        headers,
        token: token ?? defaultToken(),
      });

  beforeAll(async () => {
    sut = await startTestApp(store);
    const seeded = await seedTenant(sut.platform, { name: 'Victim A' });
    const ids: Record<string, string> = {};
    for (const module of Object.values(modules)) {
      Object.assign(
        ids,
        await module.seed?.({ a: seeded, platform: sut.platform, asA: caller(() => seeded.token) }),
      );
    }
    a = { ...seeded, ids };
    b = await seedTenant(sut.platform, { name: 'Attacker B' });
    operations = operationsOf((await sut.call({ method: 'GET', url: '/openapi.json' })).json());
  });
  afterAll(async () => {
    await sut?.close();
  });

  it('finds the routes in the OpenAPI document and the cases in cross-tenant/*.cases.ts', () => {
    expect(operations.map((o) => o.key)).toEqual(expect.arrayContaining(['POST /v1/signup', 'GET /v1/me']));
    expect(Object.keys(modules)).toContain('./cross-tenant/platform.cases.ts');
    expect(duplicates, 'a route has cases in two files').toEqual([]);
  });

  it('has a case for every route, and every route without bearer auth is declared public', () => {
    const missing = operations.filter((o) => !(o.key in cases)).map((o) => o.key);
    expect(
      missing,
      `no cross-tenant case for ${missing.join(', ')}: add one to tests/api/cross-tenant/<feature>.cases.ts`,
    ).toEqual([]);
    const undeclaredPublic = operations
      .filter((o) => !o.secured && !('public' in (cases[o.key] ?? {})))
      .map((o) => o.key);
    expect(undeclaredPublic, 'routes without bearer auth must be declared `public` with a reason').toEqual(
      [],
    );
  });

  it('lets tenant B learn and change nothing of tenant A through any route', async () => {
    const aIdentifiers = [a.tenantId, a.userId, a.locationId, a.email, ...Object.values(a.ids)];
    const asB = caller(() => b.token);
    for (const operation of operations) {
      const testCase = cases[operation.key];
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
        if (testCase.expect === 'refused') expect(response.statusCode, label).toBeGreaterThanOrEqual(400);
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
    expect(snapshot.locations?.length).toBeGreaterThanOrEqual(1);
    expect(snapshot.api_keys).toHaveLength(1);
  });
});
