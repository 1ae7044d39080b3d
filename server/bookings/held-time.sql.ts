/**
 * The statement of BookingRepository.heldTime: active bookings (with the span each holds), time off
 * and imported busy blocks of some staff over a span, for each store.
 */
import { ACTIVE_BOOKING_STATUSES } from '../../core/domain/schemas';

const ACTIVE_SQL = ACTIVE_BOOKING_STATUSES.map((s) => `'${s}'`).join(', ');

/** Built statements by store, number of staff and range use. */
const heldTimeStatements = new Map<string, string>();

/**
 * The statement for `staffCount` staff. Parameters, in order: for bookings on PostgreSQL tenant,
 * the staff ids, to, from (and from, to when `ranged`); on SQLite per staff member tenant, id, to,
 * from, tenant, id, from, from; then for time off and for busy blocks each tenant, the staff ids, to, from.
 */
export function heldTimeSql(dialect: 'sqlite' | 'postgres', staffCount: number, ranged: boolean): string {
  const key = `${dialect}:${staffCount}:${ranged}`;
  let sql = heldTimeStatements.get(key);
  if (sql === undefined) {
    const inStaff = `IN (${Array.from({ length: staffCount }, () => '?').join(', ')})`;
    sql = `${heldBookingsSql(dialect, staffCount, inStaff, ranged)}
       UNION ALL
       SELECT 'time_off', t.id, t.staff_id, t.start_at, t.end_at, t.start_at, t.end_at, NULL FROM staff_time_off t
        WHERE t.tenant_id = ? AND t.staff_id ${inStaff} AND t.start_at < ? AND t.end_at > ?
       UNION ALL
       SELECT 'busy', x.id, x.staff_id, x.start_at, x.end_at, x.start_at, x.end_at, NULL FROM external_busy x
        WHERE x.tenant_id = ? AND x.staff_id ${inStaff} AND x.start_at < ? AND x.end_at > ?`;
    if (heldTimeStatements.size < 500) heldTimeStatements.set(key, sql);
  }
  return sql;
}

/**
 * The active bookings part of heldTime, written so that an index finds the few bookings near the
 * span instead of the staff member's whole history.
 */
function heldBookingsSql(
  dialect: 'sqlite' | 'postgres',
  staffCount: number,
  inStaff: string,
  ranged: boolean,
) {
  const columns = `'booking' AS kind, b.id, b.staff_id, b.start_at, b.end_at, b.busy_from, b.busy_to, b.status`;
  const overlap = `b.status IN (${ACTIVE_SQL}) AND b.busy_from < ? AND b.busy_to > ?`;
  if (dialect === 'postgres') {
    // The same overlap as a range, for the exclusion constraint's GiST index (partial on the active statuses).
    const range = ranged
      ? `AND tstzrange(b.busy_from, b.busy_to, '[)') && tstzrange(?::timestamptz, ?::timestamptz, '[)')`
      : '';
    return `SELECT ${columns} FROM bookings b WHERE b.tenant_id = ? AND b.staff_id ${inStaff} AND ${overlap} ${range}`;
  }
  // SQLite indexes (tenant_id, staff_id, busy_from). A staff member's active bookings never overlap
  // each other (that is what this check enforces), so of those starting at or before `from` only
  // the latest can reach into the span: the scan starts there (at `from` when there is none).
  const perStaff = `SELECT ${columns} FROM bookings b
     WHERE b.tenant_id = ? AND b.staff_id = ? AND ${overlap}
       AND b.busy_from >= coalesce((SELECT p.busy_from FROM bookings p
             WHERE p.tenant_id = ? AND p.staff_id = ? AND p.status IN (${ACTIVE_SQL}) AND p.busy_from <= ?
             ORDER BY p.busy_from DESC LIMIT 1), ?)`;
  return Array.from({ length: staffCount }, () => perStaff).join(' UNION ALL ');
}

/**
 * PostgreSQL: what holds the time of a new booking's candidates, computed from the booking itself
 * (BookingContextRepository pipelines it behind the statement that locks them, so it needs no answer
 * of that one): the staff member named, else every one performing the service, over the span
 * `start - buffer before` to `start + duration + buffer after` of the service. The same rows as
 * heldTimeSql for those staff and that span, after one `candidate` row per staff member it read
 * (start_at/end_at: the span), so the caller can check that they are the staff and span it locked
 * and checks (a concurrent edit of the service or its staff may commit between the two statements).
 * Parameters: start, start, tenant, service, tenant, (staff | service), then tenant three times.
 */
export function bookingHeldTimeSql(named: boolean): string {
  const candidates = named
    ? 'SELECT s.id FROM staff s WHERE s.tenant_id = ? AND s.id = ?'
    : 'SELECT ss.staff_id AS id FROM staff_services ss WHERE ss.tenant_id = ? AND ss.service_id = ?';
  // Bookings: one index scan per candidate (OFFSET 0 keeps the LATERAL subquery from being flattened
  // into a join), so the exclusion constraint's GiST index is searched by tenant and staff member
  // (GiST cannot search `= ANY(array)`); the span's bounds are scalar subqueries (InitPlans), usable
  // as index conditions. The same for time off and busy blocks, whose btree indexes can search an
  // array of staff.
  const staff = 'ARRAY(SELECT id FROM candidates)';
  const [from, to] = ['(SELECT f FROM span)', '(SELECT t FROM span)'];
  return `WITH span AS (
       SELECT ?::timestamptz - make_interval(mins => v.buffer_before_minutes) AS f,
              ?::timestamptz + make_interval(mins => v.duration_minutes + v.buffer_after_minutes) AS t
         FROM services v WHERE v.tenant_id = ? AND v.id = ?
     ), candidates AS (${candidates})
     SELECT 'candidate' AS kind, c.id, c.id AS staff_id, span.f AS start_at, span.t AS end_at,
            span.f AS busy_from, span.t AS busy_to, NULL AS status
       FROM candidates c, span
     UNION ALL
     SELECT 'booking' AS kind, b.* FROM candidates c CROSS JOIN LATERAL (
       SELECT b.id, b.staff_id, b.start_at, b.end_at, b.busy_from, b.busy_to, b.status
         FROM bookings b
        WHERE b.tenant_id = ? AND b.staff_id = c.id AND b.status IN (${ACTIVE_SQL})
          AND b.busy_from < ${to} AND b.busy_to > ${from}
          AND tstzrange(b.busy_from, b.busy_to, '[)') && (SELECT tstzrange(f, t, '[)') FROM span)
       OFFSET 0
     ) b
     UNION ALL
     SELECT 'time_off', t.id, t.staff_id, t.start_at, t.end_at, t.start_at, t.end_at, NULL
       FROM staff_time_off t
      WHERE t.tenant_id = ? AND t.staff_id = ANY(${staff}) AND t.start_at < ${to} AND t.end_at > ${from}
     UNION ALL
     SELECT 'busy', x.id, x.staff_id, x.start_at, x.end_at, x.start_at, x.end_at, NULL
       FROM external_busy x
      WHERE x.tenant_id = ? AND x.staff_id = ANY(${staff}) AND x.start_at < ${to} AND x.end_at > ${from}`;
}
