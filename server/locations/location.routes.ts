/** `/v1/locations`: read by every role, written by owner and admin. */
import type { FastifyPluginAsync } from 'fastify';
import { Location } from '../../core/domain/schemas';
import { CreateLocationBody, PageQuery, UpdateLocationBody } from '../../core/domain/requests';
import { registerCrudRoutes } from '../front-desk/crud.routes';
import { settingsWriters } from '../front-desk/front-desk.access';
import type { LocationService } from './location.service';

export const locationRoutes: FastifyPluginAsync<{ locations: LocationService }> = async (
  app,
  { locations },
) => {
  registerCrudRoutes(app, {
    path: '/v1/locations',
    noun: 'location',
    tag: 'locations',
    view: Location,
    createBody: CreateLocationBody,
    updateBody: UpdateLocationBody,
    listQuery: PageQuery,
    writers: settingsWriters,
    writerRoles: 'owner, admin',
    service: locations,
  });
};
