/**
 * Regions (README.md "Operations"), on each store: two APIs, `eu` and `us`, each with its own database and
 * master keys. /healthz and the profile report the region; signup refuses another region's business;
 * move-tenant exports a business from eu, imports it at us (secrets encrypted again under us's keys),
 * verifies, and purges it at eu: no row of it is left there, the other business at eu is untouched,
 * and the desk signs in at us.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainKeyAad } from '../../server/audit/audit-log.service';
import { moveTenant } from '../../server/ops/tenant-move';
import { seedTenant, startTestApp } from '../support/api';
import { STORES } from '../support/db';
import type { SeededTenant, TestApp } from '../support/api';
import { signIn, callApi } from '../auth/support/oauth-client';
import { expectCall, seedShop } from '../frontdesk/front-desk.fixtures';

const OPS_TOKEN = 'an operator token of at least 32 characters, us';

async function listen(t: TestApp): Promise<string> {
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  const address = t.app.server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

describe.each(STORES)('regions and move-tenant on %s', (store) => {
  let eu: TestApp;
  let us: TestApp;
  let euUrl: string;
  let usUrl: string;

  beforeAll(async () => {
    eu = await startTestApp(store, {
      region: 'eu',
      regions: [
        { id: 'eu', url: 'https://eu.bookdesk.test' },
        { id: 'us', url: 'https://us.bookdesk.test' },
      ],
    });
    us = await startTestApp(store, { region: 'us', opsToken: OPS_TOKEN });
    euUrl = await listen(eu);
    usUrl = await listen(us);
  });
  afterAll(async () => {
    await eu?.close();
    await us?.close();
  });

  it('reports its region, lists the regions, and signs a business up only in its own region', async () => {
    expect(await (await fetch(`${euUrl}/healthz`)).json()).toEqual({ status: 'ok', region: 'eu' });
    expect(await (await fetch(`${usUrl}/healthz`)).json()).toEqual({ status: 'ok', region: 'us' });
    expect(await (await fetch(`${euUrl}/v1/regions`)).json()).toEqual({
      current: 'eu',
      regions: [
        { id: 'eu', url: 'https://eu.bookdesk.test' },
        { id: 'us', url: 'https://us.bookdesk.test' },
      ],
    });
    const body = (region: string) => ({
      business: { name: `Salon ${region}`, timeZone: 'Europe/London', region },
      owner: {
        name: 'Owner',
        email: `owner-${region}-${Date.now()}@example.com`,
        password: 'a long passphrase for signup',
      },
    });
    const refused = await eu.call({ method: 'POST', url: '/v1/signup', payload: body('us') });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().detail).toContain('https://us.bookdesk.test');
    const created = await eu.call({ method: 'POST', url: '/v1/signup', payload: body('eu') });
    expect(created.statusCode).toBe(201);
  });

  it('moves a business: nothing of it left at the source, secrets re-encrypted, the desk signs in at the target', async () => {
    const owner: SeededTenant = await seedTenant(eu.platform);
    const shop = await seedShop(eu, owner.token, { staffCount: 2 });
    const customer = await expectCall<{ id: string }>(eu, owner.token, 'POST', '/v1/customers', 201, {
      name: 'Moving customer',
      email: 'moving@example.com',
    });
    const booking = await expectCall<{ id: string }>(eu, owner.token, 'POST', '/v1/bookings', 201, {
      serviceId: shop.serviceId,
      customerId: customer.id,
      start: '2027-01-14T10:00:00+00:00',
      source: 'desk',
    });
    // An audited action: the business's audit chain (its key encrypted under eu's keys) exists.
    const apiKey = await expectCall<{ key: string }>(eu, owner.token, 'POST', '/v1/api-keys', 201, {
      name: 'till',
    });
    const stays = await seedTenant(eu.platform);
    await seedShop(eu, stays.token);
    const staysBefore = await eu.db.snapshotTenant(stays.tenantId);
    expect(
      (await expectCall<{ tenant: { region: string } }>(eu, owner.token, 'GET', '/v1/me', 200)).tenant.region,
    ).toBe('eu');

    // A wrong operator token is refused before anything is read.
    const forged = await fetch(`${usUrl}/v1/ops/tenant-import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${owner.token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(forged.status).toBe(401);

    const report = await moveTenant(
      { scopes: eu.platform.scopes, cipher: eu.platform.cipher, region: 'eu' },
      owner.tenantId,
      { url: usUrl, opsToken: OPS_TOKEN },
    );
    console.log(`move-tenant: ${JSON.stringify(report)}`);
    expect(report).toMatchObject({ from: 'eu', to: 'us' });
    expect(report.secretsReencrypted).toBeGreaterThan(0);

    // Not one row of the business is left at the source; the other business is untouched.
    const left = await eu.db.snapshotTenant(owner.tenantId);
    expect(Object.entries(left).filter(([, rows]) => rows.length > 0)).toEqual([]);
    expect(await eu.db.snapshotTenant(stays.tenantId)).toEqual(staysBefore);
    await expect(signIn(euUrl, { email: owner.email, password: owner.password })).rejects.toThrow();

    // The desk signs in at the target and finds its business there, in region us.
    const tokens = await signIn(usUrl, { email: owner.email, password: owner.password });
    const me = (await (await callApi(usUrl, 'GET', '/v1/me', tokens.access_token)).json()) as {
      tenant: { id: string; region: string };
    };
    expect(me.tenant).toMatchObject({ id: owner.tenantId, region: 'us' });
    const moved = (await (
      await callApi(usUrl, 'GET', `/v1/bookings/${booking.id}`, tokens.access_token)
    ).json()) as {
      customerId: string;
    };
    expect(moved.customerId).toBe(customer.id);

    // Integrations keep their API key; only the URL changes.
    expect((await callApi(usUrl, 'GET', '/v1/customers', apiKey.key)).status).toBe(200);

    // Secrets are under the target's keys: the source's keys no longer open them; the chain verifies there.
    const [chain] = await us.db.superuserQuery<{ hmac_key: string }>(
      `SELECT hmac_key FROM audit_chains WHERE tenant_id = ${store === 'sqlite' ? '?' : '$1'}`,
      [owner.tenantId],
    );
    expect(() => eu.platform.cipher.decrypt(chain!.hmac_key, chainKeyAad(owner.tenantId))).toThrow();
    expect(us.platform.cipher.decrypt(chain!.hmac_key, chainKeyAad(owner.tenantId))).toBeTruthy();
    expect(await us.platform.audit.verify(us.platform.scopes.forTenant(owner.tenantId))).toMatchObject({
      ok: true,
    });

    // Importing it a second time is refused.
    await expect(
      moveTenant({ scopes: us.platform.scopes, cipher: us.platform.cipher, region: 'xx' }, owner.tenantId, {
        url: usUrl,
        opsToken: OPS_TOKEN,
      }),
    ).rejects.toThrow(/409/);
  });

  it('purges nothing when the business changed at the source after its export', async () => {
    const owner = await seedTenant(eu.platform);
    const apiKey = await expectCall<{ key: string }>(eu, owner.token, 'POST', '/v1/api-keys', 201, {
      name: 'till',
    });
    let changed = false;
    const racingFetch: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (String(input).endsWith('/v1/ops/tenant-import') && !changed) {
        changed = true;
        // An integration writes while the move is under way (API keys stay valid until the purge).
        await expectCall(eu, apiKey.key, 'POST', '/v1/customers', 201, { name: 'Late arrival' });
      }
      return response;
    };
    await expect(
      moveTenant(
        { scopes: eu.platform.scopes, cipher: eu.platform.cipher, region: 'eu', fetch: racingFetch },
        owner.tenantId,
        {
          url: usUrl,
          opsToken: OPS_TOKEN,
        },
      ),
    ).rejects.toThrow(/changed here after it was exported/);
    const customers = await expectCall<{ items: { name: string }[] }>(
      eu,
      apiKey.key,
      'GET',
      '/v1/customers',
      200,
    );
    expect(customers.items.map((c) => c.name)).toContain('Late arrival');
  });
});
