/** Helpers for documenting routes in the OpenAPI document. */
import type { FastifyInstance } from 'fastify';
import { ProblemSchema } from './problem';

/** `response` entries documenting problem+json error statuses of a route. */
export function problemResponses(...statuses: number[]): Record<number, typeof ProblemSchema> {
  return Object.fromEntries(statuses.map((status) => [status, ProblemSchema]));
}

/** Marks every route registered in `scope` (and its children) as requiring the bearer credential. */
export function documentBearerSecurity(scope: FastifyInstance): void {
  scope.addHook('onRoute', (route) => {
    route.schema = { ...route.schema, security: [{ bearerAuth: [] }] };
  });
}
