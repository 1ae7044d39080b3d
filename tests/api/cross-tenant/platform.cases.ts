/** Cross-tenant cases of the platform routes: health, signup, OAuth, users, API keys, MFA, audit. */
import { addUser, createApiKey } from '../../support/api';
import type { CrossTenantCases } from './cross-tenant.types';

const longPassword = 'a sufficiently long passphrase 4 tests';

export const crossTenantCases: CrossTenantCases = {
  async seed({ a, platform }) {
    const staff = await addUser(platform, a.tenantId, 'staff');
    const key = await createApiKey(platform, a.tenantId, a.userId);
    return { staffUserId: staff.userId, apiKeyId: key.id };
  },
  cases: {
    'GET /healthz': { public: 'process liveness; reads no tenant data' },
    'GET /readyz': { public: 'database reachability; reads no tenant data' },
    'GET /v1/regions': { public: 'the configured list of regions; reads no tenant data' },
    'POST /v1/signup': {
      public: 'creates a NEW tenant; a body cannot name an existing one',
      attack: ({ a, asB }) =>
        asB({
          method: 'POST',
          url: '/v1/signup',
          payload: {
            tenantId: a.tenantId,
            business: { name: 'Hijack', timeZone: 'Europe/London' },
            owner: { name: 'Eve', email: `eve-${Date.now()}@example.com`, password: longPassword },
          },
        }),
      expectStatus: 422,
    },
    'GET /oauth/authorize': { public: 'renders the sign-in form from the query; reads no tenant data' },
    'POST /oauth/authorize': {
      public:
        'sign-in by email + password (+ OTP): the tenant comes from the account signing in (tests/auth)',
    },
    'POST /oauth/token': {
      public: 'redeems a code / refresh token; the tenant comes from the presented secret',
      attack: ({ asB }) =>
        asB({
          method: 'POST',
          url: '/oauth/token',
          payload: {
            grant_type: 'refresh_token',
            refresh_token: 'bd_rt_' + 'x'.repeat(43),
            client_id: 'bookdesk-desktop',
          },
        }),
      expectStatus: 400,
    },
    'POST /oauth/revoke': { public: 'RFC 7009: acts only on the presented secret, whoever holds it' },
    'GET /v1/me': {
      // Neither a query parameter nor a header can switch the tenant: the credential decides.
      attack: ({ a, asB }) =>
        asB({
          method: 'GET',
          url: `/v1/me?tenantId=${a.tenantId}&userId=${a.userId}`,
          headers: { 'x-tenant-id': a.tenantId },
        }),
      expect: 'own-data',
    },
    'PUT /v1/me/password': {
      // A's password is no use on B's account.
      attack: ({ a, asB }) =>
        asB({
          method: 'PUT',
          url: '/v1/me/password',
          payload: { currentPassword: a.password, newPassword: longPassword },
        }),
      expect: 'refused',
    },
    'POST /v1/users': {
      attack: ({ a, asB }) =>
        asB({
          method: 'POST',
          url: '/v1/users',
          payload: {
            tenantId: a.tenantId,
            name: 'Mole',
            email: `mole-${Date.now()}@example.com`,
            role: 'admin',
            password: longPassword,
          },
        }),
      expect: 'refused',
    },
    'GET /v1/users': {
      attack: ({ asB }) => asB({ method: 'GET', url: '/v1/users?limit=200' }),
      expect: 'own-data',
    },
    'GET /v1/users/{id}': {
      attack: ({ a, asB }) => asB({ method: 'GET', url: `/v1/users/${a.ids.staffUserId}` }),
      expect: 'not-found',
    },
    'PATCH /v1/users/{id}': {
      attack: ({ a, asB }) =>
        asB({
          method: 'PATCH',
          url: `/v1/users/${a.ids.staffUserId}`,
          payload: { role: 'admin', name: 'Pwned' },
        }),
      expect: 'not-found',
    },
    'POST /v1/api-keys': {
      attack: ({ a, asB }) =>
        asB({ method: 'POST', url: '/v1/api-keys', payload: { name: 'stolen', tenantId: a.tenantId } }),
      expect: 'refused',
    },
    'GET /v1/api-keys': {
      attack: ({ asB }) => asB({ method: 'GET', url: '/v1/api-keys?limit=200' }),
      expect: 'own-data',
    },
    'DELETE /v1/api-keys/{id}': {
      attack: ({ a, asB }) => asB({ method: 'DELETE', url: `/v1/api-keys/${a.ids.apiKeyId}` }),
      expect: 'not-found',
    },
    'POST /v1/me/mfa': {
      attack: ({ asB }) => asB({ method: 'POST', url: '/v1/me/mfa' }),
      expect: 'own-data',
    },
    'POST /v1/me/mfa/confirm': {
      attack: ({ asB }) => asB({ method: 'POST', url: '/v1/me/mfa/confirm', payload: { code: '000000' } }),
      expect: 'refused',
    },
    'DELETE /v1/me/mfa': {
      attack: ({ a, asB }) => asB({ method: 'DELETE', url: '/v1/me/mfa', payload: { password: a.password } }),
      expect: 'refused',
    },
    'GET /v1/audit': {
      attack: ({ asB }) =>
        asB({ method: 'GET', url: '/v1/audit?from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z&limit=500' }),
      expect: 'own-data',
    },
    'GET /v1/audit/verify': {
      attack: ({ asB }) => asB({ method: 'GET', url: '/v1/audit/verify' }),
      expect: 'own-data',
    },
  },
};
