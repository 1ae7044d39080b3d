/**
 * Cross-tenant cases of the front-desk routes (issue 4): locations, staff (+time off), services,
 * customers, custom fields, availability, bookings, external busy blocks. A's data is created through
 * the API as A's owner; B then aims at it with A's ids and filters.
 */
import { randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import type { LightMyRequestResponse } from 'fastify';
import type { Call, CrossTenantCase, CrossTenantCases } from './cross-tenant.types';

const EVERY_DAY = Object.fromEntries(
  ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => [day, [['09:00', '17:00']]]),
);
/** A weekday 10:00 in London, two weeks ahead: inside opening and staff hours. */
const bookingStart = DateTime.now()
  .setZone('Europe/London')
  .plus({ weeks: 2 })
  .set({ weekday: 2, hour: 10, minute: 0, second: 0, millisecond: 0 });
const from = bookingStart.startOf('day').toISO()!;
const to = bookingStart.endOf('day').toISO()!;

async function created(call: Call, url: string, payload: unknown): Promise<string> {
  const response = await call({ method: 'POST', url, payload });
  if (response.statusCode !== 201) throw new Error(`seeding ${url}: ${response.statusCode} ${response.body}`);
  return (response.json() as { id: string }).id;
}

/** The five CRUD routes of a resource: B lists its own, and cannot read, change or delete A's. */
function crudCases(
  path: string,
  idName: string,
  patch: Record<string, unknown>,
  createBody: (ids: Record<string, string>) => Record<string, unknown>,
): Record<string, CrossTenantCase> {
  return {
    [`GET ${path}`]: {
      attack: ({ asB }) => asB({ method: 'GET', url: `${path}?limit=200` }),
      expect: 'own-data',
    },
    [`POST ${path}`]: {
      // A body cannot place a row in another tenant.
      attack: ({ a, asB }) =>
        asB({ method: 'POST', url: path, payload: { ...createBody(a.ids), tenantId: a.tenantId } }),
      expect: 'refused',
    },
    [`GET ${path}/{id}`]: {
      attack: ({ a, asB }) => asB({ method: 'GET', url: `${path}/${a.ids[idName]}` }),
      expect: 'not-found',
    },
    [`PATCH ${path}/{id}`]: {
      attack: ({ a, asB }) => asB({ method: 'PATCH', url: `${path}/${a.ids[idName]}`, payload: patch }),
      expect: 'not-found',
    },
    [`DELETE ${path}/{id}`]: {
      attack: ({ a, asB }) => asB({ method: 'DELETE', url: `${path}/${a.ids[idName]}` }),
      expect: 'not-found',
    },
  };
}

const get =
  (url: (ids: Record<string, string>) => string) =>
  ({ a, asB }: { a: { ids: Record<string, string> }; asB: Call }): Promise<LightMyRequestResponse> =>
    asB({ method: 'GET', url: url(a.ids) });

