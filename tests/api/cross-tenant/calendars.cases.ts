/**
 * Cross-tenant cases of the connected-calendar routes (issue 5). A's connection is stored directly
 * (no provider is reachable in this suite) with a sealed credential and no sync due; B aims at it
 * with A's ids, and at the public OAuth callback with a state naming A's tenant.
 */
import { randomBytes } from 'node:crypto';
import { sealConnectionSecret } from '../../../server/calendars/calendar-credential';
import { CalendarConnectionRepository } from '../../../server/calendars/calendar-connection.repository';
import type { Call, CrossTenantCases } from './cross-tenant.types';

const EVERY_DAY = Object.fromEntries(
  ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => [day, [['09:00', '17:00']]]),
);

async function created(call: Call, url: string, payload: unknown): Promise<string> {
  const response = await call({ method: 'POST', url, payload });
  if (response.statusCode !== 201) throw new Error(`seeding ${url}: ${response.statusCode} ${response.body}`);
  return (response.json() as { id: string }).id;
}

export const crossTenantCases: CrossTenantCases = {
  async seed({ a, platform, asA }) {
    const locationId = await created(asA, '/v1/locations', {
      name: 'Calendar branch',
      timeZone: 'Europe/London',
      openingHours: EVERY_DAY,
    });
    const calendarStaffId = await created(asA, '/v1/staff', {
      name: 'Calendar stylist',
      locationId,
      color: '#336699',
      serviceIds: [],
      weeklyHours: EVERY_DAY,
    });
    const calendarConnectionId = crypto.randomUUID();
    const farFuture = new Date(Date.now() + 365 * 86_400_000);
    await platform.scopes.forTenant(a.tenantId).transaction((tx) =>
      tx.get(CalendarConnectionRepository).insert({
        id: calendarConnectionId,
        staffId: calendarStaffId,
        provider: 'caldav',
        status: 'active',
        credential: sealConnectionSecret(platform.cipher, a.tenantId, calendarConnectionId, {
          credential: { serverUrl: 'http://127.0.0.1:9/', username: 'a', password: 'a-secret' },
          state: null,
        }),
        syncGeneration: 0,
        lastSyncedAt: null,
        lastError: null,
        nextSyncAt: farFuture,
        createdAt: new Date(),
      }),
    );
    return { calendarStaffId, calendarConnectionId };
  },
  cases: {
    'GET /v1/calendar-connections': {
      attack: ({ asB }) => asB({ method: 'GET', url: '/v1/calendar-connections' }),
      expect: 'own-data',
    },
    'POST /v1/calendar-connections': {
      // A's staff member is unknown in B's tenant: nothing is contacted, nothing stored.
      attack: ({ a, asB }) =>
        asB({
          method: 'POST',
          url: '/v1/calendar-connections',
          payload: {
            provider: 'caldav',
            staffId: a.ids.calendarStaffId,
            serverUrl: 'http://127.0.0.1:9/',
            username: 'b',
            password: 'b',
          },
        }),
      expect: 'refused',
    },
    'POST /v1/calendar-connections/{id}/sync': {
      attack: ({ a, asB }) =>
        asB({ method: 'POST', url: `/v1/calendar-connections/${a.ids.calendarConnectionId}/sync` }),
      expect: 'not-found',
    },
    'DELETE /v1/calendar-connections/{id}': {
      attack: ({ a, asB }) =>
        asB({ method: 'DELETE', url: `/v1/calendar-connections/${a.ids.calendarConnectionId}` }),
      expect: 'not-found',
    },
    'GET /v1/calendar-connections/callback/{provider}': {
      public:
        'the provider redirect: authenticated by a single-use state (hash stored in the tenant named by it); a state naming another tenant without its secret attaches nothing',
      attack: ({ a, asB }) =>
        asB({
          method: 'GET',
          url: `/v1/calendar-connections/callback/google?code=x&state=${a.tenantId}.${randomBytes(32).toString('base64url')}`,
        }),
      expectStatus: 400,
    },
  },
};
