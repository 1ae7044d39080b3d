/** Liveness and readiness probes for load balancers and orchestrators. */
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { UnavailableError } from '../errors';
import { problemResponses } from '../http/route-docs';
import type { ZodTypeProvider } from '../http/zod-type-provider';

const Status = z.object({ status: z.literal('ok') });

export const healthRoutes: FastifyPluginAsync<{ isDatabaseReachable: () => Promise<boolean> }> = async (
  app,
  { isDatabaseReachable },
) => {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  routes.get(
    '/healthz',
    {
      schema: { summary: 'The process is up', tags: ['operations'], response: { 200: Status } },
      config: { rateLimit: false },
    },
    async () => ({ status: 'ok' as const }),
  );
  routes.get(
    '/readyz',
    {
      schema: {
        summary: 'The database is reachable',
        tags: ['operations'],
        response: { 200: Status, ...problemResponses(503) },
      },
      config: { rateLimit: false },
    },
    async (request) => {
      const ok = await isDatabaseReachable().catch((error: unknown) => {
        request.log.warn({ err: error }, 'readiness check failed');
        return false;
      });
      if (!ok) throw new UnavailableError('database unreachable');
      return { status: 'ok' as const };
    },
  );
};
