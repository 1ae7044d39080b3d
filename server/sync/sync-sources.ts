/**
 * Where a pull gets each entity's data: one {@link SyncSource} per entity, in snapshot order. The
 * built-in sources read with SyncReadRepository and map rows with the same functions the REST GETs
 * use; features outside the front desk (walk-ins) register theirs with {@link SyncSources.register}.
 */
import type { TenantTransaction } from '../db/tenant-scope';
import { toBookingView } from '../bookings/booking.view';
import { toService } from '../catalog/catalog.service';
import { toCustomField } from '../custom-fields/custom-field.service';
import { toCustomer } from '../customers/customer.service';
import { readInstant } from '../db/sql-dialect';
import { toExternalBusy } from '../external-busy/external-busy.service';
import { readJson } from '../db/sql-repository';
import { toLocation } from '../locations/location.service';
import { StaffRepository } from '../staff/staff.repository';
import { toStaff, toTimeOffView } from '../staff/staff.service';
import { SYNC_ENTITIES } from './sync-entities';
import type { SyncEntity } from './sync-entities';
import { SyncReadRepository } from './sync-read.repository';
import type { SqlEntity, SqlRow, SyncWindow } from './sync-read.repository';

export type { SyncWindow } from './sync-read.repository';

/** An entity's data for a pull: `id` and its REST wire shape. */
export interface SyncItem {
  id: string;
  data: unknown;
}

/** How a pull reads one entity. */
export interface SyncSource {
  entity: SyncEntity;
  /**
   * Snapshot page: up to `limit` items of the working set with an id greater than `afterId`
   * (null: from the start), in ascending id order (the cursor continues after the last id).
   * `window.now` is the snapshot's start, for entities whose working set is "today".
   */
  page(
    tx: TenantTransaction,
    window: SyncWindow & { now: Date },
    afterId: string | null,
    limit: number,
  ): Promise<SyncItem[]>;
  /** Current data of these ids; an id that no longer exists is absent. */
  load(tx: TenantTransaction, ids: readonly string[]): Promise<SyncItem[]>;
}

/** The registry of sources, in snapshot order (settings before the rows that refer to them). */
export class SyncSources {
  readonly #sources = new Map<SyncEntity, SyncSource>();

  constructor() {
    for (const source of BUILT_IN) this.register(source);
  }

  /** Adds the source of `source.entity`; a second source of one entity is a wiring mistake and throws. */
  register(source: SyncSource): void {
    if (this.#sources.has(source.entity))
      throw new Error(`sync source '${source.entity}' is registered twice`);
    this.#sources.set(source.entity, source);
  }

  /** Registered sources in snapshot order. */
  ordered(): SyncSource[] {
    return SYNC_ENTITIES.flatMap((entity) => {
      const source = this.#sources.get(entity);
      return source ? [source] : [];
    });
  }

  get(entity: SyncEntity): SyncSource | undefined {
    return this.#sources.get(entity);
  }
}

function sqlSource(entity: SqlEntity, toData: (row: SqlRow) => unknown, windowed: boolean): SyncSource {
  const items = (rows: SqlRow[]) => rows.map((row) => ({ id: String(row.id), data: toData(row) }));
  return {
    entity,
    page: async (tx, window, afterId, limit) =>
      items(await tx.get(SyncReadRepository).rows(entity, { afterId, limit }, windowed ? window : undefined)),
    load: async (tx, ids) => items(await tx.get(SyncReadRepository).rows(entity, { ids })),
  };
}

const str = (v: unknown): string => String(v);
const optStr = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const optNum = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

const staffSource: SyncSource = {
  entity: 'staff',
  page: async (tx, _window, afterId, limit) => {
    const rows = await tx.get(StaffRepository).page({ limit, ...(afterId ? { afterId } : {}) });
    // The repository reads one extra row to tell whether a page follows; the cursor does that here.
    return rows.slice(0, limit).map((r) => ({ id: r.id, data: toStaff(r) }));
  },
  load: async (tx, ids) =>
    (await tx.get(StaffRepository).findByIds(ids)).map((r) => ({ id: r.id, data: toStaff(r) })),
};

const BUILT_IN: SyncSource[] = [
  sqlSource(
    'location',
    (r) =>
      toLocation({
        tenantId: '',
        id: str(r.id),
        name: str(r.name),
        timeZone: str(r.time_zone),
        openingHours: readJson(r.opening_hours) ?? {},
        createdAt: new Date(0),
      }),
    false,
  ),
  staffSource,
  sqlSource(
    'timeOff',
    (r) =>
      toTimeOffView(
        {
          id: str(r.id),
          staffId: str(r.staff_id),
          startAt: readInstant(r.start_at),
          endAt: readInstant(r.end_at),
          reason: optStr(r.reason),
        },
        str(r.time_zone),
      ),
    true,
  ),
  sqlSource(
    'service',
    (r) =>
      toService({
        id: str(r.id),
        name: str(r.name),
        durationMinutes: Number(r.duration_minutes),
        bufferBeforeMinutes: Number(r.buffer_before_minutes),
        bufferAfterMinutes: Number(r.buffer_after_minutes),
        minNoticeMinutes: Number(r.min_notice_minutes),
        maxAdvanceDays: Number(r.max_advance_days),
        priceCents: optNum(r.price_cents),
        createdAt: new Date(0),
      }),
    false,
  ),
  sqlSource(
    'customField',
    (r) =>
      toCustomField({
        id: str(r.id),
        key: str(r.key),
        label: str(r.label),
        type: r.type as 'text',
        required: Boolean(r.required),
        options: readJson<string[]>(r.options),
        createdAt: new Date(0),
      }),
    false,
  ),
  sqlSource(
    'customer',
    (r) =>
      toCustomer({
        id: str(r.id),
        name: str(r.name),
        phone: optStr(r.phone),
        email: optStr(r.email),
        notes: optStr(r.notes),
        createdAt: new Date(0),
      }),
    false,
  ),
  sqlSource(
    'booking',
    (r) => {
      const start = readInstant(r.start_at);
      const end = readInstant(r.end_at);
      return toBookingView(
        {
          id: str(r.id),
          locationId: '',
          serviceId: str(r.service_id),
          staffId: str(r.staff_id),
          customerId: optStr(r.customer_id),
          start,
          end,
          busyFrom: start,
          busyTo: end,
          status: r.status as 'booked',
          source: r.source as 'desk',
          fields: readJson(r.fields),
          notes: optStr(r.notes),
        },
        str(r.time_zone),
      );
    },
    true,
  ),
  sqlSource(
    'externalBusy',
    (r) =>
      toExternalBusy({
        id: str(r.id),
        staffId: str(r.staff_id),
        source: r.source as 'google',
        subject: str(r.subject),
        start: readInstant(r.start_at),
        end: readInstant(r.end_at),
        durationMinutes: Number(r.duration_minutes),
        timeZone: str(r.time_zone),
      }),
    true,
  ),
];
