/** Read access to the rows the desk shows (server rows with pending mutations on top). */
import type { DeskRows } from '../../core/domain/desk-mutations';
import type { Customer, ExternalBusy, Service, Staff } from '../../core/domain/schemas';
import type { CacheDatabase } from '../cache/cache.database';
import { preparedStatement } from '../cache/cache.database';
import type { ScheduleCache } from '../cache/schedule.cache';

/** What the desk's reads need of the schedule cache. */
export type ShownRowsCache = Pick<
  ScheduleCache,
  'getBooking' | 'getWalkIn' | 'bookingsOfStaff' | 'customers' | 'deskLocation' | 'timeOffOfStaff'
>;

/** The shown rows of `db`, for the mutation functions and the desk's reads. */
export function shownRows(db: CacheDatabase, cache: ShownRowsCache): DeskRows {
  // Prepared once per database: free times look up a service for each booking around a date.
  const one = <T>(sql: string, ...params: unknown[]) => {
    const row = preparedStatement(db, sql).get(...params) as { data: string } | undefined;
    return row ? (JSON.parse(row.data) as T) : null;
  };
  const many = <T>(sql: string, ...params: unknown[]) =>
    (preparedStatement(db, sql).all(...params) as { data: string }[]).map((r) => JSON.parse(r.data) as T);
  return {
    location: () => cache.deskLocation(),
    booking: (id) => cache.getBooking(id),
    walkIn: (id) => cache.getWalkIn(id),
    customer: (id) => shownCustomer(cache, id),
    service: (id) => one<Service>('SELECT data FROM services WHERE id = ?', id),
    staffMember: (id) => one<Staff>('SELECT data FROM staff WHERE id = ?', id),
    bookingsOf: (staffId, from, to) => cache.bookingsOfStaff(staffId, from, to),
    timeOffOf: (staffId, from, to) => cache.timeOffOfStaff(staffId, from, to),
    busyOf: (staffId, from, to) =>
      many<ExternalBusy>(
        'SELECT data FROM busy_blocks WHERE staff_id = ? AND start_ms < ? AND end_ms > ?',
        staffId,
        to,
        from,
      ),
  };
}

/** A cached customer without the cache's own `pending` mark. */
function shownCustomer(cache: Pick<ScheduleCache, 'customers'>, id: string): Customer | null {
  const cached = cache.customers.get(id);
  if (!cached) return null;
  const { pending: _pending, ...customer } = cached;
  return customer;
}
