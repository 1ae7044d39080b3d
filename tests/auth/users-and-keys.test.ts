/**
 * Users, roles and API keys as an owner, an admin and a receptionist see them: who may do what (403),
 * another tenant's ids (404), the password policy (422 naming the field), and API keys that stop
 * working the moment they are deleted. Both stores.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserService } from '../../server/users/user.service';
import { addUser, seedTenant } from '../support/api';
import type { SeededTenant } from '../support/api';
import { STORES } from '../support/db';
import { startAuthApp } from './support/auth-app';
import type { AuthApp } from './support/auth-app';
import { callApi, refresh, signIn } from './support/oauth-client';

type Problem = { status: number; type: string; errors?: { path: string; message: string }[] };

describe.each(STORES)(`${UserService.name} and API keys on %s`, (store) => {
  let sut: AuthApp;
  let owner: SeededTenant;
  let other: SeededTenant;
  const p = (n: number) => (store === 'postgres' ? `$${n}` : '?');

  beforeAll(async () => {
    sut = await startAuthApp(store);
    owner = await seedTenant(sut.platform);
    other = await seedTenant(sut.platform);
  });
  afterAll(async () => {
    await sut?.close();
  });

  const api = (method: string, path: string, token: string, body?: unknown) =>
    callApi(sut.baseUrl, method, path, token, body);
  const newUser = (role: string, overrides: Record<string, unknown> = {}) => ({
    name: 'Roya Karimi',
    email: `roya-${Math.random().toString(36).slice(2)}@example.com`,
    role,
    password: 'seven sleepy otters float downstream',
    ...overrides,
  });
  const auditOf = async (tenantId: string) =>
    sut.db.superuserQuery<{ type: string; data: unknown }>(
      `SELECT type, data FROM audit_events WHERE tenant_id = ${p(1)} ORDER BY seq`,
      [tenantId],
    );

  describe('POST /v1/users', () => {
    it('lets the owner add a user who can then sign in with the role given', async () => {
      const body = newUser('receptionist');
      const created = await api('POST', '/v1/users', owner.token, body);
      expect(created.status).toBe(201);
      const user = (await created.json()) as { id: string; role: string; email: string };
      expect(user).toMatchObject({ role: 'receptionist', email: body.email, mfaEnabled: false });
      expect(user).not.toHaveProperty('password');
      expect(user).not.toHaveProperty('passwordHash');
      const tokens = await signIn(sut.baseUrl, { email: body.email, password: body.password });
      const me = (await (await api('GET', '/v1/me', tokens.access_token)).json()) as {
        user: { id: string; role: string };
      };
      expect(me.user).toMatchObject({ id: user.id, role: 'receptionist' });
    });

    it('refuses a weak or breached password with 422 naming body.password, and writes nothing', async () => {
      for (const password of ['short one', 'passwordpassword', 'Roya Karimi Roya Karimi']) {
        const response = await api('POST', '/v1/users', owner.token, newUser('staff', { password }));
        expect(response.status).toBe(422);
        expect(((await response.json()) as Problem).errors).toEqual([
          { path: 'body.password', message: expect.any(String) },
        ]);
      }
      const [row] = await sut.db.superuserQuery<{ n: number | string }>(
        `SELECT count(*) AS n FROM users WHERE tenant_id = ${p(1)} AND name = ${p(2)} AND role = 'staff'`,
        [owner.tenantId, 'Roya Karimi'],
      );
      expect(Number(row!.n)).toBe(0);
    });

    it('refuses signup with a weak owner password naming body.owner.password', async () => {
      const response = await fetch(`${sut.baseUrl}/v1/signup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          business: { name: 'Salon Nima', timeZone: 'Europe/Berlin' },
          owner: { name: 'Nima', email: 'nima@example.com', password: 'passwordpassword' },
        }),
      });
      expect(response.status).toBe(422);
      expect(((await response.json()) as Problem).errors![0]!.path).toBe('body.owner.password');
    });

    it('refuses an email that any tenant already uses with 409', async () => {
      const response = await api('POST', '/v1/users', owner.token, newUser('staff', { email: other.email }));
      expect(response.status).toBe(409);
      expect(((await response.json()) as Problem).type).toMatch(/\/already-exists$/);
    });

    it('lets an admin add users but never an owner, and forbids receptionists and staff', async () => {
      const admin = await addUser(sut.platform, owner.tenantId, 'admin');
      expect((await api('POST', '/v1/users', admin.token, newUser('admin'))).status).toBe(201);
      const asOwner = await api('POST', '/v1/users', admin.token, newUser('owner'));
      expect(asOwner.status).toBe(422);
      expect(((await asOwner.json()) as Problem).errors![0]!.path).toBe('body.role');
      for (const role of ['receptionist', 'staff'] as const) {
        const member = await addUser(sut.platform, owner.tenantId, role);
        const refused = await api('POST', '/v1/users', member.token, newUser('staff'));
        expect(refused.status).toBe(403);
        expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect((await api('GET', '/v1/users', member.token)).status).toBe(403);
      }
    });
  });

  describe('PATCH /v1/users/:id', () => {
    it("changes a role (audited), never the owner's and never one's own", async () => {
      const staff = await addUser(sut.platform, owner.tenantId, 'staff');
      const promoted = await api('PATCH', `/v1/users/${staff.userId}`, owner.token, { role: 'receptionist' });
      expect(promoted.status).toBe(200);
      expect(((await promoted.json()) as { role: string }).role).toBe('receptionist');
      // The new role applies to the user's existing token at once.
      expect((await api('GET', '/v1/me', staff.token)).status).toBe(200);
      expect((await api('GET', '/v1/users', staff.token)).status).toBe(403);
      const events = await auditOf(owner.tenantId);
      const change = events.filter((event) => event.type === 'role.changed').at(-1)!;
      const data = typeof change.data === 'string' ? JSON.parse(change.data) : change.data;
      expect(data).toEqual({ userId: staff.userId, from: 'staff', to: 'receptionist' });

      const admin = await addUser(sut.platform, owner.tenantId, 'admin');
      expect((await api('PATCH', `/v1/users/${owner.userId}`, admin.token, { role: 'staff' })).status).toBe(
        403,
      );
      expect((await api('PATCH', `/v1/users/${admin.userId}`, admin.token, { role: 'staff' })).status).toBe(
        403,
      );
    });

    it("answers 404 for another tenant's user and changes nothing there", async () => {
      const before = await sut.db.snapshotTenant(other.tenantId);
      expect((await api('PATCH', `/v1/users/${other.userId}`, owner.token, { role: 'staff' })).status).toBe(
        404,
      );
      expect((await api('GET', `/v1/users/${other.userId}`, owner.token)).status).toBe(404);
      expect(await sut.db.snapshotTenant(other.tenantId)).toEqual(before);
    });
  });

  describe('PUT /v1/me/password', () => {
    it('changes the password and ends every other sign-in of the user', async () => {
      const user = await seedTenant(sut.platform);
      const elsewhere = await signIn(sut.baseUrl, user);
      const newPassword = 'mellow lanterns drift over quiet harbours';
      const changed = await api('PUT', '/v1/me/password', user.token, {
        currentPassword: user.password,
        newPassword,
      });
      expect(changed.status).toBe(204);
      expect((await api('GET', '/v1/me', user.token)).status).toBe(200);
      expect((await api('GET', '/v1/me', elsewhere.access_token)).status).toBe(401);
      expect((await refresh(sut.baseUrl, elsewhere.refresh_token)).status).toBe(400);
      await expect(signIn(sut.baseUrl, user)).rejects.toThrow(/401/);
      expect((await signIn(sut.baseUrl, { email: user.email, password: newPassword })).access_token).toEqual(
        expect.any(String),
      );
    });

    it('refuses a wrong current password naming the field, and stops guessing with 429', async () => {
      const user = await seedTenant(sut.platform);
      const attempt = () =>
        api('PUT', '/v1/me/password', user.token, {
          currentPassword: 'a wrong guess at it',
          newPassword: 'mellow lanterns drift over quiet harbours',
        });
      const first = await attempt();
      expect(first.status).toBe(422);
      expect(((await first.json()) as Problem).errors).toEqual([
        { path: 'body.currentPassword', message: 'not correct' },
      ]);
      let last = first;
      for (let i = 0; i < 10; i++) last = await attempt();
      expect(last.status).toBe(429);
      expect(last.headers.get('retry-after')).not.toBeNull();
    });
  });

  describe('/v1/api-keys', () => {
    it('creates a key shown once, lists keys without key material, and a deleted key is refused at once', async () => {
      const created = await api('POST', '/v1/api-keys', owner.token, {
        name: 'website widget',
        role: 'receptionist',
      });
      expect(created.status).toBe(201);
      const { id, key } = (await created.json()) as { id: string; key: string };
      expect(key).toMatch(/^bd_key_[A-Za-z0-9_-]{43}$/);

      const asKey = await api('GET', '/v1/me', key);
      expect(asKey.status).toBe(403); // a key acts for no user
      expect((await api('GET', '/v1/users', key)).status).toBe(403); // receptionist role

      const listed = await api('GET', '/v1/api-keys', owner.token);
      const text = await listed.text();
      expect(text).not.toContain(key);
      expect(JSON.parse(text).items).toContainEqual(
        expect.objectContaining({ id, name: 'website widget', role: 'receptionist', revokedAt: null }),
      );

      expect((await api('DELETE', `/v1/api-keys/${id}`, owner.token)).status).toBe(204);
      expect((await api('GET', '/v1/users', key)).status).toBe(401);
      const types = (await auditOf(owner.tenantId)).map((event) => event.type);
      expect(types).toEqual(expect.arrayContaining(['api_key.created', 'api_key.revoked']));
    });

    it('is for owners and admins: receptionists get 403', async () => {
      const receptionist = await addUser(sut.platform, owner.tenantId, 'receptionist');
      expect((await api('POST', '/v1/api-keys', receptionist.token, { name: 'x' })).status).toBe(403);
      expect((await api('GET', '/v1/api-keys', receptionist.token)).status).toBe(403);
      const admin = await addUser(sut.platform, owner.tenantId, 'admin');
      expect((await api('POST', '/v1/api-keys', admin.token, { name: 'by admin' })).status).toBe(201);
    });

    it("answers 404 for another tenant's key and leaves it working", async () => {
      const theirs = (await (await api('POST', '/v1/api-keys', other.token, { name: 'theirs' })).json()) as {
        id: string;
        key: string;
      };
      expect((await api('DELETE', `/v1/api-keys/${theirs.id}`, owner.token)).status).toBe(404);
      const ours = (await (await api('GET', '/v1/api-keys', owner.token)).json()) as {
        items: { id: string }[];
      };
      expect(ours.items.map((item) => item.id)).not.toContain(theirs.id);
      expect((await api('GET', '/v1/api-keys', theirs.key)).status).toBe(200);
    });
  });
});
