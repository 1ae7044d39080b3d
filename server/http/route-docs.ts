/** Helpers for documenting routes in the OpenAPI document. */
import type { FastifyInstance } from 'fastify';
import { ProblemSchema } from './problem';

/** A documented problem+json error response. */
export interface ProblemResponse {
  description: string;
  content: { 'application/problem+json': { schema: typeof ProblemSchema } };
}

const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: 'Malformed request',
  401: 'Missing, unknown, expired or revoked credential',
  403: 'Role not allowed',
  404: "Not found, or another tenant's",
  409: 'Conflict',
  410: 'Gone (e.g. a sync cursor older than the change log kept)',
  413: 'Body too large',
  422: 'Invalid field values (see errors)',
  429: 'Rate limited (see Retry-After)',
  503: 'Database unreachable',
};

/** `response` entries documenting the problem+json error statuses of a route. */
export function problemResponses(...statuses: number[]): Record<number, ProblemResponse> {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: PROBLEM_DESCRIPTIONS[status] ?? 'Problem',
        content: { 'application/problem+json': { schema: ProblemSchema } },
      },
    ]),
  );
}

/** Marks every route registered in `scope` (and its children) as requiring the bearer credential. */
export function documentBearerSecurity(scope: FastifyInstance): void {
  scope.addHook('onRoute', (route) => {
    route.schema = { ...route.schema, security: [{ bearerAuth: [] }] };
  });
}
