/**
 * What a booking write reads before its conflict check: the service, the tenant's custom field
 * definitions, the candidate staff (the one named, or every qualified one) and whether a named
 * customer exists. On PostgreSQL it is one statement that also takes the candidates' write locks
 * (BookingContextRepository); on SQLite, where a statement costs no round trip, the usual
 * repository reads.
 */
import { CatalogRepository } from '../catalog/catalog.repository';
import type { ServiceRecord } from '../catalog/catalog.repository';
import { CustomFieldRepository } from '../custom-fields/custom-field.repository';
import type { FieldDefinition } from '../custom-fields/custom-field.repository';
import { CustomerRepository } from '../customers/customer.repository';
import type { TenantTransaction } from '../db/tenant-scope';
import { StaffRepository } from '../staff/staff.repository';
import type { StaffRecord } from '../staff/staff.repository';
import { BookingContextRepository } from './booking-context.repository';
import { BookingRepository } from './booking.repository';

/** What to read: the staff member named (else every one performing the service), the customer named. */
export interface BookingContextQuery {
  serviceId: string;
  staffId?: string;
  customerId?: string;
}

/** The rows a booking write checks itself against. */
export interface BookingContext {
  service: ServiceRecord | null;
  definitions: FieldDefinition[];
  /** The staff member named (if found, qualified or not), else the qualified ones by name then id. */
  staff: StaffRecord[];
  /** Whether the customer named exists (true when none was named). */
  customerExists: boolean;
}

/**
 * Reads the {@link BookingContext}. Call it first in a booking write transaction (after
 * BookingRepository.beginWrite): on PostgreSQL it locks the staff it returns, as
 * BookingRepository.lockStaff would, so the held time read next is read under those locks.
 */
export async function loadBookingContext(
  tx: TenantTransaction,
  query: BookingContextQuery,
): Promise<BookingContext> {
  const merged = await tx.get(BookingContextRepository).load(query);
  if (merged) {
    tx.get(BookingRepository).lockedStaff(merged.staff.map((s) => s.id));
    return merged;
  }
  const service = await tx.get(CatalogRepository).findById(query.serviceId);
  const definitions = await tx.get(CustomFieldRepository).definitions();
  const customerExists =
    query.customerId === undefined || (await tx.get(CustomerRepository).findById(query.customerId)) !== null;
  const staffRepository = tx.get(StaffRepository);
  const staff =
    query.staffId !== undefined
      ? await staffRepository.findByIds([query.staffId])
      : await staffRepository.findQualified(query.serviceId);
  return { service, definitions, staff, customerExists };
}
