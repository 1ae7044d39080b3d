import type { AuditLog } from '../audit/audit-log.service';
import type { AuthContext } from '../auth/request-auth';
import { toBookingView } from '../bookings/booking.view';
import { CustomerRepository } from '../customers/customer.repository';
import { toCustomer } from '../customers/customer.service';
import type { TenantScope } from '../db/tenant-scope';
import { NotFoundError } from '../errors';
import { ChangeFeed } from '../sync/change-feed';
import { WalkInRepository } from '../walk-ins/walk-in.repository';
import { toView } from '../walk-ins/walk-in.service';
import { PrivacyRepository } from './privacy.repository';
import type { CustomerErasure, CustomerExport } from './privacy.schemas';

/** What customer export and erasure need from the rest of the server. */
export interface CustomerPrivacyDeps {
  now: () => Date;
  audit: Pick<AuditLog, 'append'>;
}

/**
 * A customer's right of access and to erasure: the export holds everything stored about them (profile,
 * bookings with custom field values and notes, walk-ins); erasure removes their personal data and
 * the free text attached to their visits, keeping the visits anonymised. Both are audited in the
 * same transaction (data.exported / data.erased), with ids only.
 */
export class CustomerPrivacyService {
  constructor(private readonly deps: CustomerPrivacyDeps) {}

  export(scope: TenantScope, auth: AuthContext, customerId: string): Promise<CustomerExport> {
    return scope.transaction(async (tx) => {
      const customer = await tx.get(CustomerRepository).findById(customerId);
      if (!customer) throw new NotFoundError('customer not found');
      const bookings = await tx.get(PrivacyRepository).bookingsOfCustomer(customerId);
      const walkIns = await tx.get(WalkInRepository).ofCustomer(customerId);
      await this.deps.audit.append(tx, {
        type: 'data.exported',
        actorId: auth.userId ?? auth.credentialId,
        data: { subject: 'customer', customerId },
      });
      return {
        exportedAt: this.deps.now().toISOString(),
        customer: toCustomer(customer),
        bookings: bookings.map((b) => toBookingView(b, b.timeZone)),
        walkIns: walkIns.map((w) => toView(w, undefined)),
      };
    });
  }

  /** Idempotent: erasing an erased customer changes nothing and records no second event. */
  erase(scope: TenantScope, auth: AuthContext, customerId: string): Promise<CustomerErasure> {
    return scope.transaction(async (tx) => {
      const customers = tx.get(CustomerRepository);
      const before = await customers.findById(customerId);
      if (!before) throw new NotFoundError('customer not found');
      const bookings = await tx.get(PrivacyRepository).eraseCustomer(customerId, before);
      const walkIns = await tx.get(WalkInRepository).clearNotesOfCustomer(customerId);
      const changed = bookings.changed || walkIns.hadNotes;
      if (changed) {
        await this.deps.audit.append(tx, {
          type: 'data.erased',
          actorId: auth.userId ?? auth.credentialId,
          data: { customerId, bookings: bookings.bookingIds.length, walkIns: walkIns.ids.length },
        });
        await ChangeFeed.record(tx, [
          ...bookings.bookingIds.map((id) => ({ entity: 'booking' as const, id, op: 'put' as const })),
          ...walkIns.ids.map((id) => ({ entity: 'walkIn' as const, id, op: 'put' as const })),
          { entity: 'customer', id: customerId, op: 'put' },
        ]);
      }
      return {
        customer: toCustomer((await customers.findById(customerId))!),
        bookingsKept: bookings.bookingIds.length,
        walkInsKept: walkIns.ids.length,
        changed,
      };
    });
  }
}
