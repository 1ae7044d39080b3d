/**
 * What a booking write reads for its conflict check: the service, the tenant's custom field
 * definitions, the candidate staff (the one named, or every qualified one), whether a named customer
 * exists and, on PostgreSQL, what holds the candidates' time. On PostgreSQL that is one round trip
 * that also takes the candidates' write locks (BookingContextRepository); on SQLite, where a
 * statement costs no round trip, the usual repository reads (placeBooking reads the held time).
 */
import { CatalogRepository } from '../catalog/catalog.repository';
import { CustomFieldRepository } from '../custom-fields/custom-field.repository';
import { CustomerRepository } from '../customers/customer.repository';
import type { TenantTransaction } from '../db/tenant-scope';
import { StaffRepository } from '../staff/staff.repository';
import type { HeldTime } from './booking.repository';
import { BookingContextRepository } from './booking-context.repository';
import type { BookingContext, BookingContextQuery } from './booking-context.repository';
import { BookingRepository } from './booking.repository';

export type { BookingContext, BookingContextQuery } from './booking-context.repository';

/**
 * The held time of `context` if it was read for exactly these candidates and this span; undefined
 * otherwise (SQLite, or the service or its staff changed between the two reads), and the caller
 * reads it itself under the locks it holds.
 */
export function heldTimeFor(
  context: BookingContext,
  candidateIds: readonly string[],
  span: { from: Date; to: Date },
): HeldTime[] | undefined {
  const read = context.heldFor;
  if (!context.held || !read || read.from === null || read.to === null) return undefined;
  const same =
    read.from.getTime() === span.from.getTime() &&
    read.to.getTime() === span.to.getTime() &&
    candidateIds.every((id) => read.staffIds.includes(id));
  return same ? context.held : undefined;
}

/**
 * Reads the {@link BookingContext}. Call it first in a booking write transaction (after
 * BookingRepository.beginWrite): on PostgreSQL it locks the staff it returns, as
 * BookingRepository.lockStaff would, and reads their held time under those locks.
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
