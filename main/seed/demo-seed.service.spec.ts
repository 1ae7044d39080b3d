/**
 * The embedded demo against the real API started in-process (SQLite) and the real keyring: signed up
 * once with an owner and a receptionist a person can sign in as (the API's own sign-in form), their
 * sign-ins shown once and kept in the SecretStore, and `--reset-demo` forgetting them.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import keytar from 'keytar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp } from '../../tests/support/api';
import type { TestApp } from '../../tests/support/api';
import { ApiClient } from '../api/api.client';
import { MemoryCredentialStore } from '../auth/credential-store';
import { formSignInBrowser } from '../auth/form-sign-in';
import { OAuthSignInClient } from '../auth/oauth-sign-in.client';
import { givenKeytar, openSecretStore } from '../secrets/open-secret-store';
import type { SecretChain } from '../secrets/secret-store';
import type { DemoReport, DemoSignIn } from './demo-seed.service';
import { DemoSetup } from './demo-seed.service';

describe(DemoSetup.name, () => {
  const service = `Bookdesk-test-${randomUUID()}`;
  let t: TestApp;
  let apiUrl: string;
  let dir: string;
  let secrets: SecretChain;
  let sut: DemoSetup;
  let first: DemoReport;

  beforeAll(async () => {
    t = await startTestApp('sqlite');
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    apiUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    dir = mkdtempSync(join(tmpdir(), 'bookdesk-demo-'));
    secrets = await openSecretStore({ loadKeytar: givenKeytar(keytar), service });
    sut = new DemoSetup({
      stateFile: join(dir, 'demo.json'),
      secrets,
      apiFor: (url) => new ApiClient(url),
    });
    first = await sut.ensure({ apiBaseUrl: apiUrl, timeZone: 'UTC', now: new Date() });
  }, 60_000);

  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
    for (const { account } of await keytar.findCredentials(service))
      await keytar.deletePassword(service, account);
  });

  /** Signs in the way a person would: the API's form, then the desktop's code exchange. */
  const signInAs = async ({ email, password }: DemoSignIn) => {
    const store = new MemoryCredentialStore();
    const oauth = new OAuthSignInClient(apiUrl, {
      openBrowser: formSignInBrowser({ email, password }),
      store,
    });
    await oauth.signIn(10_000);
    const me = await t.call({ method: 'GET', url: '/v1/me', token: (await oauth.accessToken())! });
    return me.json<{ user: { email: string; role: string } }>().user;
  };

  it('signs the demo business up on first run and creates its data through the API', () => {
    expect(first.created).toBe(true);
    expect(first.notes).toContain('Signed up the demo business "Juniper & Co. Hair Studio".');
    expect(first.notes.join('\n')).toMatch(
      /Created the demo business through the API: 5 services, 4 staff, 23 customers,/,
    );
  });

  it('shows an owner and a receptionist sign-in once, and keeps them in the keychain', async () => {
    const { owner, receptionist } = first.accounts!;

    expect(first.notes).toEqual(
      expect.arrayContaining([
        'Demo sign-in (shown once):',
        `  owner         owner@juniper.example.com  ${owner.password}`,
        `  receptionist  frontdesk@juniper.example.com  ${receptionist.password}`,
      ]),
    );
    expect(owner.password.length).toBeGreaterThanOrEqual(15);
    expect(secrets.locationOf(sut.secretAccount)).toMatchObject({ backend: 'keychain', persistent: true });
    await expect(keytar.getPassword(service, sut.secretAccount)).resolves.toContain(receptionist.password);
  });

  it('lets a person sign in to the demo as the owner or the receptionist', async () => {
    const { owner, receptionist } = first.accounts!;

    await expect(signInAs(owner)).resolves.toMatchObject({ email: owner.email, role: 'owner' });
    await expect(signInAs(receptionist)).resolves.toMatchObject({
      email: receptionist.email,
      role: 'receptionist',
    });
  });

  it('neither signs up nor shows the sign-ins again on the next run', async () => {
    const again = await sut.ensure({ apiBaseUrl: apiUrl, timeZone: 'UTC', now: new Date() });

    expect(again).toEqual({ notes: [], created: false, accounts: first.accounts });
  });

  it('forgets the demo on reset, keeping the API port', async () => {
    sut.savePort(51234);

    await sut.reset();

    await expect(sut.accounts()).resolves.toBeNull();
    await expect(keytar.getPassword(service, sut.secretAccount)).resolves.toBeNull();
    expect(sut.savedPort()).toBe(51234);
  });
});
