/**
 * Cross-tenant cases of the walk-in queue: B cannot read A's queue by naming A's location, add a
 * party with A's service or customer, or move A's walk-in.
 */
import { randomBytes } from 'node:crypto';
import type { Call, CrossTenantCases } from './cross-tenant.types';

const ALL_DAY = Object.fromEntries(
  ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => [day, [['00:00', '23:59']]]),
);

async function created(call: Call, url: string, payload: unknown): Promise<string> {
  const response = await call({ method: 'POST', url, payload });
  if (response.statusCode !== 201) throw new Error(`seeding ${url}: ${response.statusCode} ${response.body}`);
  return (response.json() as { id: string }).id;
}

export const crossTenantCases: CrossTenantCases = {
  async seed({ a, asA }) {
    const marker = `Wq${randomBytes(6).toString('hex')}`;
    const walkInServiceId = await created(asA, '/v1/services', {
      name: `Trim ${marker}`,
      durationMinutes: 15,
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 0,
      minNoticeMinutes: 0,
      maxAdvanceDays: 30,
    });
    const walkInStaffId = await created(asA, '/v1/staff', {
      name: `Barber ${marker}`,
      locationId: a.locationId,
      color: '#112233',
      serviceIds: [walkInServiceId],
      weeklyHours: ALL_DAY,
    });
    const walkInId = await created(asA, '/v1/walk-ins', {
      customer: { name: `Walker ${marker}`, email: `${marker.toLowerCase()}@example.com` },
      serviceId: walkInServiceId,
      staffId: walkInStaffId,
      notes: `Walk-in note ${marker}`,
    });
    return { walkInServiceId, walkInStaffId, walkInId, walkInMarker: marker };
  },
  cases: {
    'GET /v1/walk-ins': {
      // Naming A's location is an unknown location to B.
      attack: ({ a, asB }) => asB({ method: 'GET', url: `/v1/walk-ins?locationId=${a.locationId}` }),
      expect: 'refused',
    },
    'POST /v1/walk-ins': {
      attack: ({ a, asB }) =>
        asB({
          method: 'POST',
          url: '/v1/walk-ins',
          payload: {
            customer: { name: 'Mole' },
            serviceId: a.ids.walkInServiceId,
            staffId: a.ids.walkInStaffId,
          },
        }),
      expect: 'refused',
    },
    'POST /v1/walk-ins/{id}/actions': {
      attack: ({ a, asB }) =>
        asB({ method: 'POST', url: `/v1/walk-ins/${a.ids.walkInId}/actions`, payload: { action: 'leave' } }),
      expect: 'not-found',
    },
  },
};
