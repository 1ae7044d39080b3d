/**
 * Cross-tenant cases of the privacy routes: B cannot export or erase A's customer, B's tenant export
 * holds B's data only, and B's owner cannot cancel anything with A's password (B's own account stays:
 * the attack is refused before anything changes).
 */
import type { CrossTenantCases } from './cross-tenant.types';

export const crossTenantCases: CrossTenantCases = {
  cases: {
    'GET /v1/customers/{id}/export': {
      attack: ({ a, asB }) => asB({ method: 'GET', url: `/v1/customers/${a.ids.customerId}/export` }),
      expect: 'not-found',
    },
    'POST /v1/customers/{id}/erase': {
      attack: ({ a, asB }) => asB({ method: 'POST', url: `/v1/customers/${a.ids.customerId}/erase` }),
      expect: 'not-found',
    },
    'GET /v1/tenant/export': {
      attack: ({ asB }) => asB({ method: 'GET', url: '/v1/tenant/export' }),
      expect: 'own-data',
    },
    'DELETE /v1/tenant': {
      attack: ({ a, asB }) => asB({ method: 'DELETE', url: '/v1/tenant', payload: { password: a.password } }),
      expect: 'refused',
    },
  },
};
