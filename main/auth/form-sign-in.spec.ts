/**
 * The sign-in form completed as a browser would, against the API's real OAuth server (in-process,
 * SQLite, listening on loopback): the right password ends with tokens, a wrong one with the form
 * refused and nothing stored.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTenant, startTestApp } from '../../tests/support/api';
import type { SeededTenant, TestApp } from '../../tests/support/api';
import { MemoryCredentialStore } from './credential-store';
import { formSignInBrowser, hiddenFields } from './form-sign-in';
import { OAuthSignInClient } from './oauth-sign-in.client';

describe(formSignInBrowser.name, () => {
  let t: TestApp;
  let apiUrl: string;
  let owner: SeededTenant;

  beforeAll(async () => {
    t = await startTestApp('sqlite');
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    apiUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    owner = await seedTenant(t.platform);
  });
  afterAll(async () => t?.close());

  const signIn = (password: string) => {
    const store = new MemoryCredentialStore();
    const sut = formSignInBrowser({ email: owner.email, password });
    return { store, client: new OAuthSignInClient(apiUrl, { openBrowser: sut, store }) };
  };

  it('signs in with the right password: tokens the API accepts', async () => {
    const { store, client } = signIn(owner.password);

    await client.signIn(10_000);

    const token = (await store.read(apiUrl))!.tokens!.accessToken;
    const me = await t.call({ method: 'GET', url: '/v1/me', token });
    expect(me.json()).toMatchObject({ user: { email: owner.email } });
  });

  it('is refused with a wrong password, and stores nothing', async () => {
    const { store, client } = signIn(`${owner.password}-wrong`);

    await expect(client.signIn(10_000)).rejects.toThrow('The sign-in form was refused (401).');
    await expect(store.read(apiUrl)).resolves.toBeNull();
  });

  it('reads hidden fields with their HTML entities decoded, and nothing else', () => {
    const html =
      '<form><input type="hidden" name="state" value="a&amp;b&quot;c">' +
      '<input name="email" type="email" value="x"><input type=hidden name="form_token" value="t.1"></form>';

    expect(hiddenFields(html)).toEqual({ state: 'a&b"c', form_token: 't.1' });
  });
});
