/** `/v1/services`: the bookable services, read by every role, written by owner and admin. */
import type { FastifyPluginAsync } from 'fastify';
import { Service } from '../../core/domain/schemas';
import { CreateServiceBody, PageQuery, UpdateServiceBody } from '../../core/domain/requests';
import { registerCrudRoutes } from '../front-desk/crud.routes';
import { settingsWriters } from '../front-desk/front-desk.access';
import type { CatalogService } from './catalog.service';

export const catalogRoutes: FastifyPluginAsync<{ catalog: CatalogService }> = async (app, { catalog }) => {
  registerCrudRoutes(app, {
    path: '/v1/services',
    noun: 'service',
    tag: 'services',
    view: Service,
    createBody: CreateServiceBody,
    updateBody: UpdateServiceBody,
    listQuery: PageQuery,
    writers: settingsWriters,
    writerRoles: 'owner, admin',
    service: catalog,
  });
};
