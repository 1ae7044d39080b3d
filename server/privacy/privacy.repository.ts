import type { BookingSource, BookingStatus } from '../../core/domain/schemas';
import type { BookingWithZone } from '../bookings/booking.repository';
import { readInstant } from '../db/sql-dialect';
import { SqlRepository, readJson } from '../db/sql-repository';

/** What erasure stores instead of a customer's name. */
export const ERASED_CUSTOMER_NAME = 'Erased customer';

/** A customer's personal data as stored (null: absent). */
export interface CustomerPersonalData {
  name: string;
  phone: string | null;
  email: string | null;
  notes: string | null;
}

/** Reads and removes what the tenant holds about one customer (GDPR export and erasure). */
export class PrivacyRepository extends SqlRepository {
  /** Every booking of the customer with its custom field values and notes, oldest first. */
  async bookingsOfCustomer(customerId: string): Promise<BookingWithZone[]> {
    const rows = await this.sql<Record<string, unknown>>(
      `SELECT b.id, b.location_id, b.service_id, b.staff_id, b.customer_id, b.start_at, b.end_at, b.busy_from, b.busy_to,
              b.status, b.source, b.fields, b.notes, l.time_zone
         FROM bookings b JOIN locations l ON l.tenant_id = b.tenant_id AND l.id = b.location_id
        WHERE b.tenant_id = ? AND b.customer_id = ?
        ORDER BY b.start_at, b.id`,
      [this.tenantId, customerId],
    );
    return rows.map((r) => ({
      id: String(r.id),
      locationId: String(r.location_id),
      serviceId: String(r.service_id),
      staffId: String(r.staff_id),
      customerId: String(r.customer_id),
      start: readInstant(r.start_at),
      end: readInstant(r.end_at),
      busyFrom: readInstant(r.busy_from),
      busyTo: readInstant(r.busy_to),
      status: r.status as BookingStatus,
      source: r.source as BookingSource,
      fields: readJson(r.fields),
      notes: (r.notes as string | null) ?? null,
      timeZone: String(r.time_zone),
    }));
  }

  /**
   * Replaces the customer's personal data and clears the free text (notes, custom field values) of
   * their bookings; the bookings themselves stay for the business's statistics. Returns the ids of
   * the bookings touched and whether anything personal was still there.
   */
  async eraseCustomer(
    customerId: string,
    before: CustomerPersonalData,
  ): Promise<{ bookingIds: string[]; changed: boolean }> {
    const bookings = await this.sql<{ id: string; personal: number | string | boolean }>(
      `SELECT id, CASE WHEN notes IS NOT NULL OR fields IS NOT NULL THEN 1 ELSE 0 END AS personal
         FROM bookings WHERE tenant_id = ? AND customer_id = ? ORDER BY id`,
      [this.tenantId, customerId],
    );
    await this.sql(
      `UPDATE customers SET name = ?, phone = NULL, email = NULL, notes = NULL WHERE tenant_id = ? AND id = ?`,
      [ERASED_CUSTOMER_NAME, this.tenantId, customerId],
    );
    await this.sql(
      `UPDATE bookings SET notes = NULL, fields = NULL WHERE tenant_id = ? AND customer_id = ? AND (notes IS NOT NULL OR fields IS NOT NULL)`,
      [this.tenantId, customerId],
    );
    const changed =
      before.name !== ERASED_CUSTOMER_NAME ||
      before.phone !== null ||
      before.email !== null ||
      before.notes !== null ||
      bookings.some((b) => Number(b.personal) === 1);
    return { bookingIds: bookings.map((b) => b.id), changed };
  }
}
