/** `/v1/custom-fields`: booking fields, read by every role, written by owner and admin. */
import type { FastifyPluginAsync } from 'fastify';
import { CustomField } from '../../core/domain/schemas';
import { CreateCustomFieldBody, PageQuery, UpdateCustomFieldBody } from '../../core/domain/requests';
import { registerCrudRoutes } from '../front-desk/crud.routes';
import { settingsWriters } from '../front-desk/front-desk.access';
import type { CustomFieldService } from './custom-field.service';

export const customFieldRoutes: FastifyPluginAsync<{ customFields: CustomFieldService }> = async (
  app,
  { customFields },
) => {
  registerCrudRoutes(app, {
    path: '/v1/custom-fields',
    noun: 'custom field',
    tag: 'custom-fields',
    view: CustomField,
    createBody: CreateCustomFieldBody,
    updateBody: UpdateCustomFieldBody,
    listQuery: PageQuery,
    writers: settingsWriters,
    writerRoles: 'owner, admin',
    service: customFields,
  });
};
