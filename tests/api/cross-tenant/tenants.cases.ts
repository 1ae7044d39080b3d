/**
 * Cross-tenant cases of the tenant's own settings: `PATCH /v1/tenant` changes the caller's business
 * only (its plan); B's change never touches A.
 */
import type { CrossTenantCases } from './cross-tenant.types';

export const crossTenantCases: CrossTenantCases = {
  cases: {
    'PATCH /v1/tenant': {
      attack: ({ asB }) => asB({ method: 'PATCH', url: '/v1/tenant', payload: { plan: 'professional' } }),
      expect: 'own-data',
    },
  },
};
