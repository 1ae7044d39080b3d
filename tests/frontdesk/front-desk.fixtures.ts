/**
 * Seeding front-desk data through the public API, for the front-desk suites: a location in a zone,
 * services and staff with weekly hours, all created with the owner's token.
 */
import { expect } from 'vitest';
import { buildApp } from '../../server/app';
import type { Store } from '../../server/config';
import { ExternalBusyRepository } from '../../server/external-busy/external-busy.repository';
import { openPlatform } from '../../server/platform';
import type { Role } from '../../server/db/entities/platform.entities';
import { addUser, issueAccessToken, seedTenant, testConfig } from '../support/api';
import type { SeededTenant, TestApp } from '../support/api';
import { createTestDatabase } from '../support/db';
import type { TestDatabase } from '../support/db';

export const EVERY_DAY = (ranges: [string, string][]) =>
  Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, ranges]));

/** Calls the app and expects `status`, returning the parsed body. */
export async function expectCall<T = Record<string, unknown>>(
  t: TestApp,
  token: string,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  status: number,
  payload?: unknown,
): Promise<T> {
  const response = await t.call({
    method,
    url,
    token,
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  expect(response.statusCode, `${method} ${url} → ${response.body}`).toBe(status);
  return (response.body ? response.json() : undefined) as T;
}

export interface ShopIds {
  locationId: string;
  serviceId: string;
  staffIds: string[];
}

/** A location open 09:00–17:00 every day in `timeZone`, one service and `staffCount` staff working all opening hours. */
export async function seedShop(
  t: TestApp,
  token: string,
  options: {
    timeZone?: string;
    staffCount?: number;
    durationMinutes?: number;
    bufferBeforeMinutes?: number;
    bufferAfterMinutes?: number;
    minNoticeMinutes?: number;
    maxAdvanceDays?: number;
    hours?: [string, string][];
  } = {},
): Promise<ShopIds> {
  const hours = options.hours ?? [['09:00', '17:00']];
  const location = await expectCall<{ id: string }>(t, token, 'POST', '/v1/locations', 201, {
    name: 'Main street',
    timeZone: options.timeZone ?? 'Europe/London',
    openingHours: EVERY_DAY(hours),
  });
  const service = await expectCall<{ id: string }>(t, token, 'POST', '/v1/services', 201, {
    name: 'Haircut',
    durationMinutes: options.durationMinutes ?? 30,
    bufferBeforeMinutes: options.bufferBeforeMinutes ?? 0,
    bufferAfterMinutes: options.bufferAfterMinutes ?? 0,
    minNoticeMinutes: options.minNoticeMinutes ?? 0,
    maxAdvanceDays: options.maxAdvanceDays ?? 730,
  });
  const staffIds: string[] = [];
  for (let i = 0; i < (options.staffCount ?? 1); i++) {
    const staff = await expectCall<{ id: string }>(t, token, 'POST', '/v1/staff', 201, {
      name: `Stylist ${String.fromCharCode(65 + i)}`,
      locationId: location.id,
      color: '#336699',
      serviceIds: [service.id],
      weeklyHours: EVERY_DAY(hours),
    });
    staffIds.push(staff.id);
  }
  return { locationId: location.id, serviceId: service.id, staffIds };
}

/** A settable clock for the platform's services. */
export class TestClock {
  constructor(public ms: number) {}
  readonly now = (): Date => new Date(this.ms);
  set(iso: string): void {
    this.ms = Date.parse(iso);
  }
}

/** Like startTestApp, with the platform's clock under the test's control. */
export async function startClockedApp(store: Store, clock: TestClock, db?: TestDatabase): Promise<TestApp> {
  const database = db ?? (await createTestDatabase(store));
  const config = testConfig(database);
  const platform = await openPlatform(config, { now: clock.now });
  const app = await buildApp(config, { platform, auditRetention: false, housekeeping: false });
  await app.ready();
  return {
    app,
    platform,
    db: database,
    config,
    call: ({ token, headers, ...options }) =>
      app.inject({
        ...options,
        headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      }),
    async close() {
      await app.close();
      if (!db) await database.drop();
    },
  };
}

/** Stores an imported busy block directly (the importer is another feature). */
export async function addBusyBlock(
  t: TestApp,
  tenantId: string,
  block: { staffId: string; start: string; end: string; subject?: string },
): Promise<string> {
  const id = crypto.randomUUID();
  const start = new Date(block.start);
  const end = new Date(block.end);
  await t.platform.scopes.forTenant(tenantId).transaction((tx) =>
    tx.get(ExternalBusyRepository).insert(
      {
        id,
        staffId: block.staffId,
        source: 'google',
        subject: block.subject ?? 'Busy',
        start,
        end,
        durationMinutes: Math.round((end.getTime() - start.getTime()) / 60_000),
      },
      new Date(),
    ),
  );
  return id;
}

/** Access tokens for a clocked app: its clock may be months from the database's, so they last years. */
const CLOCKED_TOKEN_SECONDS = 3 * 365 * 86_400;

/** seedTenant for an app with a test clock. */
export async function seedClockedTenant(t: TestApp): Promise<SeededTenant> {
  const tenant = await seedTenant(t.platform);
  return {
    ...tenant,
    token: await issueAccessToken(t.platform, tenant.tenantId, tenant.userId, {
      ttlSeconds: CLOCKED_TOKEN_SECONDS,
    }),
  };
}

/** addUser for an app with a test clock. */
export async function addClockedUser(
  t: TestApp,
  tenantId: string,
  role: Role,
): Promise<{ userId: string; email: string; token: string }> {
  const user = await addUser(t.platform, tenantId, role);
  return {
    ...user,
    token: await issueAccessToken(t.platform, tenantId, user.userId, { ttlSeconds: CLOCKED_TOKEN_SECONDS }),
  };
}
