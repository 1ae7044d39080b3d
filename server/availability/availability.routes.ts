/** `GET /v1/availability`: free slots of a service, read by every role. */
import type { FastifyPluginAsync } from 'fastify';
import { Availability, AvailabilityQuery } from '../../core/domain/requests';
import { problemResponses } from '../http/route-docs';
import type { ZodTypeProvider } from '../http/zod-type-provider';
import type { AvailabilityService } from './availability.service';

export const availabilityRoutes: FastifyPluginAsync<{ availability: AvailabilityService }> = async (
  app,
  { availability },
) => {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/v1/availability',
    {
      schema: {
        summary:
          'Free slots of a service (opening and staff hours, time off, buffers, notice, bookings, busy blocks)',
        tags: ['availability'],
        querystring: AvailabilityQuery,
        response: { 200: Availability, ...problemResponses(401, 404, 422) },
      },
    },
    async (request) => availability.find(request.scope, request.query),
  );
};
