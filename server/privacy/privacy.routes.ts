/**
 * Privacy routes (../shared/API.md "Privacy, audit, operations"): a customer's export and erasure
 * (desk roles, who look after customers), the whole business's export and the account's cancellation
 * (owner only; an API key never acts as owner).
 */
import type { FastifyPluginAsync } from 'fastify';
import { IdParams } from '../../core/domain/requests';
import { problemResponses } from '../http/route-docs';
import type { ZodTypeProvider } from '../http/zod-type-provider';
import { deskWriters, roleGuard } from '../front-desk/front-desk.access';
import type { TenantLifecycleService } from '../tenants/tenant-lifecycle.service';
import type { CustomerPrivacyService } from './customer-privacy.service';
import {
  AccountCancelled,
  CancelAccountBody,
  CustomerErasure,
  CustomerExport,
  TenantExport,
} from './privacy.schemas';
import type { TenantExportService } from './tenant-export.service';

/** The privacy services. */
export interface Privacy {
  customers: CustomerPrivacyService;
  tenantExport: TenantExportService;
  lifecycle: TenantLifecycleService;
}

const ownerOnly = roleGuard('owner');

export const privacyRoutes: FastifyPluginAsync<{ privacy: Privacy }> = async (app, { privacy }) => {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['privacy'];

  routes.get(
    '/v1/customers/:id/export',
    {
      schema: {
        summary:
          'Everything held about one customer: profile, bookings (with field values and notes), walk-ins',
        tags,
        params: IdParams,
        response: { 200: CustomerExport, ...problemResponses(401, 403, 404) },
      },
      preValidation: deskWriters,
    },
    async (request) => privacy.customers.export(request.scope, request.auth, request.params.id),
  );
  routes.post(
    '/v1/customers/:id/erase',
    {
      schema: {
        summary: "Erase a customer's personal data; their bookings stay, anonymised (idempotent)",
        tags,
        params: IdParams,
        response: { 200: CustomerErasure, ...problemResponses(401, 403, 404) },
      },
      preValidation: deskWriters,
    },
    async (request) => privacy.customers.erase(request.scope, request.auth, request.params.id),
  );
  // Untyped: the reply is a stream (the schema documents the document it streams).
  app.get(
    '/v1/tenant/export',
    {
      schema: {
        summary: 'Everything of the business as one JSON document, streamed (owner); no hashes or secrets',
        tags,
        response: {
          200: {
            description: 'The export document',
            content: { 'application/json': { schema: TenantExport } },
          },
          ...problemResponses(401, 403),
        },
      },
      preValidation: ownerOnly,
    },
    async (request, reply) => {
      const stream = await privacy.tenantExport.export(request.scope, request.auth);
      return reply
        .type('application/json')
        .header('content-disposition', 'attachment; filename="bookdesk-export.json"')
        .send(stream);
    },
  );
  routes.delete(
    '/v1/tenant',
    {
      schema: {
        summary:
          'Cancel the account (owner, password again): revokes every token and key, disconnects calendars, schedules deletion',
        tags,
        body: CancelAccountBody,
        response: { 200: AccountCancelled, ...problemResponses(401, 403, 409, 422) },
      },
      preValidation: ownerOnly,
    },
    async (request) => privacy.lifecycle.cancel(request.scope, request.auth, request.body),
  );
};
