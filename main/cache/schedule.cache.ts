/** Reads and writes the schedule's working set in the local cache. */
import { DateTime } from 'luxon';
import type {
  Booking,
  Customer,
  ExternalBusy,
  Location,
  Service,
  Staff,
  WalkIn,
  TimeOff,
} from '../../core/domain/schemas';
import type { DaySchedule, ScheduleBooking } from '../../core/ipc/schedule.ipc';
import { CustomerStore } from '../customers/customer.store';
import type { CacheCipher } from './cache.cipher';
import type { CacheDatabase } from './cache.database';
import { preparedStatement, upsertRows } from './cache.database';
import type { SplitRow } from './sealed-rows';
import { openBooking, openWalkIn, sealBooking, sealWalkIn } from './sealed-rows';
import { withEstimatedWaits } from './walk-in-waits';

/** One change of a `/v1/sync/pull` page (server/sync/README.md); `data` is the REST GET shape. */
export interface SyncChange {
  entity: string;
  op: 'put' | 'del';
  id: string;
  version: number;
  data?: unknown;
}

/** Where each pulled entity lives in the cache; entities not listed are not cached (custom fields). */
const TABLES = {
  location: ['locations', 'locations'],
  staff: ['staff', 'staff'],
  service: ['services', 'services'],
  customer: ['customers', 'customers'],
  booking: ['bookings', 'bookings'],
  walkIn: ['walk_ins', 'walkIns'],
  externalBusy: ['busy_blocks', 'busy'],
  timeOff: ['time_off', 'timeOff'],
} as const satisfies Record<string, readonly [string, keyof CacheSnapshot]>;

/** A set of rows to store, as the API's wire shapes (a snapshot page, or the demo business). */
export interface CacheSnapshot {
  locations?: Location[];
  staff?: Staff[];
  services?: Service[];
  customers?: Customer[];
  bookings?: Booking[];
  walkIns?: WalkIn[];
  busy?: ExternalBusy[];
  timeOff?: TimeOff[];
}

const WAITING: WalkIn['status'][] = ['waiting', 'called'];

/** A bookings or walk_ins row as read back: its id, plain `data` and `sealed` personal fields. */
type StoredRow = SplitRow & { id: string };

export class ScheduleCache {
  /** The customers table; the desk's optimistic customer rows go through its `putCustomers`. */
  readonly customers: CustomerStore;

  /**
   * @param cipher seals personal data (customer details, walk-in names, booking notes) on write and
   *   opens it on read; openDeskCache gives the one of the cache's key.
   * @param chosenLocationId the location the receptionist picked (the desk's settings), read on
   *   every call so a new choice applies at once; null or unknown: {@link deskLocation}'s default.
   */
  constructor(
    private readonly db: CacheDatabase,
    private readonly cipher: CacheCipher,
    private readonly now: () => Date = () => new Date(),
    private readonly chosenLocationId: () => string | null = () => null,
  ) {
    this.customers = new CustomerStore(db, cipher);
  }

  /**
   * Applies pulled changes in order (the last change of an id wins) in one transaction, together
   * with `alsoInTransaction` (the caller stores the pull's cursor there, so cursor and rows commit
   * together); `replaceAll` first empties the entity tables (a full snapshot). Rows are written with
   * batched multi-row upserts.
   */
  applyChanges(
    changes: readonly SyncChange[],
    options: { replaceAll?: boolean; alsoInTransaction?: () => void } = {},
  ): void {
    const last = new Map<string, SyncChange>();
    for (const change of changes) {
      if (!(change.entity in TABLES)) continue;
      const key = `${change.entity}:${change.id}`;
      last.delete(key); // re-insert so the map keeps the order of the last change
      last.set(key, change);
    }
    const puts: Required<CacheSnapshot> = {
      locations: [],
      staff: [],
      services: [],
      customers: [],
      bookings: [],
      walkIns: [],
      busy: [],
      timeOff: [],
    };
    const deletes = new Map<string, string[]>();
    for (const change of last.values()) {
      const [table, field] = TABLES[change.entity as keyof typeof TABLES];
      if (change.op === 'put' && change.data !== undefined) (puts[field] as unknown[]).push(change.data);
      else deletes.set(table, [...(deletes.get(table) ?? []), change.id]);
    }
    this.db.transaction(() => {
      // A full snapshot is the whole working set: rows it does not name are gone (or were local demo rows).
      if (options.replaceAll)
        for (const [table] of Object.values(TABLES))
          if (table === 'customers') this.customers.deleteAll();
          else this.db.prepare(`DELETE FROM ${table}`).run();
      for (const [table, ids] of deletes) {
        if (table === 'customers') {
          this.customers.deleteCustomers(ids);
          continue;
        }
        for (let i = 0; i < ids.length; i += 500) {
          const chunk = ids.slice(i, i + 500);
          this.db.prepare(`DELETE FROM ${table} WHERE id IN (${chunk.map(() => '?').join(', ')})`).run(chunk);
        }
      }
      this.putSnapshot(puts);
      options.alsoInTransaction?.();
    })();
  }

