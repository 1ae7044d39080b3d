/**
 * Layer 1 of tenant isolation (on both stores, so also where there is no RLS): repositories built
 * by a TenantScope see and change only their tenant; the pre-tenant lookups find the right tenant;
 * concurrent requests and signups behave.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthorizationCodeRepository, RefreshTokenRepository } from '../../server/auth/credential.repository';
import { hashSecret } from '../../server/auth/secret-token';
import { TenantScope } from '../../server/db/tenant-scope';
import { LocationRepository } from '../../server/locations/location.repository';
import { TenantRepository } from '../../server/tenants/tenant.repository';
import { UserRepository } from '../../server/users/user.repository';
import { seedTenant, startTestApp } from '../support/api';
import type { SeededTenant, TestApp } from '../support/api';
import { STORES } from '../support/db';

describe.each(STORES)(`${TenantScope.name} on %s`, (store) => {
  let app: TestApp;
  let a: SeededTenant;
  let b: SeededTenant;

  beforeAll(async () => {
    app = await startTestApp(store);
    a = await seedTenant(app.platform);
    b = await seedTenant(app.platform);
  });
  afterAll(async () => {
    await app?.close();
  });

  it("does not find, list, update or delete another tenant's rows", async () => {
    const sut = app.platform.scopes.forTenant(a.tenantId);
    await sut.transaction(async (tx) => {
      expect(await tx.get(UserRepository).findById(b.userId)).toBeNull();
      expect(await tx.get(UserRepository).findByEmail(b.email)).toBeNull();
      expect(await tx.get(LocationRepository).findById(b.locationId)).toBeNull();
      expect((await tx.get(UserRepository).list()).map((u) => u.id)).toEqual([a.userId]);
      expect((await tx.get(TenantRepository).get())?.tenantId).toBe(a.tenantId);
      expect(await tx.get(UserRepository).update(b.userId, { name: 'changed by A' })).toBe(false);
    });
    const [bUser] = await app.db.superuserQuery<{ name: string }>(
      `SELECT name FROM users WHERE id = ${store === 'sqlite' ? '?' : '$1'}`,
      [b.userId],
    );
    expect(bUser!.name).not.toBe('changed by A');
  });

  it('refuses an undefined filter instead of silently matching every row', async () => {
    const sut = app.platform.scopes.forTenant(a.tenantId);
    await expect(
      sut.transaction((tx) => tx.get(UserRepository).findById(undefined as unknown as string)),
    ).rejects.toThrow(/undefined filter/);
  });

  it('rolls the whole transaction back when the function throws', async () => {
    const sut = app.platform.scopes.forTenant(a.tenantId);
    const id = crypto.randomUUID();
    await expect(
      sut.transaction(async (tx) => {
        await tx
          .get(LocationRepository)
          .create({ id, name: 'Temp', timeZone: 'UTC', openingHours: {}, createdAt: new Date() });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await sut.transaction((tx) => tx.get(LocationRepository).findById(id))).toBeNull();
  });

  it('finds the tenant of a refresh token and an authorization code by hash, and a user by email', async () => {
    const scope = app.platform.scopes.forTenant(a.tenantId);
    const { refresh, code } = await scope.transaction(async (tx) => ({
      refresh: await app.platform.tokens.issueRefreshToken(tx, {
        userId: a.userId,
        clientId: 'bookdesk-desktop',
      }),
      code: await app.platform.tokens.issueAuthorizationCode(tx, {
        userId: a.userId,
        clientId: 'bookdesk-desktop',
        redirectUri: 'http://127.0.0.1:5555/callback',
        codeChallenge: 'x'.repeat(43),
      }),
    }));
    const sut = app.platform.lookups;
    expect(await sut.findTenantOfSecret('refresh_token', hashSecret(refresh.secret))).toBe(a.tenantId);
    expect(await sut.findTenantOfSecret('authorization_code', hashSecret(code.secret))).toBe(a.tenantId);
    expect(await sut.findTenantOfSecret('refresh_token', hashSecret(code.secret))).toBeNull();
    expect(await sut.findUsersByEmail(a.email)).toEqual([{ tenantId: a.tenantId, userId: a.userId }]);
    expect(await sut.findUsersByEmail('nobody@example.com')).toEqual([]);

    await scope.transaction(async (tx) => {
      const stored = await tx.get(RefreshTokenRepository).findByHash(hashSecret(refresh.secret));
      expect(stored).toMatchObject({ familyId: refresh.familyId, userId: a.userId, spentAt: null });
      expect(await tx.get(RefreshTokenRepository).markSpent(stored!.id, new Date())).toBe(true);
      expect(await tx.get(RefreshTokenRepository).markSpent(stored!.id, new Date())).toBe(false);
      const storedCode = await tx.get(AuthorizationCodeRepository).findByHash(hashSecret(code.secret));
      expect(storedCode?.expiresAt.getTime()).toBeGreaterThan(Date.now());
    });
  });

  it('serves concurrent authenticated requests', async () => {
    const responses = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        app.call({ method: 'GET', url: '/v1/me', token: i % 2 ? a.token : b.token }),
      ),
    );
    expect(responses.map((r) => r.statusCode)).toEqual(Array(24).fill(200));
    expect(responses.map((r) => r.json().tenant.id)).toEqual(
      Array.from({ length: 24 }, (_, i) => (i % 2 ? a.tenantId : b.tenantId)),
    );
  });

  it('lets exactly one of several concurrent signups with the same email succeed', async () => {
    const email = `race-${Date.now()}@example.com`;
    const responses = await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        app.call({
          method: 'POST',
          url: '/v1/signup',
          payload: {
            business: { name: `Race ${i}`, timeZone: 'Australia/Lord_Howe' },
            owner: { name: 'Racer', email, password: 'a sufficiently long passphrase' },
          },
        }),
      ),
    );
    expect(responses.map((r) => r.statusCode).sort()).toEqual([201, 409, 409, 409]);
    expect(await app.platform.lookups.findUsersByEmail(email)).toHaveLength(1);
  });
});
