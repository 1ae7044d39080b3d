/** `/v1/staff` and `POST /v1/staff/:id/time-off`: read by every role, written by owner and admin. */
import type { FastifyPluginAsync } from 'fastify';
import { Staff, TimeOff } from '../../core/domain/schemas';
import {
  CreateStaffBody,
  CreateTimeOffBody,
  IdParams,
  PageQuery,
  UpdateStaffBody,
} from '../../core/domain/requests';
import { problemResponses } from '../http/route-docs';
import type { ZodTypeProvider } from '../http/zod-type-provider';
import { registerCrudRoutes } from '../front-desk/crud.routes';
import { settingsWriters } from '../front-desk/front-desk.access';
import type { StaffService } from './staff.service';

export const staffRoutes: FastifyPluginAsync<{ staff: StaffService }> = async (app, { staff }) => {
  registerCrudRoutes(app, {
    path: '/v1/staff',
    noun: 'staff member',
    tag: 'staff',
    view: Staff,
    createBody: CreateStaffBody,
    updateBody: UpdateStaffBody,
    listQuery: PageQuery,
    writers: settingsWriters,
    writerRoles: 'owner, admin',
    service: staff,
  });
  app.withTypeProvider<ZodTypeProvider>().post(
    '/v1/staff/:id/time-off',
    {
      schema: {
        summary: 'Add time off for a staff member (owner, admin)',
        tags: ['staff'],
        params: IdParams,
        body: CreateTimeOffBody,
        response: { 201: TimeOff, ...problemResponses(401, 403, 404, 409, 422) },
      },
      preValidation: settingsWriters,
    },
    async (request, reply) =>
      reply.code(201).send(await staff.addTimeOff(request.scope, request.params.id, request.body)),
  );
};