export const crossTenantCases: CrossTenantCases = {
  async seed({ asA }) {
    const marker = `Zq${randomBytes(6).toString('hex')}`;
    const frontDeskLocationId = await created(asA, '/v1/locations', {
      name: `Branch ${marker}`,
      timeZone: 'Europe/London',
      openingHours: EVERY_DAY,
    });
    const serviceId = await created(asA, '/v1/services', {
      name: `Cut ${marker}`,
      durationMinutes: 30,
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 0,
      minNoticeMinutes: 0,
      maxAdvanceDays: 730,
    });
    const staffId = await created(asA, '/v1/staff', {
      name: `Stylist ${marker}`,
      locationId: frontDeskLocationId,
      color: '#336699',
      serviceIds: [serviceId],
      weeklyHours: EVERY_DAY,
    });
    const customerId = await created(asA, '/v1/customers', {
      name: `Customer ${marker}`,
      phone: '+44 7700 900123',
      email: `${marker.toLowerCase()}@example.com`,
    });
    const customFieldId = await created(asA, '/v1/custom-fields', {
      key: 'allergies',
      label: `Allergies ${marker}`,
      type: 'text',
      required: false,
    });
    const bookingId = await created(asA, '/v1/bookings', {
      serviceId,
      staffId,
      customerId,
      start: bookingStart.toISO(),
      source: 'desk',
      notes: `Note ${marker}`,
    });
    // `marker` appears in A's names, notes and email: no response to B may contain it.
    return { frontDeskLocationId, serviceId, staffId, customerId, customFieldId, bookingId, marker };
  },
  cases: {
    ...crudCases('/v1/locations', 'frontDeskLocationId', { name: 'Pwned' }, () => ({
      name: 'Mole',
      timeZone: 'UTC',
      openingHours: {},
    })),
    ...crudCases('/v1/staff', 'staffId', { name: 'Pwned' }, (ids) => ({
      name: 'Mole',
      locationId: ids.frontDeskLocationId,
      color: '#000000',
      serviceIds: [ids.serviceId],
      weeklyHours: {},
    })),
    'POST /v1/staff/{id}/time-off': {
      attack: ({ a, asB }) =>
        asB({
          method: 'POST',
          url: `/v1/staff/${a.ids.staffId}/time-off`,
          payload: {
            start: bookingStart.toISO(),
            end: bookingStart.plus({ hours: 8 }).toISO(),
            reason: 'blocked',
          },
        }),
      expect: 'not-found',
    },
    ...crudCases('/v1/services', 'serviceId', { name: 'Pwned' }, () => ({
      name: 'Mole',
      durationMinutes: 30,
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 0,
      minNoticeMinutes: 0,
      maxAdvanceDays: 30,
    })),
    ...crudCases('/v1/customers', 'customerId', { name: 'Pwned' }, () => ({ name: 'Mole' })),
    'GET /v1/customers': {
      // Searching for A's customer by A's marker finds nothing of A.
      attack: get((ids) => `/v1/customers?q=${ids.marker}`),
      expect: 'empty-list',
    },
    ...crudCases('/v1/custom-fields', 'customFieldId', { label: 'Pwned' }, () => ({
      key: 'mole',
      label: 'Mole',
      type: 'text',
      required: false,
    })),
    'GET /v1/availability': {
      attack: get(
        (ids) =>
          `/v1/availability?serviceId=${ids.serviceId}&staffId=${ids.staffId}&locationId=${ids.frontDeskLocationId}` +
          `&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
      ),
      expect: 'not-found',
    },
    'GET /v1/bookings': {
      attack: get(
        (ids) =>
          `/v1/bookings?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&staffId=${ids.staffId}`,
      ),
      expect: 'empty-list',
    },
    'POST /v1/bookings': {
      // A's service, staff and customer are unknown to B.
      attack: ({ a, asB }) =>
        asB({
          method: 'POST',
          url: '/v1/bookings',
          payload: {
            serviceId: a.ids.serviceId,
            staffId: a.ids.staffId,
            customerId: a.ids.customerId,
            start: bookingStart.plus({ hours: 1 }).toISO(),
            source: 'desk',
          },
        }),
      expect: 'refused',
    },
    'GET /v1/bookings/{id}': { attack: get((ids) => `/v1/bookings/${ids.bookingId}`), expect: 'not-found' },
    'PATCH /v1/bookings/{id}': {
      attack: ({ a, asB }) =>
        asB({ method: 'PATCH', url: `/v1/bookings/${a.ids.bookingId}`, payload: { status: 'cancelled' } }),
      expect: 'not-found',
    },
    'DELETE /v1/bookings/{id}': {
      attack: ({ a, asB }) => asB({ method: 'DELETE', url: `/v1/bookings/${a.ids.bookingId}` }),
      expect: 'not-found',
    },
    'GET /v1/external-busy': {
      attack: get(
        (ids) =>
          `/v1/external-busy?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&staffId=${ids.staffId}`,
      ),
      expect: 'empty-list',
    },
  },
};
