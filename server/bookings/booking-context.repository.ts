import { SERVICE_COLUMNS, toServiceRecord } from '../catalog/catalog.repository';
import { DEFINITION_COLUMNS, toFieldDefinition } from '../custom-fields/custom-field.repository';
import { FrontDeskRepository } from '../locations/front-desk-base.repository';
import { STAFF_JOIN, staffColumnsSql, toStaffRecord } from '../staff/staff.repository';
import type { StaffSqlRow } from '../staff/staff.repository';
import type { BookingContext, BookingContextQuery } from './booking-context';
import { BookingRepository } from './booking.repository';

/**
 * The reads before a booking's conflict check in one PostgreSQL round trip (see ./booking-context.ts):
 * each result is a JSON aggregate of one column of a single row. The staff it returns are locked in
 * the same statement, in id order, with BookingRepository's lock keys; the held time is read by a
 * later statement, whose snapshot therefore includes every write of a previous lock holder.
 */
export class BookingContextRepository extends FrontDeskRepository {
  /**
   * The context on PostgreSQL, its staff locked (the caller tells BookingRepository.lockedStaff);
   * null on SQLite, where separate reads cost no round trip.
   */
  async load(query: BookingContextQuery): Promise<BookingContext | null> {
    if (this.dialect !== 'postgres') return null;
    const named = query.staffId !== undefined;
    const parameters: unknown[] = named
      ? [this.tenantId, query.staffId]
      : [this.tenantId, this.tenantId, query.serviceId];
    parameters.push(BookingRepository.lockKeyPrefix(this.tenantId), this.tenantId, query.serviceId);
    parameters.push(this.tenantId);
    if (query.customerId !== undefined) parameters.push(this.tenantId, query.customerId);
    const [row] = await this.sql<{
      service: Record<string, unknown> | null;
      fields: Record<string, unknown>[];
      staff: StaffSqlRow[];
      customer_exists: boolean;
    }>(
      `WITH candidates AS (
         SELECT ${staffColumnsSql('postgres')} FROM ${STAFF_JOIN}
          WHERE s.tenant_id = ? AND ${
            named
              ? 's.id = ?'
              : 's.id IN (SELECT ss.staff_id FROM staff_services ss WHERE ss.tenant_id = ? AND ss.service_id = ?)'
          }
       ), locked AS (
         SELECT pg_advisory_xact_lock(hashtextextended(?::text || c.id::text, 0)) AS held
           FROM (SELECT id FROM candidates ORDER BY id) c
       )
       SELECT
         (SELECT row_to_json(v) FROM (SELECT ${SERVICE_COLUMNS} FROM services WHERE tenant_id = ? AND id = ?) v)
           AS service,
         (SELECT coalesce(json_agg(f ORDER BY f.key), '[]')
            FROM (SELECT ${DEFINITION_COLUMNS} FROM custom_fields WHERE tenant_id = ?) f) AS fields,
         (SELECT coalesce(json_agg(c ORDER BY c.name, c.id), '[]') FROM candidates c) AS staff,
         ${query.customerId !== undefined ? 'EXISTS (SELECT 1 FROM customers WHERE tenant_id = ? AND id = ?)' : 'true'}
           AS customer_exists,
         (SELECT count(*) FROM locked) AS locked`,
      parameters,
    );
    const staff = row!.staff.map(toStaffRecord);
    return {
      service: row!.service ? toServiceRecord(row!.service) : null,
      definitions: row!.fields.map(toFieldDefinition),
      staff,
      customerExists: row!.customer_exists,
    };
  }
}
