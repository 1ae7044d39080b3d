/**
 * DNS rebinding: on loopback (the embedded default) a page of another site can make the browser talk
 * to the API under its own name. The API answers only to the loopback names and to the host (and
 * port) of PUBLIC_URL; any other Host gets 421 problem+json and nothing is written. Both stores, on a
 * real listening server.
 */
import { request } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app';
import { openPlatform } from '../../server/platform';
import { testConfig } from '../support/api';
import { createTestDatabase, STORES } from '../support/db';
import type { TestDatabase } from '../support/db';

function post(
  port: number,
  host: string,
  path: string,
  body: unknown,
): Promise<{ status: number; contentType: string; body: string }> {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(body);
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        headers: { host, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode!, contentType: String(res.headers['content-type']), body: text }),
        );
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const signup = (email: string) => ({
  business: { name: 'Rebound', timeZone: 'Europe/London' },
  owner: { name: 'Owner', email, password: 'purple elephants dance at noon' },
});

describe.each(STORES)('the Host header check on %s', (store) => {
  let db: TestDatabase;
  let app: FastifyInstance;
  let port: number;

  beforeAll(async () => {
    db = await createTestDatabase(store);
    const config = testConfig(db, { publicUrl: 'https://desk.example.com' });
    app = await buildApp(config, {
      platform: await openPlatform(config),
      auditRetention: false,
      calendarSync: false,
      tenantPurge: false,
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    port = typeof address === 'object' && address ? address.port : 0;
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const tenants = async () =>
    Number((await db.superuserQuery<{ n: number | string }>('SELECT count(*) AS n FROM tenants'))[0]!.n);

  it('answers 421 to a rebound name and writes nothing', async () => {
    const before = await tenants();
    for (const host of [
      'evil.example',
      `evil.example:${port}`,
      `localhost.evil.example:${port}`,
      `127.0.0.1.nip.io:${port}`,
      `desk.example.com:${port}`,
    ]) {
      const response = await post(
        port,
        host,
        '/v1/signup',
        signup(`rebound-${host.length}-${port}@example.com`),
      );
      expect(response.status, host).toBe(421);
      expect(response.contentType).toMatch(/^application\/problem\+json/);
      expect(JSON.parse(response.body)).toMatchObject({ status: 421 });
    }
    expect(await tenants()).toBe(before);
  });

  it('serves its own loopback names on its port and the host of PUBLIC_URL', async () => {
    let n = 0;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, 'desk.example.com']) {
      const response = await post(port, host, '/v1/signup', signup(`own-${n++}-${port}@example.com`));
      expect(response.status, host).toBe(201);
    }
  });
});
