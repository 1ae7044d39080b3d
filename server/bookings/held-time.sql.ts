/**
 * The statements that read what holds staff members' time over a span: active bookings (with the
 * span each holds), time off and imported busy blocks. heldTimeSql serves BookingRepository.heldTime
 * on both stores; bookingHeldTimeSql the first round trip of a booking create on PostgreSQL.
 */
import { ACTIVE_BOOKING_STATUSES, BOOKING_STATUSES } from '../../core/domain/schemas';

/** The statuses that hold no time (all but ACTIVE_BOOKING_STATUSES; see heldBookingsSql). */
const INACTIVE_SQL = BOOKING_STATUSES.filter((s) => !ACTIVE_BOOKING_STATUSES.includes(s))
  .map((s) => `'${s}'`)
  .join(', ');

/** SQLite's statements by number of staff (PostgreSQL's does not depend on it). */
const sqliteStatements = new Map<number, string>();

/**
 * The statement for `staffCount` staff. Parameters, in order:
 * - SQLite: per staff member tenant, id, to, from, tenant, id, from, from; then for time off and for
 *   busy blocks each tenant, the staff ids, to, from;
 * - PostgreSQL: tenant, the staff ids as one array, from, to.
 */
export function heldTimeSql(dialect: 'sqlite' | 'postgres', staffCount: number): string {
  if (dialect === 'postgres') return POSTGRES_HELD_TIME_SQL;
  let sql = sqliteStatements.get(staffCount);
  if (sql === undefined) {
    const inStaff = `IN (${Array.from({ length: staffCount }, () => '?').join(', ')})`;
    const bookings = heldBookingsSql({ tenant: '?', staff: '?', from: '?', to: '?' });
    sql = `${Array.from({ length: staffCount }, () => bookings).join(' UNION ALL ')}
       UNION ALL
       SELECT 'time_off', t.id, t.staff_id, t.start_at, t.end_at, t.start_at, t.end_at, NULL FROM staff_time_off t
        WHERE t.tenant_id = ? AND t.staff_id ${inStaff} AND t.start_at < ? AND t.end_at > ?
       UNION ALL
       SELECT 'busy', x.id, x.staff_id, x.start_at, x.end_at, x.start_at, x.end_at, NULL FROM external_busy x
        WHERE x.tenant_id = ? AND x.staff_id ${inStaff} AND x.start_at < ? AND x.end_at > ?`;
    if (sqliteStatements.size < 500) sqliteStatements.set(staffCount, sql);
  }
  return sql;
}

/**
 * True when nothing holds one staff member's time over a span: heldTimeSql's conditions for one staff
 * member, as a condition (for BookingRepository.guardedInsertStatement). Its parameters:
 * nothingHeldParameters.
 */
export const NOTHING_HELD_SQL = `NOT EXISTS (${heldBookingsSql({ tenant: '?', staff: '?', from: '?', to: '?' })})
  AND NOT EXISTS (SELECT 1 FROM staff_time_off t
                   WHERE t.tenant_id = ? AND t.staff_id = ? AND t.start_at < ? AND t.end_at > ?)
  AND NOT EXISTS (SELECT 1 FROM external_busy x
                   WHERE x.tenant_id = ? AND x.staff_id = ? AND x.start_at < ? AND x.end_at > ?)`;

/** The parameters of NOTHING_HELD_SQL for one staff member over `[from, to)`. */
export function nothingHeldParameters<T>(tenantId: string, staffId: string, from: T, to: T): unknown[] {
  return [
    ...[tenantId, staffId, to, from, tenantId, staffId, from, from],
    ...[tenantId, staffId, to, from],
    ...[tenantId, staffId, to, from],
  ];
}

/**
 * One staff member's active bookings holding time in a span, found by the index on (tenant_id,
 * staff_id, busy_from) of active bookings. A staff member's active bookings never overlap each other
 * (that is what the conflict check and the exclusion constraint enforce), so of those starting at or
 * before the span only the latest can reach into it: the scan starts there (at the span's start
 * when there is none) and ends at the span's end, whatever the staff member's history.
 *
 * The arguments are SQL expressions; as `?` they bind, in order: tenant, staff, to, from, tenant,
 * staff, from, from. On PostgreSQL three things keep the read on that index:
 * - Under row-level security only leakproof operators reach an index, and the range overlap `&&`
 *   of the exclusion constraint's GiST index is not one (see the migration BookingStaffSpanIndex):
 *   only timestamp and uuid comparisons here.
 * - The lower bound is a scalar subquery: a parameter of the scan, usable in the index.
 * - Active is written as "none of the inactive statuses", the predicate of that partial index. The
 *   GiST index is partial on the active statuses listed, which this does not imply, so the planner
 *   cannot take it: searched by tenant and staff member alone it returns the staff member's whole
 *   history, and without statistics (a new table) the planner's estimates found the two equal.
 */
