/** `/v1/walk-ins`: every role reads the queue; desk roles (owner, admin, receptionist) add and move parties. */
import type { FastifyPluginAsync } from 'fastify';
import { CreateWalkInBody, IdParams, WalkInActionBody } from '../../core/domain/requests';
import { problemResponses } from '../http/route-docs';
import type { ZodTypeProvider } from '../http/zod-type-provider';
import { deskWriters } from '../front-desk/front-desk.access';
import { WalkInQueue, WalkInQueueQuery, WalkInView } from './walk-in.schemas';
import type { WalkInService } from './walk-in.service';

export const walkInRoutes: FastifyPluginAsync<{ walkIns: WalkInService }> = async (app, { walkIns }) => {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['walk-ins'];

  routes.get(
    '/v1/walk-ins',
    {
      schema: {
        summary:
          "Today's walk-in queue (per location, in its zone) in order, with positions and estimated waits",
        tags,
        querystring: WalkInQueueQuery,
        response: { 200: WalkInQueue, ...problemResponses(401, 422) },
      },
    },
    async (request) => walkIns.queue(request.scope, request.query),
  );
  routes.post(
    '/v1/walk-ins',
    {
      schema: {
        summary:
          'Add a party to the queue (desk roles); `customer` creates the customer; `arrivedAt`: when the desk recorded the arrival',
        tags,
        body: CreateWalkInBody,
        response: { 201: WalkInView, ...problemResponses(401, 403, 409, 422) },
      },
      preValidation: deskWriters,
    },
    async (request, reply) =>
      reply.code(201).send(await walkIns.create(request.scope, request.auth, request.body)),
  );
  routes.post(
    '/v1/walk-ins/:id/actions',
    {
      schema: {
        summary:
          'call | start (an in_service booking from `at`, default now) | no_show | leave (desk roles); `at`: when the desk recorded it; 409 /slot-taken, /invalid-transition',
        tags,
        params: IdParams,
        body: WalkInActionBody,
        response: { 200: WalkInView, ...problemResponses(401, 403, 404, 409, 422) },
      },
      preValidation: deskWriters,
    },
    async (request) => walkIns.act(request.scope, request.auth, request.params.id, request.body),
  );
};
