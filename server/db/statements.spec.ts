/**
 * The hot-path statement plumbing (./statements.ts) as repositories see it: on PostgreSQL a tenant
 * transaction's opening statements travel with its first statement, so that statement and every
 * later one run under the transaction's tenant (RLS) and nothing carries over to the next transaction
 * on a pooled connection; on both stores raw statements are prepared once and keep working after a
 * failure.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTenant, startTestApp } from '../../tests/support/api';
import type { SeededTenant, TestApp } from '../../tests/support/api';
import { STORES } from '../../tests/support/db';
import { UserRepository } from '../users/user.repository';
import { ScopedRepository } from './scoped-repository';

/** Raw statements with no tenant filter of their own: on PostgreSQL only RLS restricts them. */
class ProbeRepository extends ScopedRepository {
  userTenants(): Promise<{ tenant_id: string }[]> {
    return this.rawQuery('SELECT tenant_id FROM users');
  }

  currentTenant(): Promise<{ tenant: string | null }[]> {
    return this.rawQuery(`SELECT current_setting('app.tenant_id', true) AS tenant`);
  }

  divide(by: number): Promise<{ q: number }[]> {
    return this.rawQuery(this.dialect === 'postgres' ? 'SELECT 10 / $1::int AS q' : 'SELECT 10 / ? AS q', [
      by,
    ]);
  }

  broken(): Promise<unknown[]> {
    return this.rawQuery('SELEC tenant_id FROM users');
  }
}

describe.each(STORES)('tenant transaction statements on %s', (store) => {
  let app: TestApp;
  let a: SeededTenant;

  beforeAll(async () => {
    app = await startTestApp(store);
    a = await seedTenant(app.platform);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('runs a statement again after it failed at execution and after it failed to parse', async () => {
    const sut = app.platform.scopes.forTenant(a.tenantId);
    if (store === 'postgres') {
      await expect(sut.transaction((tx) => tx.get(ProbeRepository).divide(0))).rejects.toThrow(
        /division by zero/,
      );
    }
    expect(await sut.transaction((tx) => tx.get(ProbeRepository).divide(5))).toEqual([{ q: 2 }]);
    for (let i = 0; i < 3; i++) {
      await expect(sut.transaction((tx) => tx.get(ProbeRepository).broken())).rejects.toThrow(/syntax error/);
    }
    expect(await sut.transaction((tx) => tx.get(ProbeRepository).divide(2))).toEqual([{ q: 5 }]);
  });
});

describe('tenant transaction statements on postgres (row-level security)', () => {
  let app: TestApp;
  let a: SeededTenant;
  let b: SeededTenant;

  beforeAll(async () => {
    app = await startTestApp('postgres');
    a = await seedTenant(app.platform);
    b = await seedTenant(app.platform);
  });
  afterAll(async () => {
    await app?.close();
  });

  const tenantsSeenBy = (tenantId: string) =>
    app.platform.scopes
      .forTenant(tenantId)
      .transaction(async (tx) => (await tx.get(ProbeRepository).userTenants()).map((r) => r.tenant_id));

  it("gives a transaction's first statement its tenant, on every pooled connection, alternating tenants", async () => {
    // More transactions than the pool has connections, concurrently, so every connection serves both.
    const runs = Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b));
    const seen = await Promise.all(runs.map((t) => tenantsSeenBy(t.tenantId)));
    runs.forEach((t, i) => expect(seen[i]).toEqual([t.tenantId]));
  });

  it('keeps the tenant for the statements after the first, whether raw or built by TypeORM', async () => {
    const sut = app.platform.scopes.forTenant(a.tenantId);
    const result = await sut.transaction(async (tx) => ({
      users: (await tx.get(UserRepository).list()).map((u) => u.id),
      tenant: await tx.get(ProbeRepository).currentTenant(),
      tenants: await tx.get(ProbeRepository).userTenants(),
    }));
    expect(result.users).toEqual([a.userId]);
    expect(result.tenant).toEqual([{ tenant: a.tenantId }]);
    expect(result.tenants).toEqual([{ tenant_id: a.tenantId }]);
  });

  it('leaves no tenant behind after a commit, a rollback before any statement, or a failed statement', async () => {
    const sut = app.platform.scopes.forTenant(a.tenantId);
    for (let i = 0; i < 12; i++) {
      await sut.transaction(async () => 'nothing sent');
      await expect(
        sut.transaction(async () => {
          throw new Error('abort before any statement');
        }),
      ).rejects.toThrow('abort before any statement');
      await expect(sut.transaction((tx) => tx.get(ProbeRepository).divide(0))).rejects.toThrow();
    }
    // A session-level read of the setting on a pooled connection: empty once each transaction ended.
    const leftovers = await Promise.all(
      Array.from({ length: 12 }, () =>
        app.platform.scopes
          .forTenant(b.tenantId)
          .transaction(async (tx) => (await tx.get(ProbeRepository).userTenants()).map((r) => r.tenant_id)),
      ),
    );
    for (const tenants of leftovers) expect(tenants).toEqual([b.tenantId]);
  });

  it('refuses a tenant id that is not a UUID before sending anything', async () => {
    const sut = app.platform.scopes.forTenant(`${a.tenantId}', true); SELECT set_config('x`);
    await expect(sut.transaction((tx) => tx.get(ProbeRepository).userTenants())).rejects.toThrow(
      'tenant id is not a UUID',
    );
  });
});