  /** Stores every row of `snapshot` in one transaction, replacing rows with the same id. */
  putSnapshot(snapshot: CacheSnapshot): void {
    const ms = (instant: string) => Date.parse(instant);
    const json = (row: unknown) => JSON.stringify(row);
    this.db.transaction(() => {
      const nextSort = (table: string) =>
        (this.db.prepare(`SELECT COALESCE(MAX(sort) + 1, 0) AS n FROM ${table}`).get() as { n: number }).n;
      const locSort = nextSort('locations');
      upsertRows(
        this.db,
        'locations',
        ['id', 'sort', 'data'],
        (snapshot.locations ?? []).map((l, i) => [l.id, locSort + i, json(l)]),
      );
      const staffSort = nextSort('staff');
      upsertRows(
        this.db,
        'staff',
        ['id', 'location_id', 'sort', 'data'],
        (snapshot.staff ?? []).map((s, i) => [s.id, s.locationId, staffSort + i, json(s)]),
      );
      upsertRows(
        this.db,
        'services',
        ['id', 'data'],
        (snapshot.services ?? []).map((s) => [s.id, json(s)]),
      );
      this.customers.putCustomers(snapshot.customers ?? []);
      upsertRows(
        this.db,
        'bookings',
        ['id', 'staff_id', 'customer_id', 'start_ms', 'end_ms', 'status', 'data', 'sealed'],
        (snapshot.bookings ?? []).map((b) => {
          const { data, sealed } = sealBooking(this.cipher, b);
          return [b.id, b.staffId, b.customerId, ms(b.start), ms(b.end), b.status, data, sealed];
        }),
      );
      upsertRows(
        this.db,
        'walk_ins',
        ['id', 'arrived_ms', 'status', 'position', 'data', 'sealed'],
        (snapshot.walkIns ?? []).map((w) => {
          const { data, sealed } = sealWalkIn(this.cipher, w);
          return [w.id, ms(w.arrivedAt), w.status, w.position, data, sealed];
        }),
      );
      upsertRows(
        this.db,
        'busy_blocks',
        ['id', 'staff_id', 'start_ms', 'end_ms', 'data'],
        (snapshot.busy ?? []).map((x) => [x.id, x.staffId, ms(x.start), ms(x.end), json(x)]),
      );
      upsertRows(
        this.db,
        'time_off',
        ['id', 'staff_id', 'start_ms', 'end_ms'],
        (snapshot.timeOff ?? []).map((t) => [t.id, t.staffId, ms(t.start), ms(t.end)]),
      );
    })();
  }

  /** Whether any booking or walk-in of `date` (in the location's zone) is cached. */
  hasDay(date: string): boolean {
    const day = this.dayBounds(date);
    if (!day) return false;
    const row = this.db
      .prepare('SELECT 1 FROM bookings WHERE start_ms < ? AND end_ms > ? LIMIT 1')
      .get(day.end, day.start);
    return row !== undefined;
  }

