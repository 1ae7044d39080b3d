/** Customers in the sync protocol: the pull source of entity `customer` (every customer). */
import { readOptionalText, readText } from '../db/sql-repository';
import { sqlSource } from '../sync/sync-sources';
import type { SyncFeature } from '../sync/sync.module';
import { toCustomer } from './customer.service';

export const customerSync: SyncFeature = {
  sources: [
    sqlSource('customer', { from: 'customers x', columns: 'x.id, x.name, x.phone, x.email, x.notes' }, (r) =>
      toCustomer({
        id: readText(r.id),
        name: readText(r.name),
        phone: readOptionalText(r.phone),
        email: readOptionalText(r.email),
        notes: readOptionalText(r.notes),
        createdAt: new Date(0),
      }),
    ),
  ],
};
