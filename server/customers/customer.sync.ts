/**
 * Customers in the sync protocol: the pull source of entity `customer` (every customer) and the push
 * mutations `customer.create|update`, which validate with the routes' schemas, check the routes'
 * roles and call the same service methods.
 */
import { CreateCustomerBody, UpdateCustomerBody } from '../../core/domain/requests';
import { readOptionalText, readText } from '../db/sql-repository';
import { DESK_ROLES } from '../front-desk/front-desk.access';
import { define, withId } from '../sync/sync-mutations';
import { sqlSource } from '../sync/sync-sources';
import type { SyncFeature } from '../sync/sync.module';
import type { CustomerService } from './customer.service';
import { toCustomer } from './customer.service';

const customerSource = sqlSource(
  'customer',
  { from: 'customers x', columns: 'x.id, x.name, x.phone, x.email, x.notes' },
  (r) =>
    toCustomer({
      id: readText(r.id),
      name: readText(r.name),
      phone: readOptionalText(r.phone),
      email: readOptionalText(r.email),
      notes: readOptionalText(r.notes),
      createdAt: new Date(0),
    }),
);

export function customerSync(customers: CustomerService): SyncFeature {
  return {
    sources: [customerSource],
    mutations: [
      define({
        name: 'customer.create',
        roles: DESK_ROLES,
        args: CreateCustomerBody,
        apply: ({ scope }, args) => customers.create(scope, args),
      }),
      define({
        name: 'customer.update',
        roles: DESK_ROLES,
        args: withId(UpdateCustomerBody),
        apply: ({ scope }, { id, body }) => customers.update(scope, id, body),
      }),
    ],
  };
}
