/** `GET /v1/external-busy`: busy blocks imported from connected calendars, read by every role. */
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { ExternalBusy } from '../../core/domain/schemas';
import { ExternalBusyQuery } from '../../core/domain/requests';
import { problemResponses } from '../http/route-docs';
import type { ZodTypeProvider } from '../http/zod-type-provider';
import type { ExternalBusyService } from './external-busy.service';

export const externalBusyRoutes: FastifyPluginAsync<{ externalBusy: ExternalBusyService }> = async (
  app,
  { externalBusy },
) => {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/v1/external-busy',
    {
      schema: {
        summary: 'Busy blocks from connected calendars (subject, time and duration only)',
        tags: ['external-busy'],
        querystring: ExternalBusyQuery,
        response: { 200: z.object({ items: z.array(ExternalBusy) }), ...problemResponses(401, 422) },
      },
    },
    async (request) => externalBusy.list(request.scope, request.query),
  );
};
