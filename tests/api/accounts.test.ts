/** Signup and /v1/me as a client sees them, on both stores. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignupService } from '../../server/accounts/signup.service';
import { AccessTokenRepository } from '../../server/auth/credential.repository';
import { TenantRepository } from '../../server/tenants/tenant.repository';
import { createApiKey, issueAccessToken, seedTenant, startTestApp } from '../support/api';
import type { TestApp } from '../support/api';
import { STORES } from '../support/db';

const validSignup = (email: string) => ({
  business: { name: 'Studio Mahsa', timeZone: 'Asia/Tehran', region: 'eu' },
  owner: { name: 'Mahsa', email, password: 'purple elephants dance at noon' },
});

describe.each(STORES)(`${SignupService.name} over HTTP on %s`, (store) => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await startTestApp(store);
  });
  afterAll(async () => {
    await sut?.close();
  });

  const countRows = async () => {
    const [row] = await sut.db.superuserQuery<{ n: number | string }>(
      'SELECT (SELECT count(*) FROM tenants) + (SELECT count(*) FROM users) + (SELECT count(*) FROM locations) AS n',
    );
    return Number(row!.n);
  };

  it('creates a tenant, its owner and a first location in the business zone', async () => {
    const response = await sut.call({
      method: 'POST',
      url: '/v1/signup',
      payload: validSignup('Mahsa@Example.com'),
    });
    expect(response.statusCode).toBe(201);
    const ids = response.json();
    expect(ids).toEqual({
      tenantId: expect.any(String),
      userId: expect.any(String),
      locationId: expect.any(String),
    });

    const [location] = await sut.db.superuserQuery<{ time_zone: string; name: string }>(
      `SELECT time_zone, name FROM locations WHERE id = ${store === 'sqlite' ? '?' : '$1'}`,
      [ids.locationId],
    );
    expect(location).toEqual({ time_zone: 'Asia/Tehran', name: 'Studio Mahsa' });
    const [user] = await sut.db.superuserQuery<{ password_hash: string; role: string; email: string }>(
      `SELECT password_hash, role, email FROM users WHERE id = ${store === 'sqlite' ? '?' : '$1'}`,
      [ids.userId],
    );
    expect(user!.role).toBe('owner');
    expect(user!.email).toBe('mahsa@example.com');
    expect(user!.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
  });

  it('refuses a second account with the same email in any letter case (409), writing nothing', async () => {
    await sut.call({ method: 'POST', url: '/v1/signup', payload: validSignup('dup@example.com') });
    const before = await countRows();
    const response = await sut.call({
      method: 'POST',
      url: '/v1/signup',
      payload: validSignup('DUP@Example.COM'),
    });
    expect(response.statusCode).toBe(409);
    expect(response.json().type).toMatch(/\/already-exists$/);
    expect(await countRows()).toBe(before);
  });

  it.each([
    ['a short password', { owner: { password: 'too short' } }, 'body.owner.password'],
    ['a breached password', { owner: { password: 'qwertyuiopasdfghjkl' } }, 'body.owner.password'],
    ['an unknown time zone', { business: { timeZone: 'Mars/Olympus' } }, 'body.business.timeZone'],
    ['an invalid email', { owner: { email: 'not-an-email' } }, 'body.owner.email'],
    ['an empty business name', { business: { name: '' } }, 'body.business.name'],
    ['an unknown field', { owner: { isAdmin: true } }, 'body.owner.isAdmin'],
  ])('refuses %s with 422 naming the field and writes nothing', async (_case, patch, path) => {
    const base = validSignup(`case-${Math.random().toString(36).slice(2)}@example.com`);
    const payload = {
      business: { ...base.business, ...('business' in patch ? patch.business : {}) },
      owner: { ...base.owner, ...('owner' in patch ? patch.owner : {}) },
    };
    const before = await countRows();
    const response = await sut.call({ method: 'POST', url: '/v1/signup', payload });
    expect(response.statusCode).toBe(422);
    expect(response.json().errors.map((e: { path: string }) => e.path)).toContain(path);
    expect(await countRows()).toBe(before);
  });

  it('accepts a 64-character passphrase', async () => {
    const payload = validSignup('long@example.com');
    payload.owner.password = 'correct horse battery staple '.repeat(3).slice(0, 64);
    expect((await sut.call({ method: 'POST', url: '/v1/signup', payload })).statusCode).toBe(201);
  });
});

describe.each(STORES)('GET /v1/me on %s', (store) => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await startTestApp(store);
  });
  afterAll(async () => {
    await sut?.close();
  });

  it('returns the user and tenant of a valid access token', async () => {
    const tenant = await seedTenant(sut.platform, { name: 'Clinic North', timeZone: 'America/New_York' });
    const response = await sut.call({ method: 'GET', url: '/v1/me', token: tenant.token });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      user: { id: tenant.userId, name: expect.any(String), email: tenant.email, role: 'owner' },
      tenant: { id: tenant.tenantId, name: 'Clinic North', timeZone: 'America/New_York', region: 'default' },
    });
  });

  it.each([
    ['an unknown token', 'bd_at_' + 'A'.repeat(43)],
    ['a malformed header value', 'not a token'],
  ])('answers %s with 401', async (_case, token) => {
    const response = await sut.call({ method: 'GET', url: '/v1/me', token });
    expect(response.statusCode).toBe(401);
  });

  it('answers a revoked token with 401', async () => {
    const tenant = await seedTenant(sut.platform);
    await sut.platform.scopes.forTenant(tenant.tenantId).transaction(async (tx) => {
      const repository = tx.get(AccessTokenRepository);
      await repository.revokeAllOfUser(tenant.userId, new Date());
    });
    expect((await sut.call({ method: 'GET', url: '/v1/me', token: tenant.token })).statusCode).toBe(401);
  });

  it('answers an expired token with 401', async () => {
    const tenant = await seedTenant(sut.platform);
    const expired = await issueAccessToken(sut.platform, tenant.tenantId, tenant.userId, { ttlSeconds: -1 });
    expect((await sut.call({ method: 'GET', url: '/v1/me', token: expired })).statusCode).toBe(401);
  });

  it('answers tokens of a cancelled tenant with 401', async () => {
    const tenant = await seedTenant(sut.platform);
    await sut.platform.scopes
      .forTenant(tenant.tenantId)
      .transaction((tx) => tx.get(TenantRepository).setStatus('cancelled'));
    expect((await sut.call({ method: 'GET', url: '/v1/me', token: tenant.token })).statusCode).toBe(401);
  });

  it('authenticates an API key but answers /v1/me with 403, as a key acts for no user', async () => {
    const tenant = await seedTenant(sut.platform);
    const { key } = await createApiKey(sut.platform, tenant.tenantId, tenant.userId);
    expect(key).toMatch(/^bd_key_[A-Za-z0-9_-]{43}$/);
    expect((await sut.call({ method: 'GET', url: '/v1/me', token: key })).statusCode).toBe(403);
  });

  it('stores only hashes of issued tokens', async () => {
    const tenant = await seedTenant(sut.platform);
    const rows = await sut.db.superuserQuery<{ token_hash: string }>('SELECT token_hash FROM access_tokens');
    expect(rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(rows)).not.toContain(tenant.token);
    expect(JSON.stringify(rows)).not.toContain(tenant.token.slice(6));
  });
});