  /**
   * The schedule of `date` at the desk's location ({@link deskLocation}), in its zone: its staff, their
   * bookings and busy blocks, and the walk-ins queued there; null when nothing is cached yet.
   */
  getDay(date: string): DaySchedule | null {
    const location = this.deskLocation();
    const day = this.dayBounds(date, location);
    if (!location || !day) return null;
    const parse = <T>(rows: unknown[]) => (rows as { data: string }[]).map((r) => JSON.parse(r.data) as T);

    const staff = parse<Staff>(
      this.db.prepare('SELECT data FROM staff WHERE location_id = ? ORDER BY sort').all(location.id),
    );
    const services = parse<Service>(this.db.prepare('SELECT data FROM services').all());
    const dayBookings = (
      this.db
        .prepare(
          `SELECT id, data, sealed FROM bookings
           WHERE start_ms < ? AND end_ms > ? AND staff_id IN (SELECT id FROM staff WHERE location_id = ?)
           ORDER BY start_ms, id`,
        )
        .all(day.end, day.start, location.id) as StoredRow[]
    ).map((r) => openBooking(this.cipher, r.id, r));
    // Names are sealed, so the join happens here rather than in SQL.
    const names = this.customers.namesOf(
      dayBookings.flatMap((b) => (b.customerId === null ? [] : [b.customerId])),
    );
    const bookings: ScheduleBooking[] = dayBookings.map((b) => ({
      ...b,
      customerName: b.customerId === null ? null : (names.get(b.customerId) ?? null),
    }));
    const queue = (
      this.db
        .prepare(
          `SELECT id, data, sealed FROM walk_ins WHERE arrived_ms >= ? AND arrived_ms < ?
           AND status IN (${WAITING.map(() => '?').join(', ')})
           AND COALESCE(json_extract(data, '$.locationId'), ?) = ? ORDER BY position, arrived_ms`,
        )
        // A walk-in without a location (made before desks sent one) waits wherever the desk is.
        .all(day.start, day.end, ...WAITING, location.id, location.id) as StoredRow[]
    ).map((r) => openWalkIn(this.cipher, r.id, r));
    const busy = parse<ExternalBusy>(
      this.db
        .prepare(
          `SELECT data FROM busy_blocks WHERE start_ms < ? AND end_ms > ?
           AND staff_id IN (SELECT id FROM staff WHERE location_id = ?) ORDER BY start_ms`,
        )
        .all(day.end, day.start, location.id),
    );
    const timeOff = staff.flatMap((member) =>
      this.timeOffOfStaff(member.id, day.start, day.end).map((t) => ({ staffId: member.id, ...t })),
    );
    const walkIns = withEstimatedWaits(
      { date, location, staff, services, bookings, busy, timeOff },
      queue,
      this.now(),
    );
    const shown = new Set([...bookings.map((b) => b.id), ...walkIns.map((w) => w.id)]);
    const pending = (
      this.db
        .prepare(
          'SELECT id FROM bookings WHERE pending = 1 UNION ALL SELECT id FROM walk_ins WHERE pending = 1',
        )
        .all() as { id: string }[]
    )
      .map((r) => r.id)
      .filter((id) => shown.has(id));
    return { date, location, staff, services, bookings, walkIns, busy, pending, timeOff };
  }

  /** One cached booking with its notes and fields opened, or null. */
  getBooking(id: string): Booking | null {
    const row = preparedStatement(this.db, 'SELECT id, data, sealed FROM bookings WHERE id = ?').get(id) as
      StoredRow | undefined;
    return row ? openBooking(this.cipher, row.id, row) : null;
  }

  /** One cached walk-in with its name and notes opened, or null. */
  getWalkIn(id: string): WalkIn | null {
    const row = preparedStatement(this.db, 'SELECT id, data, sealed FROM walk_ins WHERE id = ?').get(id) as
      StoredRow | undefined;
    return row ? openWalkIn(this.cipher, row.id, row) : null;
  }

  /** A staff member's absences overlapping `[from, to)`, as epoch-ms intervals. */
  timeOffOfStaff(staffId: string, from: number, to: number): { start: number; end: number }[] {
    return preparedStatement(
      this.db,
      'SELECT start_ms AS start, end_ms AS "end" FROM time_off WHERE staff_id = ? AND start_ms < ? AND end_ms > ? ORDER BY start_ms',
    ).all(staffId, to, from) as { start: number; end: number }[];
  }

  /** A staff member's cached bookings overlapping `[from, to)` (epoch ms), notes opened. */
  bookingsOfStaff(staffId: string, from: number, to: number): Booking[] {
    const rows = preparedStatement(
      this.db,
      'SELECT id, data, sealed FROM bookings WHERE staff_id = ? AND start_ms < ? AND end_ms > ?',
    ).all(staffId, to, from) as StoredRow[];
    return rows.map((r) => openBooking(this.cipher, r.id, r));
  }

  /**
   * The locations a desk can work at, in the API's order: those with staff (a business's sign-up
   * location may stay empty when the owner adds a real one), or all of them while none has staff.
   */
  locations(): Location[] {
    const rows = preparedStatement(
      this.db,
      `SELECT data, EXISTS (SELECT 1 FROM staff s WHERE s.location_id = l.id) AS staffed
       FROM locations l ORDER BY sort`,
    ).all() as { data: string; staffed: number }[];
    const staffed = rows.filter((r) => r.staffed === 1);
    return (staffed.length > 0 ? staffed : rows).map((r) => JSON.parse(r.data) as Location);
  }

  /**
   * The location this desk works at: the one the receptionist chose, while the business still has it
   * among {@link locations}; else the first of them.
   */
  deskLocation(): Location | null {
    const locations = this.locations();
    const chosen = this.chosenLocationId();
    return locations.find((l) => l.id === chosen) ?? locations[0] ?? null;
  }

  /** Epoch-ms bounds of a calendar day in the location's zone (23 or 25 hours long on DST days). */
  private dayBounds(date: string, location = this.deskLocation()): { start: number; end: number } | null {
    if (!location) return null;
    const start = DateTime.fromISO(date, { zone: location.timeZone }).startOf('day');
    return { start: start.toMillis(), end: start.plus({ days: 1 }).toMillis() };
  }
}
