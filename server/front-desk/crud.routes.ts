/**
 * The five routes every front-desk resource has (../shared/API.md: `GET /v1/<name>`, `POST`,
 * `GET|PATCH|DELETE /v1/<name>/:id`), documented alike: every role reads, `writers` write.
 */
import type { FastifyInstance, FastifySchema, preValidationAsyncHookHandler } from 'fastify';
import type { z } from 'zod';
import { IdParams, pageOf } from '../../core/domain/requests';
import type { TenantScope } from '../db/tenant-scope';
import { problemResponses } from '../http/route-docs';

/** What a resource's service offers the routes. */
export interface CrudService<View, Create, Update, ListQuery> {
  list(scope: TenantScope, query: ListQuery): Promise<{ items: View[]; nextCursor: string | null }>;
  get(scope: TenantScope, id: string): Promise<View>;
  create(scope: TenantScope, body: Create): Promise<View>;
  update(scope: TenantScope, id: string, body: Update): Promise<View>;
  remove(scope: TenantScope, id: string): Promise<void>;
}

export interface CrudRoutesOptions<
  V extends z.ZodType,
  C extends z.ZodType,
  U extends z.ZodType,
  L extends z.ZodType,
> {
  /** `/v1/staff` */
  path: string;
  /** Singular noun for summaries: `staff member`. */
  noun: string;
  tag: string;
  view: V;
  createBody: C;
  updateBody: U;
  listQuery: L;
  writers: preValidationAsyncHookHandler;
  /** Who may write, for the summaries. */
  writerRoles: string;
  service: CrudService<z.output<V>, z.output<C>, z.output<U>, z.output<L>>;
}

export function registerCrudRoutes<
  V extends z.ZodType,
  C extends z.ZodType,
  U extends z.ZodType,
  L extends z.ZodType,
>(app: FastifyInstance, o: CrudRoutesOptions<V, C, U, L>): void {
  // Generic over the schemas, so the handlers are typed through the service instead of a type provider.
  const routes = app;
  type Id = { Params: { id: string } };
  const tags = [o.tag];
  const { service } = o;

  routes.get(
    o.path,
    {
      schema: schema({
        summary: `List ${o.noun} entries`,
        tags,
        querystring: o.listQuery,
        response: { 200: pageOf(o.view), ...problemResponses(401, 422) },
      }),
    },
    async (request) => service.list(request.scope, request.query as z.output<L>),
  );
  routes.post(
    o.path,
    {
      schema: schema({
        summary: `Add a ${o.noun} (${o.writerRoles})`,
        tags,
        body: o.createBody,
        response: { 201: o.view, ...problemResponses(401, 403, 409, 422) },
      }),
      preValidation: o.writers,
    },
    async (request, reply) => {
      const created = await service.create(request.scope, request.body as z.output<C>);
      return reply.code(201).send(created);
    },
  );
  routes.get<Id>(
    `${o.path}/:id`,
    {
      schema: schema({
        summary: `One ${o.noun}`,
        tags,
        params: IdParams,
        response: { 200: o.view, ...problemResponses(401, 404) },
      }),
    },
    async (request) => service.get(request.scope, request.params.id),
  );
  routes.patch<Id>(
    `${o.path}/:id`,
    {
      schema: schema({
        summary: `Change a ${o.noun} (${o.writerRoles})`,
        tags,
        params: IdParams,
        body: o.updateBody,
        response: { 200: o.view, ...problemResponses(401, 403, 404, 422) },
      }),
      preValidation: o.writers,
    },
    async (request) => service.update(request.scope, request.params.id, request.body as z.output<U>),
  );
  routes.delete<Id>(
    `${o.path}/:id`,
    {
      schema: schema({
        summary: `Delete a ${o.noun} (${o.writerRoles})`,
        tags,
        params: IdParams,
        response: { 204: { type: 'null' }, ...problemResponses(401, 403, 404, 409) },
      }),
      preValidation: o.writers,
    },
    async (request, reply) => {
      await service.remove(request.scope, request.params.id);
      return reply.code(204).send();
    },
  );
}

/** Erases the schema's generic types: handlers here are typed through the service. */
function schema(definition: FastifySchema & { summary: string; tags: string[] }): FastifySchema {
  return definition;
}
