import type { BookingSource, BookingStatus } from '../../core/domain/schemas';
import { readInstant } from '../db/sql-dialect';
import { SqlRepository, readJson } from '../db/sql-repository';
import type { RawWrite } from '../db/sql-repository';
import { heldTimeSql, NOTHING_HELD_SQL, nothingHeldParameters } from './held-time.sql';

/** The columns a new booking is inserted with (insertStatement, guardedInsertStatement). */
const INSERT_COLUMNS = `tenant_id, id, location_id, service_id, staff_id, customer_id, start_at, end_at, busy_from,
  busy_to, status, source, fields, notes, created_at, updated_at`;

/**
 * Transaction-scoped advisory locks on staff, one key each (lockKeys). unnest yields the array in
 * order, so the locks are taken in that (sorted) order, in one statement.
 */
const LOCK_STAFF_SQL = `SELECT pg_advisory_xact_lock(hashtextextended(k, 0)) FROM unnest(?::text[]) AS k`;

/**
 * PostgreSQL: the tenant's configuration version (migration BookingConfigVersion; 0 before its first
 * change), as a scalar subquery with the tenant as its parameter. Read with a booking's context and
 * checked by a cached create's guard: the two must read it alike.
 */
export const CONFIG_VERSION_SQL = `(SELECT coalesce(max(version), 0) FROM tenant_config_versions WHERE tenant_id = ?)`;

/** A stored booking. `busyFrom`/`busyTo` is the span it holds: itself widened by its service's buffers. */
export interface BookingRecord {
  id: string;
  locationId: string;
  serviceId: string;
  staffId: string;
  customerId: string | null;
  start: Date;
  end: Date;
  busyFrom: Date;
  busyTo: Date;
  status: BookingStatus;
  source: BookingSource;
  fields: Record<string, string | number | boolean> | null;
  notes: string | null;
}

/** A booking with its location's zone, for showing instants. */
export interface BookingWithZone extends BookingRecord {
  timeZone: string;
}

/** One interval holding a staff member's time (see {@link BookingRepository.heldTime}). */
export interface HeldTime {
  kind: 'booking' | 'time_off' | 'busy';
  id: string;
  staffId: string;
  start: Date;
  end: Date;
  /** For bookings: the span held with buffers; otherwise start/end. */
  busyFrom: Date;
  busyTo: Date;
  status: BookingStatus | null;
}

/** A row of the held-time statements (./held-time.sql.ts). */
export type HeldTimeSqlRow = {
  kind: HeldTime['kind'];
  id: string;
  staff_id: string;
  start_at: unknown;
  end_at: unknown;
  busy_from: unknown;
  busy_to: unknown;
  status: BookingStatus | null;
};

export function toHeldTime(r: HeldTimeSqlRow): HeldTime {
  return {
    kind: r.kind,
    id: r.id,
    staffId: r.staff_id,
    start: readInstant(r.start_at),
    end: readInstant(r.end_at),
    busyFrom: readInstant(r.busy_from),
    busyTo: readInstant(r.busy_to),
    status: r.status,
  };
}

/** Filter of a booking listing: bookings starting in `[from, to)`. */
export interface BookingFilter {
  from: Date;
  to: Date;
  staffId?: string;
  status?: BookingStatus;
  afterId?: string;
  limit: number;
}

const COLUMNS = `b.id, b.location_id, b.service_id, b.staff_id, b.customer_id, b.start_at, b.end_at, b.busy_from,
  b.busy_to, b.status, b.source, b.fields, b.notes`;

type BookingSqlRow = {
  id: string;
  location_id: string;
  service_id: string;
  staff_id: string;
  customer_id: string | null;
  start_at: unknown;
  end_at: unknown;
  busy_from: unknown;
  busy_to: unknown;
  status: BookingStatus;
  source: BookingSource;
  fields: unknown;
  notes: string | null;
  time_zone?: string;
};

function toRecord(r: BookingSqlRow): BookingRecord {
  return {
    id: r.id,
    locationId: r.location_id,
    serviceId: r.service_id,
    staffId: r.staff_id,
    customerId: r.customer_id,
    start: readInstant(r.start_at),
    end: readInstant(r.end_at),
    busyFrom: readInstant(r.busy_from),
    busyTo: readInstant(r.busy_to),
    status: r.status,
    source: r.source,
    fields: readJson(r.fields),
    notes: r.notes,
  };
}

/**
 * Bookings of the scope's tenant. Double booking is refused by the database: on PostgreSQL by the
 * `bookings_no_overlap` exclusion constraint (a violating insert/update fails with SQLSTATE 23P01);
 * on SQLite by {@link beginWrite}, which makes a booking write transaction hold the database's one
 * write lock from its first statement, so the conflict check and the write cannot interleave with
 * another writer (in this process the connection's queue serialises transactions as well).
 * On PostgreSQL {@link lockStaff} also queues writers of one staff member behind each other: without
 * it, concurrent inserts of the same slot wait on each other's uncommitted rows inside the exclusion
 * constraint and PostgreSQL resolves the cycles as deadlocks, one second (deadlock_timeout) each.
 */
