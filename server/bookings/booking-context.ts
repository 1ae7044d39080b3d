/**
 * What a booking write reads for its conflict check: the service, the tenant's custom field
 * definitions, the candidate staff (the one named, or every qualified one), whether a named customer
 * exists and, on PostgreSQL, what holds the candidates' time. On PostgreSQL that is one round trip
 * that also takes the candidates' write locks (BookingContextRepository); on SQLite, where a
 * statement costs no round trip, the usual repository reads (placeBooking reads the held time).
 */
import { CatalogRepository } from '../catalog/catalog.repository';
import type { ServiceRecord } from '../catalog/catalog.repository';
import { CustomFieldRepository } from '../custom-fields/custom-field.repository';
import type { FieldDefinition } from '../custom-fields/custom-field.repository';
import { CustomerRepository } from '../customers/customer.repository';
import type { TenantTransaction } from '../db/tenant-scope';
import { StaffRepository } from '../staff/staff.repository';
import type { StaffRecord } from '../staff/staff.repository';
import type { HeldTime } from './booking.repository';
import { BookingContextRepository } from './booking-context.repository';
import { BookingRepository } from './booking.repository';

/** What to read: the staff member named (else every one performing the service), the customer named. */
export interface BookingContextQuery {
  serviceId: string;
  /** The booking's start: its span (with the service's duration and buffers) is read for held time. */
  start: Date;
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
  /**
   * What holds the candidates' time over the booking's span, read under their locks (PostgreSQL;
   * undefined on SQLite, where placeBooking reads it).
   */
  held?: HeldTime[];
  /** With `held`: the staff and span it was read for (to check against the ones locked and checked). */
  heldFor?: { staffIds: string[]; from: Date | null; to: Date | null };
  /**
   * PostgreSQL: the tenant's configuration version (migration BookingConfigVersion) read with the
   * service, fields and staff, in the same snapshot.
   */
  configVersion?: number;
}

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
