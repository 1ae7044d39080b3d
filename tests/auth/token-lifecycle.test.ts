/**
 * Tokens after sign-in, with a plain HTTP client: refresh rotation with reuse detection and the
 * immediate-retry grace, revocation (RFC 7009), expiry on an injected clock, and password-hash
 * upgrades at sign-in. Both stores.
 */
import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OAuthTokenService } from '../../server/oauth/oauth-token.service';
import { seedTenant } from '../support/api';
import type { SeededTenant } from '../support/api';
import { auditEventTypes, STORES } from '../support/db';
import { UserRepository } from '../../server/users/user.repository';
import { startAuthApp } from './support/auth-app';
import type { AuthApp } from './support/auth-app';
import {
  authorize,
  callApi,
  CLIENT_ID,
  exchangeCode,
  postToken,
  refresh,
  signIn,
} from './support/oauth-client';

describe.each(STORES)(`${OAuthTokenService.name} token lifecycle on %s`, (store) => {
  let sut: AuthApp;
  let tenant: SeededTenant;
  const p = (n: number) => (store === 'postgres' ? `$${n}` : '?');

  beforeAll(async () => {
    sut = await startAuthApp(store);
    tenant = await seedTenant(sut.platform);
  });
  afterAll(async () => {
    await sut?.close();
  });

  const me = (token: string) => callApi(sut.baseUrl, 'GET', '/v1/me', token);
  const auditTypes = (tenantId: string) => auditEventTypes(sut.db, tenantId);

  describe('refresh tokens', () => {
    it('rotate: each refresh gives a new pair and spends the old refresh token', async () => {
      const first = await signIn(sut.baseUrl, tenant);
      const second = await refresh(sut.baseUrl, first.refresh_token);
      expect(second.status).toBe(200);
      expect(second.body.refresh_token).not.toBe(first.refresh_token);
      expect((await me(second.body.access_token as string)).status).toBe(200);
      const third = await refresh(sut.baseUrl, second.body.refresh_token as string);
      expect(third.status).toBe(200);
    });

    it('answer an immediate retry with the successor already issued: no second branch, reuse recorded', async () => {
      const first = await signIn(sut.baseUrl, tenant);
      const rightful = await refresh(sut.baseUrl, first.refresh_token);
      expect(rightful.status).toBe(200);
      const replayed = await refresh(sut.baseUrl, first.refresh_token);
      // The retry gets the pair already issued (never a new branch) ...
      expect(replayed.status).toBe(200);
      expect(replayed.body.refresh_token).toBe(rightful.body.refresh_token);
      expect(replayed.body.access_token).toBe(rightful.body.access_token);
      // ... the rightful client's fresh tokens keep working ...
      expect((await me(rightful.body.access_token as string)).status).toBe(200);
      const next = await refresh(sut.baseUrl, rightful.body.refresh_token as string);
      expect(next.status).toBe(200);
      expect((await me(next.body.access_token as string)).status).toBe(200);
      // ... and the replay is on record.
      const events = await sut.db.superuserQuery<{ type: string; data: string | Record<string, unknown> }>(
        `SELECT type, data FROM audit_events WHERE tenant_id = ${p(1)} AND type = 'token.reuse_detected'`,
        [tenant.tenantId],
      );
      expect(
        events.some((event) => {
          const data = typeof event.data === 'string' ? JSON.parse(event.data) : event.data;
          return data.withinGrace === true;
        }),
      ).toBe(true);
    });

    it('let two concurrent refreshes of one token both get the same pair, leaving one live refresh token', async () => {
      const first = await signIn(sut.baseUrl, tenant);
      const results = await Promise.all([
        refresh(sut.baseUrl, first.refresh_token),
        refresh(sut.baseUrl, first.refresh_token),
      ]);
      expect(results.map((result) => result.status)).toEqual([200, 200]);
      expect(results[0]!.body.refresh_token).toBe(results[1]!.body.refresh_token);
      const next = await refresh(sut.baseUrl, results[0]!.body.refresh_token as string);
      expect(next.status).toBe(200);
      expect((await me(next.body.access_token as string)).status).toBe(200);
    });

    it('revoke the whole family when a spent token is reused later, and audit it', async () => {
      const first = await signIn(sut.baseUrl, tenant);
      const second = await refresh(sut.baseUrl, first.refresh_token);
      const third = await refresh(sut.baseUrl, second.body.refresh_token as string);
      expect(third.status).toBe(200);
      // `first` is no longer the latest spent token: presenting it is reuse, whatever the time.
      const reuse = await refresh(sut.baseUrl, first.refresh_token);
      expect(reuse).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
      expect((await me(third.body.access_token as string)).status).toBe(401);
      expect((await refresh(sut.baseUrl, third.body.refresh_token as string)).status).toBe(400);
      expect(await auditTypes(tenant.tenantId)).toContain('token.reuse_detected');
    });

    it('treat a retry after the grace window as reuse', async () => {
      const first = await signIn(sut.baseUrl, tenant);
      const second = await refresh(sut.baseUrl, first.refresh_token);
      sut.clock.offsetMs = 11_000;
      try {
        expect((await refresh(sut.baseUrl, first.refresh_token)).status).toBe(400);
        expect((await me(second.body.access_token as string)).status).toBe(401);
      } finally {
        sut.clock.offsetMs = 0;
      }
    });
  });

  describe('revocation (RFC 7009)', () => {
    it('revokes a refresh token with its family, an access token alone, and answers 200 for unknown tokens', async () => {
      const viaRefresh = await signIn(sut.baseUrl, tenant);
      const revoked = await postToken(
        sut.baseUrl,
        { token: viaRefresh.refresh_token, client_id: CLIENT_ID },
        { path: '/oauth/revoke' },
      );
      expect(revoked.status).toBe(200);
      expect((await me(viaRefresh.access_token)).status).toBe(401);
      expect((await refresh(sut.baseUrl, viaRefresh.refresh_token)).status).toBe(400);

      const viaAccess = await signIn(sut.baseUrl, tenant);
      expect(
        (
          await postToken(
            sut.baseUrl,
            { token: viaAccess.access_token },
            { path: '/oauth/revoke', json: true },
          )
        ).status,
      ).toBe(200);
      expect((await me(viaAccess.access_token)).status).toBe(401);
      expect((await refresh(sut.baseUrl, viaAccess.refresh_token)).status).toBe(200);

      expect(
        (await postToken(sut.baseUrl, { token: 'bd_rt_unknown' }, { path: '/oauth/revoke' })).status,
      ).toBe(200);
    });
  });

  describe('expiry', () => {
    it('refuses an access token once its 15 minutes are over, while its refresh token still works', async () => {
      sut.clock.offsetMs = -16 * 60_000;
      let tokens;
      try {
        tokens = await signIn(sut.baseUrl, tenant);
      } finally {
        sut.clock.offsetMs = 0;
      }
      expect((await me(tokens.access_token)).status).toBe(401);
      const renewed = await refresh(sut.baseUrl, tokens.refresh_token);
      expect(renewed.status).toBe(200);
      expect((await me(renewed.body.access_token as string)).status).toBe(200);
    });

    it('refuses an authorization code older than 60 seconds', async () => {
      sut.clock.offsetMs = -61_000;
      let issued;
      try {
        issued = await authorize(sut.baseUrl, tenant);
      } finally {
        sut.clock.offsetMs = 0;
      }
      expect((await exchangeCode(sut.baseUrl, issued.code, issued.pkce.verifier)).body.error).toBe(
        'invalid_grant',
      );
    });
  });

  describe('password hashes', () => {
    it('accepts an imported bcrypt hash and rehashes it to argon2id on sign-in', async () => {
      const imported = await seedTenant(sut.platform);
      const bcryptHash = await bcrypt.hash(imported.password, 10);
      await sut.platform.scopes
        .forTenant(imported.tenantId)
        .transaction((tx) => tx.get(UserRepository).update(imported.userId, { passwordHash: bcryptHash }));
      const tokens = await signIn(sut.baseUrl, imported);
      expect((await me(tokens.access_token)).status).toBe(200);
      const [row] = await sut.db.superuserQuery<{ password_hash: string }>(
        `SELECT password_hash FROM users WHERE id = ${p(1)}`,
        [imported.userId],
      );
      expect(row!.password_hash).toMatch(/^\$argon2id\$/);
      expect((await me((await signIn(sut.baseUrl, imported)).access_token)).status).toBe(200);
    });
  });
});
