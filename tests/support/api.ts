/**
 * Starting the API in tests and seeding it. `startTestApp(store)` builds a real app (real database,
 * migrations, every plugin) on a fresh test database and calls it in-process with `app.inject`.
 * `seedTenant(platform)` creates a business (tenant + owner + location) through the real signup
 * service and issues an access token for its owner directly, without the OAuth flow.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../server/app';
import type { ServerConfig, Store } from '../../server/config';
import type { Role } from '../../server/db/entities/platform.entities';
import { openPlatform } from '../../server/platform';
import type { Platform } from '../../server/platform';
import { UserRepository } from '../../server/users/user.repository';
import { createTestDatabase } from './db';
import type { TestDatabase } from './db';

/** A running test app. */
export interface TestApp {
  app: FastifyInstance;
  platform: Platform;
  db: TestDatabase;
  config: ServerConfig;
  /** `app.inject` with an optional bearer token. */
  call(options: InjectOptions & { token?: string }): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export function testConfig(db: TestDatabase, overrides: Partial<ServerConfig> = {}): ServerConfig {
  return {
    host: '127.0.0.1',
    port: 0,
    dataDir: db.dataDir,
    database: db.config,
    trustProxy: false,
    providerEndpoints: {},
    logLevel: 'silent',
    rateLimitPerMinute: 10_000,
    ...overrides,
  };
}

export async function startTestApp(store: Store, overrides: Partial<ServerConfig> = {}): Promise<TestApp> {
  const db = await createTestDatabase(store);
  const config = testConfig(db, overrides);
  const platform = await openPlatform(config);
  const app = await buildApp(config, { platform });
  await app.ready();
  return {
    app,
    platform,
    db,
    config,
    call: ({ token, headers, ...options }) =>
      app.inject({
        ...options,
        headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      }),
    async close() {
      await app.close();
      await db.drop();
    },
  };
}

/** A business created for a test, with its owner's credentials. */
export interface SeededTenant {
  tenantId: string;
  userId: string;
  locationId: string;
  email: string;
  password: string;
  /** A valid access token of the owner (15 min). */
  token: string;
}

/** Creates a business through SignupService and issues its owner an access token. */
export async function seedTenant(
  platform: Platform,
  options: { name?: string; timeZone?: string; email?: string } = {},
): Promise<SeededTenant> {
  const suffix = randomBytes(4).toString('hex');
  const email = options.email ?? `owner-${suffix}@example.com`;
  const password = `a long test passphrase ${suffix}`;
  const ids = await platform.signup.signup({
    business: { name: options.name ?? `Business ${suffix}`, timeZone: options.timeZone ?? 'Europe/London' },
    owner: { name: `Owner ${suffix}`, email, password },
  });
  const token = await issueAccessToken(platform, ids.tenantId, ids.userId);
  return { ...ids, email, password, token };
}

/** Issues an access token for an existing user (bypassing OAuth); `ttlSeconds` may be negative (expired). */
export async function issueAccessToken(
  platform: Platform,
  tenantId: string,
  userId: string,
  options: { ttlSeconds?: number } = {},
): Promise<string> {
  const issued = await platform.scopes
    .forTenant(tenantId)
    .transaction((tx) =>
      platform.tokens.issueAccessToken(tx, { userId, clientId: 'test', ttlSeconds: options.ttlSeconds }),
    );
  return issued.secret;
}

/** Adds a user with `role` to a tenant and returns its id and an access token. */
export async function addUser(
  platform: Platform,
  tenantId: string,
  role: Role,
): Promise<{ userId: string; email: string; token: string }> {
  const suffix = randomBytes(4).toString('hex');
  const userId = crypto.randomUUID();
  const email = `${role}-${suffix}@example.com`;
  await platform.scopes.forTenant(tenantId).transaction((tx) =>
    tx.get(UserRepository).create({
      id: userId,
      name: `${role} ${suffix}`,
      email,
      passwordHash: 'not-a-usable-hash',
      role,
      createdAt: new Date(),
    }),
  );
  return { userId, email, token: await issueAccessToken(platform, tenantId, userId) };
}

/** Creates an API key in a tenant, as `createdBy`. */
export async function createApiKey(
  platform: Platform,
  tenantId: string,
  createdBy: string,
): Promise<{ id: string; key: string }> {
  return platform.scopes
    .forTenant(tenantId)
    .transaction((tx) => platform.tokens.createApiKey(tx, { name: 'test key', createdBy, role: 'admin' }));
}
