/** `/v1/api-keys` (owner, admin). */
import type { FastifyPluginAsync } from 'fastify';
import { requireRole, requireUserId } from '../auth/request-auth';
import { problemResponses } from '../http/route-docs';
import type { ZodTypeProvider } from '../http/zod-type-provider';
import { IdParams, ListQuery } from '../users/user.schemas';
import { ApiKeyList, CreateApiKeyBody, CreatedApiKey } from './api-key.schemas';
import type { ApiKeyService } from './api-key.service';

export const apiKeyRoutes: FastifyPluginAsync<{ apiKeys: ApiKeyService }> = async (app, { apiKeys }) => {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const managers = requireRole('owner', 'admin');
  const tags = ['api-keys'];

  routes.post(
    '/v1/api-keys',
    {
      schema: {
        summary: 'Create an API key (owner, admin; signed-in users only); the key is shown once',
        tags,
        body: CreateApiKeyBody,
        response: { 201: CreatedApiKey, ...problemResponses(401, 403, 422) },
      },
      preHandler: managers,
    },
    async (request, reply) => {
      const created = await apiKeys.create(request.scope, request.auth, requireUserId(request), request.body);
      return reply.code(201).header('cache-control', 'no-store').send(created);
    },
  );

  routes.get(
    '/v1/api-keys',
    {
      schema: {
        summary: 'List API keys, without key material (owner, admin)',
        tags,
        querystring: ListQuery,
        response: { 200: ApiKeyList, ...problemResponses(401, 403, 422) },
      },
      preHandler: managers,
    },
    async (request) => apiKeys.list(request.scope, request.query),
  );

  routes.delete(
    '/v1/api-keys/:id',
    {
      schema: {
        summary: 'Revoke an API key at once (owner, admin)',
        tags,
        params: IdParams,
        response: { 204: { type: 'null' }, ...problemResponses(401, 403, 404) },
      },
      preHandler: managers,
    },
    async (request, reply) => {
      await apiKeys.revoke(request.scope, request.auth, request.params.id);
      return reply.code(204).send();
    },
  );
};
