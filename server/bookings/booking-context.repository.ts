import { SERVICE_COLUMNS, toServiceRecord } from '../catalog/catalog.repository';
import type { ServiceRecord } from '../catalog/catalog.repository';
import { DEFINITION_COLUMNS, toFieldDefinition } from '../custom-fields/custom-field.repository';
import type { FieldDefinition } from '../custom-fields/custom-field.repository';
import { readInstant } from '../db/sql-dialect';
import { SqlRepository } from '../db/sql-repository';
import { STAFF_JOIN, staffColumnsSql, toStaffRecord } from '../staff/staff.repository';
import type { StaffRecord, StaffSqlRow } from '../staff/staff.repository';
import { BookingRepository, CONFIG_VERSION_SQL, toHeldTime } from './booking.repository';
import type { HeldTime, HeldTimeSqlRow } from './booking.repository';
import { bookingHeldTimeSql } from './held-time.sql';

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
 * The reads of a booking's conflict check in one PostgreSQL round trip (see ./booking-context.ts),
 * two statements pipelined: the first reads the context (each result a JSON aggregate of one column
 * of a single row) and locks the candidate staff, in id order, with BookingRepository's lock keys;
 * the second reads what holds their time over the booking's span (bookingHeldTimeSql). Being a
 * later statement, the second runs under a snapshot taken after the locks were granted, so it sees
 * every write of a previous lock holder (a booking, a calendar import's busy blocks).
 */
export class BookingContextRepository extends SqlRepository {
  /**
   * The context on PostgreSQL, its staff locked (the caller tells BookingRepository.lockedStaff);
   * null on SQLite, where separate reads cost no round trip.
   */
  async load(query: BookingContextQuery): Promise<BookingContext | null> {
    if (this.dialect !== 'postgres') return null;
    const start = this.at(query.start);
    const named = query.staffId !== undefined;
    const parameters: unknown[] = named
      ? [this.tenantId, query.staffId]
      : [this.tenantId, this.tenantId, query.serviceId];
    parameters.push(BookingRepository.lockKeyPrefix(this.tenantId), this.tenantId, query.serviceId);
    parameters.push(this.tenantId);
    if (query.customerId !== undefined) parameters.push(this.tenantId, query.customerId);
    parameters.push(this.tenantId);
    const [[row], heldRows] = await this.sqlBatch<ContextRow & CandidateOrHeldRow>([
      {
        sql: `WITH candidates AS (
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
         (SELECT count(*) FROM locked) AS locked,
         ${CONFIG_VERSION_SQL} AS config_version`,
        parameters,
      },
      {
        sql: bookingHeldTimeSql(named),
        parameters: [
          start,
          start,
          this.tenantId,
          query.serviceId,
          this.tenantId,
          named ? query.staffId : query.serviceId,
        ],
      },
    ]);
    const staff = row!.staff.map(toStaffRecord);
    return {
      service: row!.service ? toServiceRecord(row!.service) : null,
      definitions: row!.fields.map(toFieldDefinition),
      staff,
      customerExists: row!.customer_exists,
      configVersion: Number(row!.config_version),
      held: heldRows!.filter((r) => r.kind !== 'candidate').map((r) => toHeldTime(r as HeldTimeSqlRow)),
      heldFor: heldFor(heldRows!.filter((r) => r.kind === 'candidate')),
    };
  }
}

/** A row of bookingHeldTimeSql: a candidate it read (with the span), or what holds their time. */
type CandidateOrHeldRow = Omit<HeldTimeSqlRow, 'kind'> & { kind: HeldTimeSqlRow['kind'] | 'candidate' };

/** Whom and over which span the held time was read (see BookingContext.heldFor). */
function heldFor(candidates: CandidateOrHeldRow[]): BookingContext['heldFor'] {
  const first = candidates[0];
  return {
    staffIds: candidates.map((c) => c.id),
    from: first ? readInstant(first.start_at) : null,
    to: first ? readInstant(first.end_at) : null,
  };
}

type ContextRow = {
  service: Record<string, unknown> | null;
  fields: Record<string, unknown>[];
  staff: StaffSqlRow[];
  customer_exists: boolean;
  config_version: string;
};
