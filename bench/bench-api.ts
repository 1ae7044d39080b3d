/** How every API benchmark starts: the real app on a store, one signed-up business and an owner token. */
import { randomBytes } from 'node:crypto';
import { buildApp } from '../server/app';
import type { ServerConfig } from '../server/config';
import { openPlatform } from '../server/platform';
import type { PlatformOptions } from '../server/platform';

export async function startBenchApi(
  dataDir: string,
  database: ServerConfig['database'],
  timeZone: string,
  options: PlatformOptions = {},
) {
  const config: ServerConfig = {
    host: '127.0.0.1',
    port: 0,
    dataDir,
    database,
    trustProxy: false,
    providerEndpoints: {},
    logLevel: 'silent',
    rateLimitPerMinute: 100_000_000,
  };
  const platform = await openPlatform(config, options);
  const app = await buildApp(config, { platform, auditRetention: false });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const ids = await platform.signup.signup({
    business: { name: 'Bench Salon', timeZone },
    owner: {
      name: 'Bench Owner',
      email: `bench-${randomBytes(4).toString('hex')}@example.com`,
      password: 'a long bench passphrase for me',
    },
  });
  const { secret: token } = await platform.scopes
    .forTenant(ids.tenantId)
    .transaction((tx) =>
      platform.tokens.issueAccessToken(tx, { userId: ids.userId, clientId: 'bench', ttlSeconds: 3600 }),
    );
  /** POSTs as the owner; anything but 201 ends the benchmark. Returns the created id. */
  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (response.status !== 201) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return ((await response.json()) as { id: string }).id;
  };
  return { app, platform, url, ids, token, post };
}
