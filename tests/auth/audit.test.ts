/**
 * The security audit log through its routes: events recorded by sign-in, keys and roles; the listing;
 * verification that catches rows edited or deleted straight in the database; retention pruning that
 * keeps the chain verifiable. Both stores.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeEventHash } from '../../server/audit/audit-chain';
import type { AuditEvent } from '../../server/audit/audit-chain';
import { AuditLog } from '../../server/audit/audit-log.service';
import { addUser, seedTenant } from '../support/api';
import type { SeededTenant } from '../support/api';
import { STORES } from '../support/db';
import { startAuthApp } from './support/auth-app';
import type { AuthApp } from './support/auth-app';
import { callApi, signIn } from './support/oauth-client';

type AuditItem = {
  id: string;
  seq: number;
  type: string;
  actorId: string | null;
  at: string;
  data: Record<string, unknown>;
};

describe.each(STORES)(`${AuditLog.name} on %s`, (store) => {
  let sut: AuthApp;
  const p = (n: number) => (store === 'postgres' ? `$${n}` : '?');

  beforeAll(async () => {
    sut = await startAuthApp(store);
  });
  afterAll(async () => {
    await sut?.close();
  });

  const api = (method: string, path: string, token: string, body?: unknown) =>
    callApi(sut.baseUrl, method, path, token, body);
  const verify = async (token: string) =>
    (await (await api('GET', '/v1/audit/verify', token)).json()) as {
      ok: boolean;
      checked: number;
      firstBadId?: string;
    };
  const list = async (token: string, query = '') =>
    (await (await api('GET', `/v1/audit${query}`, token)).json()) as {
      items: AuditItem[];
      nextCursor: string | null;
    };

  /** A tenant with a few events: a sign-in, two API keys created and one revoked. */
  async function tenantWithEvents(): Promise<SeededTenant> {
    const tenant = await seedTenant(sut.platform);
    await signIn(sut.baseUrl, tenant);
    const first = (await (await api('POST', '/v1/api-keys', tenant.token, { name: 'one' })).json()) as {
      id: string;
    };
    await api('POST', '/v1/api-keys', tenant.token, { name: 'two' });
    await api('DELETE', `/v1/api-keys/${first.id}`, tenant.token);
    return tenant;
  }

  it('records security events with their actor, lists them in order and filters by type and time', async () => {
    const tenant = await tenantWithEvents();
    const { items } = await list(tenant.token);
    expect(items.map((item) => item.type)).toEqual([
      'sign_in.success',
      'api_key.created',
      'api_key.created',
      'api_key.revoked',
    ]);
    expect(items.map((item) => item.seq)).toEqual([1, 2, 3, 4]);
    expect(items.every((item) => item.actorId === tenant.userId)).toBe(true);
    expect(items[1]!.data).toMatchObject({ name: 'one', role: 'admin' });

    expect((await list(tenant.token, '?type=api_key.created')).items).toHaveLength(2);
    const future = new Date(Date.now() + 3600_000).toISOString();
    expect((await list(tenant.token, `?from=${encodeURIComponent(future)}`)).items).toEqual([]);
    const paged = await list(tenant.token, '?limit=3');
    expect(paged.items).toHaveLength(3);
    const rest = await list(tenant.token, `?limit=3&cursor=${paged.nextCursor}`);
    expect(rest).toEqual({ items: [expect.objectContaining({ seq: 4 })], nextCursor: null });
  });

  it('is for owners and admins only, and shows nothing of other tenants', async () => {
    const tenant = await tenantWithEvents();
    const other = await tenantWithEvents();
    const receptionist = await addUser(sut.platform, tenant.tenantId, 'receptionist');
    expect((await api('GET', '/v1/audit', receptionist.token)).status).toBe(403);
    expect((await api('GET', '/v1/audit/verify', receptionist.token)).status).toBe(403);
    const ids = new Set((await list(tenant.token)).items.map((item) => item.id));
    for (const item of (await list(other.token)).items) expect(ids.has(item.id)).toBe(false);
  });

  it('verifies an untouched chain', async () => {
    const tenant = await tenantWithEvents();
    expect(await verify(tenant.token)).toEqual({ ok: true, checked: 4 });
  });

  it('keeps one gap-free chain when a tenant records many events at once', async () => {
    const tenant = await seedTenant(sut.platform);
    const responses = await Promise.all(
      Array.from({ length: 12 }, (_, i) => api('POST', '/v1/api-keys', tenant.token, { name: `key ${i}` })),
    );
    expect(responses.every((response) => response.status === 201)).toBe(true);
    expect(await verify(tenant.token)).toEqual({ ok: true, checked: 12 });
    expect((await list(tenant.token)).items.map((item) => item.seq)).toEqual(
      Array.from({ length: 12 }, (_, i) => i + 1),
    );
  });

  it('fails verification at a row edited in the database, even with its hash recomputed without the key', async () => {
    const tenant = await tenantWithEvents();
    const { items } = await list(tenant.token);
    const target = items[1]!;
    const json = store === 'postgres' ? `${p(1)}::jsonb` : p(1);
    await sut.db.superuserQuery(
      `UPDATE audit_events SET data = ${json} WHERE tenant_id = ${p(2)} AND seq = 2`,
      [JSON.stringify({ ...target.data, role: 'staff' }), tenant.tenantId],
    );
    expect(await verify(tenant.token)).toEqual({ ok: false, checked: 1, firstBadId: target.id });

    // An attacker without the chain key recomputing the plain hash gets nowhere either.
    const [row] = await sut.db.superuserQuery<{ prev_hash: string }>(
      `SELECT prev_hash FROM audit_events WHERE tenant_id = ${p(1)} AND seq = 2`,
      [tenant.tenantId],
    );
    const event: AuditEvent = {
      tenantId: tenant.tenantId,
      seq: 2,
      type: 'api_key.created',
      actorId: target.actorId,
      at: target.at,
      data: { ...target.data, role: 'staff' } as AuditEvent['data'],
    };
    await sut.db.superuserQuery(
      `UPDATE audit_events SET hash = ${p(1)} WHERE tenant_id = ${p(2)} AND seq = 2`,
      [computeEventHash(row!.prev_hash, event), tenant.tenantId],
    );
    expect((await verify(tenant.token)).firstBadId).toBe(target.id);
  });

  it('fails verification at the row after one deleted in the database, and when the newest rows go', async () => {
    const tenant = await tenantWithEvents();
    const { items } = await list(tenant.token);
    await sut.db.superuserQuery(`DELETE FROM audit_events WHERE tenant_id = ${p(1)} AND seq = 2`, [
      tenant.tenantId,
    ]);
    expect(await verify(tenant.token)).toEqual({ ok: false, checked: 1, firstBadId: items[2]!.id });

    const truncated = await tenantWithEvents();
    await sut.db.superuserQuery(`DELETE FROM audit_events WHERE tenant_id = ${p(1)} AND seq = 4`, [
      truncated.tenantId,
    ]);
    expect(await verify(truncated.token)).toMatchObject({ ok: false });
  });

  describe('retention', () => {
    it('prunes events older than the retention, keeps the rest verifiable, and new events chain on', async () => {
      const tenant = await seedTenant(sut.platform);
      sut.clock.offsetMs = -200 * 86_400_000;
      try {
        await signIn(sut.baseUrl, tenant);
        await api('POST', '/v1/api-keys', tenant.token, { name: 'old' });
      } finally {
        sut.clock.offsetMs = 0;
      }
      await api('POST', '/v1/api-keys', tenant.token, { name: 'recent' });
      expect(await verify(tenant.token)).toEqual({ ok: true, checked: 3 });

      const report = await sut.platform.audit.prune(sut.platform.scopes, sut.platform.maintenance);
      expect(report.refused).toEqual([]);
      expect(report.deleted).toBeGreaterThanOrEqual(2);
      const { items } = await list(tenant.token);
      expect(items.map((item) => [item.seq, item.data.name])).toEqual([[3, 'recent']]);
      expect(await verify(tenant.token)).toEqual({ ok: true, checked: 1 });

      await api('POST', '/v1/api-keys', tenant.token, { name: 'after pruning' });
      expect(await verify(tenant.token)).toEqual({ ok: true, checked: 2 });
      // Pruning again removes nothing recent.
      await sut.platform.audit.prune(sut.platform.scopes, sut.platform.maintenance);
      expect(await verify(tenant.token)).toEqual({ ok: true, checked: 2 });
    });

    it('refuses to prune a tampered prefix, and a prune faked in the database fails verification', async () => {
      const tampered = await seedTenant(sut.platform);
      const faked = await seedTenant(sut.platform);
      sut.clock.offsetMs = -200 * 86_400_000;
      try {
        for (const tenant of [tampered, faked]) {
          await api('POST', '/v1/api-keys', tenant.token, { name: 'old one' });
          await api('POST', '/v1/api-keys', tenant.token, { name: 'old two' });
        }
      } finally {
        sut.clock.offsetMs = 0;
      }
      await api('POST', '/v1/api-keys', faked.token, { name: 'recent' });
      await sut.db.superuserQuery(`DELETE FROM audit_events WHERE tenant_id = ${p(1)} AND seq = 1`, [
        tampered.tenantId,
      ]);
      // Deleting the old rows by hand (without the keyed anchor that pruning writes) is detected.
      await sut.db.superuserQuery(`DELETE FROM audit_events WHERE tenant_id = ${p(1)} AND seq <= 2`, [
        faked.tenantId,
      ]);
      expect(await verify(faked.token)).toMatchObject({ ok: false });

      const report = await sut.platform.audit.prune(sut.platform.scopes, sut.platform.maintenance);
      expect(report.refused).toContain(tampered.tenantId);
      expect((await list(tampered.token)).items).toHaveLength(1);
      expect(await verify(faked.token)).toMatchObject({ ok: false });
    });
  });
});
