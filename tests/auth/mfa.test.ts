/**
 * TOTP two-step sign-in as a user meets it: enrol, confirm, sign in with a code or a single-use
 * recovery code, turn it off; and what ends up stored (no secret in plaintext anywhere). Both stores.
 */
import { readFileSync, existsSync } from 'node:fs';
import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOTP_PERIOD_SECONDS } from '../../server/auth/totp.authenticator';
import { MfaService } from '../../server/mfa/mfa.service';
import { createApiKey, seedTenant } from '../support/api';
import type { SeededTenant } from '../support/api';
import { auditEventTypes, STORES } from '../support/db';
import { startAuthApp } from './support/auth-app';
import type { AuthApp } from './support/auth-app';
import {
  authorize,
  callApi,
  defaultAuthorizeParams,
  exchangeCode,
  fetchForm,
  newPkce,
  postForm,
  signIn,
} from './support/oauth-client';

describe.each(STORES)(`${MfaService.name} on %s`, (store) => {
  let sut: AuthApp;

  beforeAll(async () => {
    sut = await startAuthApp(store);
  });
  afterAll(async () => {
    await sut?.close();
  });

  /** Moves the services' clock one TOTP step on and returns the code for that step (codes are single use). */
  const nextCode = async (secret: string) => {
    sut.clock.offsetMs += TOTP_PERIOD_SECONDS * 1000;
    return generate({ secret, epoch: Math.floor(sut.clock.now().getTime() / 1000) });
  };

  const api = (method: string, path: string, token: string, body?: unknown) =>
    callApi(sut.baseUrl, method, path, token, body);

  async function enrolled(): Promise<{ tenant: SeededTenant; secret: string; recoveryCodes: string[] }> {
    const tenant = await seedTenant(sut.platform);
    const enrolment = await api('POST', '/v1/me/mfa', tenant.token);
    expect(enrolment.status).toBe(200);
    const { secret, otpauthUri } = (await enrolment.json()) as { secret: string; otpauthUri: string };
    expect(otpauthUri).toMatch(/^otpauth:\/\/totp\/Bookdesk:/);
    expect(otpauthUri).toContain(`secret=${secret}`);
    const confirmed = await api('POST', '/v1/me/mfa/confirm', tenant.token, { code: await nextCode(secret) });
    expect(confirmed.status).toBe(200);
    const { recoveryCodes } = (await confirmed.json()) as { recoveryCodes: string[] };
    return { tenant, secret, recoveryCodes };
  }

  it('is not in force until confirmed, and refuses a wrong confirmation code naming the field', async () => {
    const tenant = await seedTenant(sut.platform);
    await api('POST', '/v1/me/mfa', tenant.token);
    // Enrolment alone changes nothing about sign-in.
    expect((await signIn(sut.baseUrl, tenant)).access_token).toEqual(expect.any(String));
    const wrong = await api('POST', '/v1/me/mfa/confirm', tenant.token, { code: '000000' });
    expect(wrong.status).toBe(422);
    expect(((await wrong.json()) as { errors: { path: string }[] }).errors[0]!.path).toBe('body.code');
  });

  it('once confirmed, requires the code at sign-in and hands out ten recovery codes once', async () => {
    const { tenant, secret, recoveryCodes } = await enrolled();
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);

    const fields = await fetchForm(sut.baseUrl, defaultAuthorizeParams(newPkce()));
    expect(
      (await postForm(sut.baseUrl, { ...fields, email: tenant.email, password: tenant.password })).status,
    ).toBe(401);
    expect(
      (
        await postForm(sut.baseUrl, {
          ...fields,
          email: tenant.email,
          password: tenant.password,
          otp: '123456',
        })
      ).status,
    ).toBe(401);

    const code = await nextCode(secret);
    const tokens = await signIn(sut.baseUrl, { email: tenant.email, password: tenant.password, otp: code });
    expect((await api('GET', '/v1/me', tokens.access_token)).status).toBe(200);
    // The same code cannot be replayed.
    await expect(
      authorize(sut.baseUrl, { email: tenant.email, password: tenant.password, otp: code }),
    ).rejects.toThrow(/401/);
    // A second enrolment is refused while MFA is on.
    expect((await api('POST', '/v1/me/mfa', tenant.token)).status).toBe(409);
  });

  it('accepts each recovery code once instead of a TOTP code', async () => {
    const { tenant, recoveryCodes } = await enrolled();
    const credentials = {
      email: tenant.email,
      password: tenant.password,
      otp: recoveryCodes[3]!.toUpperCase(),
    };
    expect((await signIn(sut.baseUrl, credentials)).access_token).toEqual(expect.any(String));
    await expect(authorize(sut.baseUrl, credentials)).rejects.toThrow(/401/);
    expect((await signIn(sut.baseUrl, { ...credentials, otp: recoveryCodes[4]! })).access_token).toEqual(
      expect.any(String),
    );
  });

  it('lets a user with MFA choose an 8-character password, and a user without it not', async () => {
    const { tenant } = await enrolled();
    const change = (token: string, currentPassword: string, newPassword: string) =>
      api('PUT', '/v1/me/password', token, { currentPassword, newPassword });
    expect((await change(tenant.token, tenant.password, 'k7#Vq!2x')).status).toBe(204);
    const plain = await seedTenant(sut.platform);
    const refused = await change(plain.token, plain.password, 'k7#Vq!2x');
    expect(refused.status).toBe(422);
    expect(((await refused.json()) as { errors: { path: string }[] }).errors[0]!.path).toBe(
      'body.newPassword',
    );
  });

  it('turns off with a current code (or the password), and sign-in no longer asks for one', async () => {
    const { tenant, secret } = await enrolled();
    const wrong = await api('DELETE', '/v1/me/mfa', tenant.token, { password: 'definitely not it' });
    expect(wrong.status).toBe(422);
    expect((await api('DELETE', '/v1/me/mfa', tenant.token, { code: await nextCode(secret) })).status).toBe(
      204,
    );
    expect((await signIn(sut.baseUrl, tenant)).access_token).toEqual(expect.any(String));

    const second = await enrolled();
    expect(
      (await api('DELETE', '/v1/me/mfa', second.tenant.token, { password: second.tenant.password })).status,
    ).toBe(204);
    expect(await auditEventTypes(sut.db, second.tenant.tenantId)).toEqual(['mfa.enabled', 'mfa.disabled']);
  });

  it('is for signed-in users: an API key gets 403', async () => {
    const tenant = await seedTenant(sut.platform);
    const key = await createApiKey(sut.platform, tenant.tenantId, tenant.userId);
    expect((await api('POST', '/v1/me/mfa', key.key)).status).toBe(403);
  });

  it('stores no secret in plaintext: not the TOTP secret, recovery codes, tokens, API keys or passwords', async () => {
    const { tenant, secret, recoveryCodes } = await enrolled();
    const issued = await authorize(sut.baseUrl, {
      email: tenant.email,
      password: tenant.password,
      otp: await nextCode(secret),
    });
    const exchanged = await exchangeCode(sut.baseUrl, issued.code, issued.pkce.verifier);
    const tokens = exchanged.body as { access_token: string; refresh_token: string };
    const created = await api('POST', '/v1/api-keys', tenant.token, { name: 'zapier' });
    const { key } = (await created.json()) as { key: string };
    const secrets = [
      secret,
      ...recoveryCodes,
      issued.code,
      tokens.access_token,
      tokens.refresh_token,
      key,
      tenant.password,
      tenant.token,
    ];

    let stored: string;
    if (store === 'sqlite') {
      const file = sut.db.config.url;
      // Everything written so far: the main file and the write-ahead log.
      stored = [file, `${file}-wal`]
        .filter(existsSync)
        .map((path) => readFileSync(path).toString('latin1'))
        .join('\n');
    } else {
      stored = JSON.stringify(await sut.db.snapshotTenant(tenant.tenantId));
    }
    expect(stored).toContain(tenant.email); // the read works: the account is in there
    for (const value of secrets) expect(stored).not.toContain(value);
    // Nor the base32 secret in lower case or without its padding.
    expect(stored.toLowerCase()).not.toContain(secret.toLowerCase().replace(/=+$/, ''));
  });
});
