/** `/v1/users` (owner, admin) and `PUT /v1/me/password` (any signed-in user). */
import type { FastifyPluginAsync } from 'fastify';
import { requireRole, requireUserId } from '../auth/request-auth';
import { problemResponses } from '../http/route-docs';
import type { ZodTypeProvider } from '../http/zod-type-provider';
import { perCredentialRateLimit } from './credential-rate-limit';
import {
  ChangePasswordBody,
  CreateUserBody,
  IdParams,
  ListQuery,
  UpdateUserBody,
  UserList,
  UserView,
} from './user.schemas';
import type { UserService } from './user.service';

export const userRoutes: FastifyPluginAsync<{ users: UserService }> = async (app, { users }) => {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const managers = requireRole('owner', 'admin');
  const tags = ['users'];

  routes.post(
    '/v1/users',
    {
      schema: {
        summary: 'Add a user (owner, admin)',
        tags,
        body: CreateUserBody,
        response: { 201: UserView, ...problemResponses(401, 403, 409, 422) },
      },
      preHandler: managers,
    },
    async (request, reply) =>
      reply.code(201).send(await users.create(request.scope, request.auth, request.body)),
  );

  routes.get(
    '/v1/users',
    {
      schema: {
        summary: 'List users (owner, admin)',
        tags,
        querystring: ListQuery,
        response: { 200: UserList, ...problemResponses(401, 403, 422) },
      },
      preHandler: managers,
    },
    async (request) => users.list(request.scope, request.query),
  );

  routes.get(
    '/v1/users/:id',
    {
      schema: {
        summary: 'One user (owner, admin)',
        tags,
        params: IdParams,
        response: { 200: UserView, ...problemResponses(401, 403, 404) },
      },
      preHandler: managers,
    },
    async (request) => users.get(request.scope, request.params.id),
  );

  routes.patch(
    '/v1/users/:id',
    {
      schema: {
        summary: "Rename a user or change their role (owner, admin; audited; never the owner's role)",
        tags,
        params: IdParams,
        body: UpdateUserBody,
        response: { 200: UserView, ...problemResponses(401, 403, 404, 422) },
      },
      preHandler: managers,
    },
    async (request) => users.update(request.scope, request.auth, request.params.id, request.body),
  );

  routes.put(
    '/v1/me/password',
    {
      schema: {
        summary: 'Change your password (8 characters suffice with MFA on)',
        tags: ['accounts'],
        body: ChangePasswordBody,
        response: { 204: { type: 'null' }, ...problemResponses(401, 403, 422, 429) },
      },
      config: { rateLimit: perCredentialRateLimit() },
    },
    async (request, reply) => {
      await users.changePassword(request.scope, request.auth, requireUserId(request), request.body);
      return reply.code(204).send();
    },
  );
};
