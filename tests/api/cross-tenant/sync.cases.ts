/**
 * Cross-tenant cases of the sync routes: B's pull (snapshot, or every change since version 0)
 * contains only B's data, B's pushes aimed at A's booking and customer find nothing, and B cannot
 * name another tenant when opening the event stream. Isolation of the event stream itself is in
 * tests/sync/sync-events.test.ts (a stream cannot be read through app.inject).
 */
import type { CrossTenantCases } from './cross-tenant.types';

const EVERY_CHANGE = Buffer.from(JSON.stringify({ p: 'd', v: 0 })).toString('base64url');

export const crossTenantCases: CrossTenantCases = {
  cases: {
    'POST /v1/sync/pull': {
      attack: async ({ asB }) => {
        const snapshot = await asB({ method: 'POST', url: '/v1/sync/pull', payload: { limit: 5000 } });
        if (snapshot.statusCode !== 200) return snapshot;
        // Every change since the beginning of time, with a hand-made cursor: still only B's.
        return asB({ method: 'POST', url: '/v1/sync/pull', payload: { cursor: EVERY_CHANGE, limit: 5000 } });
      },
      expect: 'own-data',
    },
    'POST /v1/sync/push': {
      attack: ({ a, asB }) =>
        asB({
          method: 'POST',
          url: '/v1/sync/push',
          payload: {
            clientId: 'attacker',
            mutations: [
              { id: 1, name: 'booking.cancel', args: { id: a.ids.bookingId } },
              { id: 2, name: 'booking.setStatus', args: { id: a.ids.bookingId, status: 'no_show' } },
              { id: 3, name: 'customer.update', args: { id: a.ids.customerId, name: 'Pwned' } },
              { id: 4, name: 'booking.update', args: { id: a.ids.bookingId, notes: 'Pwned' } },
            ],
          },
        }),
      expect: 'own-data',
    },
    'GET /v1/sync/events': {
      attack: ({ a, asB }) => asB({ method: 'GET', url: `/v1/sync/events?tenantId=${a.tenantId}` }),
      expect: 'refused',
    },
  },
};