export class BookingRepository extends SqlRepository {
  /** Staff whose advisory lock this transaction holds (one repository instance per transaction). */
  readonly #locked = new Set<string>();

  /**
   * Must be the first statement of a transaction that checks conflicts and then writes. On SQLite a
   * write statement (even one matching no row) takes the RESERVED lock at once, which makes the
   * deferred `BEGIN` TypeORM issued behave as `BEGIN IMMEDIATE`. PostgreSQL needs nothing here.
   */
  async beginWrite(): Promise<void> {
    if (this.dialect === 'sqlite') await this.sql(`UPDATE bookings SET version = version WHERE 0`);
  }

  /**
   * PostgreSQL: transaction-scoped advisory locks on (tenant, staff member), taken in sorted order so
   * that two writers never wait on each other in a cycle. SQLite: nothing (beginWrite holds the lock).
   * Staff already locked in this transaction (here or by {@link lockedStaff}) are skipped.
   */
  async lockStaff(staffIds: readonly string[]): Promise<void> {
    if (this.dialect !== 'postgres') return;
    const ids = [...new Set(staffIds)].filter((id) => !this.#locked.has(id)).sort();
    if (ids.length === 0) return;
    await this.sql(LOCK_STAFF_SQL, [this.lockKeys(ids)]);
    this.lockedStaff(ids);
  }

  /**
   * PostgreSQL: {@link lockStaff} queued for the transaction's commit round trip
   * (ScopedRepository.rawAtCommit), ahead of what is queued after it, for a transaction whose other
   * statements are queued too. The staff are not marked as locked: nothing run before the commit
   * holds the lock (taking an advisory lock twice is harmless).
   */
  lockStaffAtCommit(staffIds: readonly string[]): void {
    this.sqlAtCommit(LOCK_STAFF_SQL, [this.lockKeys([...new Set(staffIds)].sort())]);
  }

  /** The advisory lock keys of these staff, in the order given. */
  private lockKeys(sortedStaffIds: readonly string[]): string[] {
    return sortedStaffIds.map((staffId) => `${BookingRepository.lockKeyPrefix(this.tenantId)}${staffId}`);
  }

  /** Records locks on these staff taken by another statement of this transaction (BookingContextRepository). */
  lockedStaff(staffIds: readonly string[]): void {
    for (const id of staffIds) this.#locked.add(id);
  }

  /** The advisory lock key of a staff member is this prefix followed by the staff id (lower-case UUID text). */
  static lockKeyPrefix(tenantId: string): string {
    return `booking:${tenantId}:`;
  }

  /** The INSERT of a new booking, to run on its own ({@link insert}) or with its change (ChangeFeed.recordPutWith). */
  insertStatement(b: BookingRecord, at: Date): RawWrite {
    return {
      sql: `INSERT INTO bookings (${INSERT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      parameters: [
        this.tenantId,
        b.id,
        b.locationId,
        b.serviceId,
        b.staffId,
        b.customerId,
        this.at(b.start),
        this.at(b.end),
        this.at(b.busyFrom),
        this.at(b.busyTo),
        b.status,
        b.source,
        this.json(b.fields),
        b.notes,
        this.at(at),
        this.at(at),
      ],
    };
  }

  /**
   * PostgreSQL: {@link insertStatement} guarded by what the booking was checked against, in memory,
   * by a create that read nothing (BookingService's cached create): it inserts only if the tenant's
   * configuration version is still `configVersion`, the customer named exists, and nothing holds the
   * staff member's time over the booking's span (heldTimeSql, the read a create checks, found empty).
   * Run after the staff member's lock, so the same holds at the commit.
   */
  guardedInsertStatement(b: BookingRecord, at: Date, configVersion: number): RawWrite {
    const insert = this.insertStatement(b, at);
    return {
      sql: `INSERT INTO bookings (${INSERT_COLUMNS})
            SELECT ?::uuid, ?::uuid, ?::uuid, ?::uuid, ?::uuid, ?::uuid, ?::timestamptz, ?::timestamptz, ?::timestamptz,
              ?::timestamptz, ?::text, ?::text, ?::jsonb, ?::text, ?::timestamptz, ?::timestamptz
             WHERE ${CONFIG_VERSION_SQL} = ?
               AND (?::uuid IS NULL OR EXISTS (SELECT 1 FROM customers WHERE tenant_id = ? AND id = ?))
               AND ${NOTHING_HELD_SQL}`,
      parameters: [
        ...insert.parameters,
        this.tenantId,
        configVersion,
        b.customerId,
        this.tenantId,
        b.customerId,
        ...nothingHeldParameters(this.tenantId, b.staffId, this.at(b.busyFrom), this.at(b.busyTo)),
      ],
    };
  }

  async insert(b: BookingRecord, at: Date): Promise<void> {
    const statement = this.insertStatement(b, at);
    await this.sql(statement.sql, statement.parameters);
  }

  /**
   * Writes every mutable column of `b` (time, staff, location, status, notes). `statusChangedAt`,
   * given when the status changes, is stored as `status_changed_at` (when the booking entered it).
   */
  async update(b: BookingRecord, at: Date, statusChangedAt?: Date): Promise<void> {
    await this.sql(
      `UPDATE bookings SET location_id = ?, staff_id = ?, start_at = ?, end_at = ?, busy_from = ?, busy_to = ?, status = ?,
         notes = ?, status_changed_at = COALESCE(?, status_changed_at), updated_at = ?
       WHERE tenant_id = ? AND id = ?`,
      [
        b.locationId,
        b.staffId,
        this.at(b.start),
        this.at(b.end),
        this.at(b.busyFrom),
        this.at(b.busyTo),
        b.status,
        b.notes,
        statusChangedAt ? this.at(statusChangedAt) : null,
        this.at(at),
        this.tenantId,
        b.id,
      ],
    );
  }

  async findById(id: string): Promise<BookingWithZone | null> {
    const [row] = await this.sql<BookingSqlRow>(
      `SELECT ${COLUMNS}, l.time_zone FROM bookings b
         JOIN locations l ON l.tenant_id = b.tenant_id AND l.id = b.location_id
        WHERE b.tenant_id = ? AND b.id = ?`,
      [this.tenantId, id],
    );
    return row ? { ...toRecord(row), timeZone: row.time_zone! } : null;
  }

  /**
   * Everything that holds these staff members' time in `[from, to)`, in one statement: active
   * bookings (with the span they hold), time off and imported busy blocks.
   */
  async heldTime(staffIds: readonly string[], from: Date, to: Date): Promise<HeldTime[]> {
    if (staffIds.length === 0) return [];
    const [fromAt, toAt] = [this.at(from), this.at(to)];
    const parameters =
      this.dialect === 'postgres'
        ? [this.tenantId, staffIds, fromAt, toAt]
        : [
            ...staffIds.flatMap((id) => [this.tenantId, id, toAt, fromAt, this.tenantId, id, fromAt, fromAt]),
            ...[this.tenantId, ...staffIds, toAt, fromAt],
            ...[this.tenantId, ...staffIds, toAt, fromAt],
          ];
    const rows = await this.sql<HeldTimeSqlRow>(heldTimeSql(this.dialect, staffIds.length), parameters);
    return rows.map(toHeldTime);
  }

  /** Bookings starting in `[from, to)`, in start order then id, one page (`limit + 1` rows). */
  async list(filter: BookingFilter): Promise<BookingWithZone[]> {
    const conditions = ['b.tenant_id = ?', 'b.start_at >= ?', 'b.start_at < ?'];
    const parameters: unknown[] = [this.tenantId, this.at(filter.from), this.at(filter.to)];
    if (filter.staffId !== undefined) {
      conditions.push('b.staff_id = ?');
      parameters.push(filter.staffId);
    }
    if (filter.status !== undefined) {
      conditions.push('b.status = ?');
      parameters.push(filter.status);
    }
    if (filter.afterId !== undefined) {
      // Keyset on (start_at, id): rows after the cursor's booking.
      conditions.push(
        `(b.start_at > (SELECT c.start_at FROM bookings c WHERE c.tenant_id = ? AND c.id = ?)
          OR (b.start_at = (SELECT c.start_at FROM bookings c WHERE c.tenant_id = ? AND c.id = ?) AND b.id > ?))`,
      );
      parameters.push(this.tenantId, filter.afterId, this.tenantId, filter.afterId, filter.afterId);
    }
    const rows = await this.sql<BookingSqlRow>(
      `SELECT ${COLUMNS}, l.time_zone FROM bookings b
         JOIN locations l ON l.tenant_id = b.tenant_id AND l.id = b.location_id
        WHERE ${conditions.join(' AND ')}
        ORDER BY b.start_at, b.id
        LIMIT ${Math.trunc(filter.limit) + 1}`,
      parameters,
    );
    return rows.map((r) => ({ ...toRecord(r), timeZone: r.time_zone! }));
  }

  /** The e-mail of a user of this tenant (to match a staff-role user to their staff record). */
  async userEmail(userId: string): Promise<string | null> {
    const [row] = await this.sql<{ email: string }>(
      `SELECT email FROM users WHERE tenant_id = ? AND id = ?`,
      [this.tenantId, userId],
    );
    return row?.email ?? null;
  }
}