function heldBookingsSql(e: { tenant: string; staff: string; from: string; to: string }): string {
  const active = `status NOT IN (${INACTIVE_SQL})`;
  return `SELECT 'booking' AS kind, b.id, b.staff_id, b.start_at, b.end_at, b.busy_from, b.busy_to, b.status
      FROM bookings b
     WHERE b.tenant_id = ${e.tenant} AND b.staff_id = ${e.staff} AND b.${active} AND b.busy_from < ${e.to}
       AND b.busy_to > ${e.from}
       AND b.busy_from >= (SELECT coalesce((SELECT p.busy_from FROM bookings p
             WHERE p.tenant_id = ${e.tenant} AND p.staff_id = ${e.staff} AND p.${active} AND p.busy_from <= ${e.from}
             ORDER BY p.busy_from DESC LIMIT 1), ${e.from}))`;
}

/**
 * PostgreSQL: what holds the time of the staff members `c` (a FROM item with their `id`, and the
 * same as an array) over the span of the relation `q` of `withClause` (its `tenant`, `f` and `t`),
 * as one UNION ALL after `prefix`. Bookings: one
 * index search per staff member (LATERAL ... OFFSET 0 keeps it from being flattened into a join).
 * Time off and busy blocks: their btree indexes search the array of staff.
 */
function postgresHeldTimeSql(
  withClause: string,
  prefix: string,
  candidates: { from: string; ids: string },
): string {
  const [tenant, from, to] = ['(SELECT tenant FROM q)', '(SELECT f FROM q)', '(SELECT t FROM q)'];
  return `WITH ${withClause}
     ${prefix}
     SELECT b.* FROM ${candidates.from} CROSS JOIN LATERAL (
       ${heldBookingsSql({ tenant, staff: 'c.id', from, to })}
       OFFSET 0
     ) b
     UNION ALL
     SELECT 'time_off', t.id, t.staff_id, t.start_at, t.end_at, t.start_at, t.end_at, NULL
       FROM staff_time_off t
      WHERE t.tenant_id = ${tenant} AND t.staff_id = ANY(${candidates.ids}) AND t.start_at < ${to} AND t.end_at > ${from}
     UNION ALL
     SELECT 'busy', x.id, x.staff_id, x.start_at, x.end_at, x.start_at, x.end_at, NULL
       FROM external_busy x
      WHERE x.tenant_id = ${tenant} AND x.staff_id = ANY(${candidates.ids}) AND x.start_at < ${to} AND x.end_at > ${from}`;
}

const POSTGRES_HELD_TIME_SQL = postgresHeldTimeSql(
  'q AS (SELECT ?::uuid AS tenant, ?::uuid[] AS staff, ?::timestamptz AS f, ?::timestamptz AS t)',
  '',
  { from: 'unnest((SELECT staff FROM q)) AS c(id)', ids: '(SELECT staff FROM q)::uuid[]' },
);

/**
 * PostgreSQL: what holds the time of a new booking's candidates, computed from the booking itself
 * (BookingContextRepository pipelines it behind the statement that locks them, so it needs no answer
 * of that one): the staff member named, else every one performing the service, over the span
 * `start - buffer before` to `start + duration + buffer after` of the service. The same rows as
 * heldTimeSql for those staff and that span, after one `candidate` row per staff member it read
 * (start_at/end_at: the span), so the caller can check that they are the staff and span it locked
 * and checks (a concurrent edit of the service or its staff may commit between the two statements).
 * Parameters: start, start, tenant, service, tenant, (staff | service).
 */
export function bookingHeldTimeSql(named: boolean): string {
  return named ? NAMED_STAFF_SQL : ANY_STAFF_SQL;
}

function bookingHeldTimeStatement(named: boolean): string {
  const candidates = named
    ? 'SELECT s.id FROM staff s WHERE s.tenant_id = ? AND s.id = ?'
    : 'SELECT ss.staff_id AS id FROM staff_services ss WHERE ss.tenant_id = ? AND ss.service_id = ?';
  return postgresHeldTimeSql(
    `q AS (
       SELECT v.tenant_id AS tenant,
              ?::timestamptz - make_interval(mins => v.buffer_before_minutes) AS f,
              ?::timestamptz + make_interval(mins => v.duration_minutes + v.buffer_after_minutes) AS t
         FROM services v WHERE v.tenant_id = ? AND v.id = ?
     ), candidates AS (${candidates})`,
    `SELECT 'candidate' AS kind, c.id, c.id AS staff_id, q.f AS start_at, q.t AS end_at,
            q.f AS busy_from, q.t AS busy_to, NULL AS status
       FROM candidates c, q
     UNION ALL`,
    { from: 'candidates c', ids: 'ARRAY(SELECT id FROM candidates)' },
  );
}

const NAMED_STAFF_SQL = bookingHeldTimeStatement(true);
const ANY_STAFF_SQL = bookingHeldTimeStatement(false);
