/** Liveness and readiness probes for load balancers and orchestrators. */
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { UnavailableError } from '../errors';
import { problemResponses } from '../http/route-docs';
import type { ZodTypeProvider } from '../http/zod-type-provider';

const Status = z.object({ status: z.literal('ok') });
const Health = z.object({ status: z.literal('ok'), region: z.string() });
const Regions = z.object({
  current: z.string(),
  regions: z.array(z.object({ id: z.string(), url: z.string() })),
});

export const healthRoutes: FastifyPluginAsync<{
  isDatabaseReachable: () => Promise<boolean>;
  /** This deployment's region and the configured list (README.md "Operations", regions). */
  region?: string;
  regions?: { id: string; url: string }[];
}> = async (app, { isDatabaseReachable, region = 'default', regions = [] }) => {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  routes.get(
    '/healthz',
    {
      schema: {
        summary: "The process is up, and the deployment's region",
        tags: ['operations'],
        response: { 200: Health },
      },
      config: { rateLimit: false },
    },
    async () => ({ status: 'ok' as const, region }),
  );
  routes.get(
    '/v1/regions',
    {
      schema: {
        summary: 'The regions a business can sign up in (each its own API); the desk offers them at sign-in',
        tags: ['operations'],
        response: { 200: Regions },
      },
    },
    async () => ({
      current: region,
      regions: regions.some((r) => r.id === region) ? regions : [...regions, { id: region, url: '' }],
    }),
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
