/**
 * `/v1/bookings`: every role reads; desk roles (owner, admin, receptionist) create, move and cancel;
 * staff change the status of their own bookings only.
 */
import type { FastifyPluginAsync } from 'fastify';
import { Booking } from '../../core/domain/schemas';
import {
  BookingListQuery,
  CreateBookingBody,
  IdParams,
  pageOf,
  UpdateBookingBody,
} from '../../core/domain/requests';
import { problemResponses } from '../http/route-docs';
import type { ZodTypeProvider } from '../http/zod-type-provider';
import { deskWriters } from '../front-desk/front-desk.access';
import type { BookingService } from './booking.service';

export const bookingRoutes: FastifyPluginAsync<{ bookings: BookingService }> = async (app, { bookings }) => {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['bookings'];

  routes.get(
    '/v1/bookings',
    {
      schema: {
        summary: 'Bookings starting in [from, to)',
        tags,
        querystring: BookingListQuery,
        response: { 200: pageOf(Booking), ...problemResponses(401, 422) },
      },
    },
    async (request) => bookings.list(request.scope, request.query),
  );
  routes.post(
    '/v1/bookings',
    {
      schema: {
        summary:
          'Book a service (desk roles); without staffId the first free qualified staff member is chosen',
        tags,
        body: CreateBookingBody,
        response: { 201: Booking, ...problemResponses(401, 403, 409, 422) },
      },
      preValidation: deskWriters,
    },
    async (request, reply) =>
      reply.code(201).send(await bookings.create(request.scope, request.auth, request.body)),
  );
  routes.get(
    '/v1/bookings/:id',
    {
      schema: {
        summary: 'One booking',
        tags,
        params: IdParams,
        response: { 200: Booking, ...problemResponses(401, 404) },
      },
    },
    async (request) => bookings.get(request.scope, request.params.id),
  );
  routes.patch(
    '/v1/bookings/:id',
    {
      schema: {
        summary:
          'Move, reassign, annotate or change the status of a booking (staff: status of their own only)',
        tags,
        params: IdParams,
        body: UpdateBookingBody,
        response: { 200: Booking, ...problemResponses(401, 403, 404, 409, 422) },
      },
    },
    async (request) => bookings.update(request.scope, request.auth, request.params.id, request.body),
  );
  routes.delete(
    '/v1/bookings/:id',
    {
      schema: {
        summary: 'Cancel a booking (desk roles)',
        tags,
        params: IdParams,
        response: { 204: { type: 'null' }, ...problemResponses(401, 403, 404, 409) },
      },
      preValidation: deskWriters,
    },
    async (request, reply) => {
      await bookings.cancel(request.scope, request.params.id);
      return reply.code(204).send();
    },
  );
};
