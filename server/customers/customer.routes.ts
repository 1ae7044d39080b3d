/** `/v1/customers` (`?q=` searches name, phone and e-mail): read by every role, written by the desk. */
import type { FastifyPluginAsync } from 'fastify';
import { Customer } from '../../core/domain/schemas';
import { CreateCustomerBody, CustomerListQuery, UpdateCustomerBody } from '../../core/domain/requests';
import { registerCrudRoutes } from '../front-desk/crud.routes';
import { deskWriters } from '../front-desk/front-desk.access';
import type { CustomerService } from './customer.service';

export const customerRoutes: FastifyPluginAsync<{ customers: CustomerService }> = async (
  app,
  { customers },
) => {
  registerCrudRoutes(app, {
    path: '/v1/customers',
    noun: 'customer',
    tag: 'customers',
    view: Customer,
    createBody: CreateCustomerBody,
    updateBody: UpdateCustomerBody,
    listQuery: CustomerListQuery,
    writers: deskWriters,
    writerRoles: 'owner, admin, receptionist',
    service: customers,
  });
};
