import type { WalkInStatus } from '../../core/domain/schemas';
import { readInstant, readOptionalInstant } from '../db/sql-dialect';
import { SqlRepository } from '../db/sql-repository';

/** A stored walk-in with its customer's (current) name and its location's zone. */
export interface WalkInRecord {
  id: string;
  locationId: string;
  customerId: string | null;
  customerName: string;
  serviceId: string;
  staffId: string | null;
  partySize: number;
  notes: string | null;
  status: WalkInStatus;
  arrivedAt: Date;
  calledAt: Date | null;
  endedAt: Date | null;
  bookingId: string | null;
  timeZone: string;
}

/** Statuses of a party still in the queue. */
export const QUEUED_STATUSES: readonly WalkInStatus[] = ['waiting', 'called'];

type WalkInSqlRow = {
  id: string;
  location_id: string;
  customer_id: string | null;
  customer_name: string | null;
  service_id: string;
  staff_id: string | null;
  party_size: number | string;
  notes: string | null;
  status: WalkInStatus;
  arrived_at: unknown;
  called_at: unknown;
  ended_at: unknown;
  booking_id: string | null;
  time_zone: string;
};

const SELECT = `SELECT w.id, w.location_id, w.customer_id, c.name AS customer_name, w.service_id, w.staff_id, w.party_size,
    w.notes, w.status, w.arrived_at, w.called_at, w.ended_at, w.booking_id, l.time_zone
  FROM walk_ins w
  JOIN locations l ON l.tenant_id = w.tenant_id AND l.id = w.location_id
  LEFT JOIN customers c ON c.tenant_id = w.tenant_id AND c.id = w.customer_id`;

function toRecord(r: WalkInSqlRow): WalkInRecord {
  return {
    id: r.id,
    locationId: r.location_id,
    customerId: r.customer_id,
    customerName: r.customer_name ?? '',
    serviceId: r.service_id,
    staffId: r.staff_id,
    partySize: Number(r.party_size),
    notes: r.notes,
    status: r.status,
    arrivedAt: readInstant(r.arrived_at),
    calledAt: readOptionalInstant(r.called_at),
    endedAt: readOptionalInstant(r.ended_at),
    bookingId: r.booking_id,
    timeZone: r.time_zone,
  };
}

/** Walk-ins of the scope's tenant. The customer's name is read through the customer (so erasure covers it). */
export class WalkInRepository extends SqlRepository {
  async insert(w: Omit<WalkInRecord, 'customerName' | 'timeZone'>, at: Date): Promise<void> {
    await this.sql(
      // queue_seq keeps arrival order among parties arriving within the same clock tick.
      `INSERT INTO walk_ins (tenant_id, id, location_id, customer_id, service_id, staff_id, party_size, notes, status,
         queue_seq, arrived_at, called_at, ended_at, booking_id, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?,
         (SELECT COALESCE(MAX(q.queue_seq), 0) + 1 FROM walk_ins q WHERE q.tenant_id = ? AND q.location_id = ?),
         ?, ?, ?, ?, ?)`,
      [
        this.tenantId,
        w.id,
        w.locationId,
        w.customerId,
        w.serviceId,
        w.staffId,
        w.partySize,
        w.notes,
        w.status,
        this.tenantId,
        w.locationId,
        this.at(w.arrivedAt),
        w.calledAt ? this.at(w.calledAt) : null,
        w.endedAt ? this.at(w.endedAt) : null,
        w.bookingId,
        this.at(at),
      ],
    );
  }

  /** Writes the status columns of `w`. */
  async updateStatus(w: WalkInRecord, at: Date): Promise<void> {
    await this.sql(
      `UPDATE walk_ins SET status = ?, called_at = ?, ended_at = ?, booking_id = ?, staff_id = ?, updated_at = ?
        WHERE tenant_id = ? AND id = ?`,
      [
        w.status,
        w.calledAt ? this.at(w.calledAt) : null,
        w.endedAt ? this.at(w.endedAt) : null,
        w.bookingId,
        w.staffId,
        this.at(at),
        this.tenantId,
        w.id,
      ],
    );
  }

  async findById(id: string): Promise<WalkInRecord | null> {
    const [row] = await this.sql<WalkInSqlRow>(`${SELECT} WHERE w.tenant_id = ? AND w.id = ?`, [
      this.tenantId,
      id,
    ]);
    return row ? toRecord(row) : null;
  }

  /** Parties still queued at `locationId` that arrived since `since`, in queue (arrival) order. */
  async queue(locationId: string, since: Date): Promise<WalkInRecord[]> {
    const rows = await this.sql<WalkInSqlRow>(
      `${SELECT} WHERE w.tenant_id = ? AND w.location_id = ? AND w.arrived_at >= ?
          AND w.status IN (${QUEUED_STATUSES.map(() => '?').join(', ')})
        ORDER BY w.arrived_at, w.queue_seq, w.id`,
      [this.tenantId, locationId, this.at(since), ...QUEUED_STATUSES],
    );
    return rows.map(toRecord);
  }

  /** Parties still queued at `locationId` that arrived before `before` (a day that is over). */
  async queuedBefore(locationId: string, before: Date): Promise<WalkInRecord[]> {
    const rows = await this.sql<WalkInSqlRow>(
      `${SELECT} WHERE w.tenant_id = ? AND w.location_id = ? AND w.arrived_at < ?
          AND w.status IN (${QUEUED_STATUSES.map(() => '?').join(', ')})
        ORDER BY w.arrived_at, w.queue_seq, w.id`,
      [this.tenantId, locationId, this.at(before), ...QUEUED_STATUSES],
    );
    return rows.map(toRecord);
  }

  /** Walk-ins that arrived in `[from, to)` with an id after `afterId`, in id order (sync snapshot pages). */
  async pageSince(from: Date, to: Date, afterId: string | null, limit: number): Promise<WalkInRecord[]> {
    const rows = await this.sql<WalkInSqlRow>(
      `${SELECT} WHERE w.tenant_id = ? AND w.arrived_at >= ? AND w.arrived_at < ? ${afterId !== null ? 'AND w.id > ?' : ''}
        ORDER BY w.id LIMIT ${Math.trunc(limit)}`,
      [this.tenantId, this.at(from), this.at(to), ...(afterId !== null ? [afterId] : [])],
    );
    return rows.map(toRecord);
  }

  /** How many walk-ins {@link pageSince} goes through for `[from, to)` (a sync snapshot's total). */
  async countSince(from: Date, to: Date): Promise<number> {
    const [row] = await this.sql<{ n: unknown }>(
      `SELECT count(*) AS n FROM walk_ins w JOIN locations l ON l.tenant_id = w.tenant_id AND l.id = w.location_id
        WHERE w.tenant_id = ? AND w.arrived_at >= ? AND w.arrived_at < ?`,
      [this.tenantId, this.at(from), this.at(to)],
    );
    return Number(row?.n ?? 0);
  }

  /** Walk-ins with these ids (absent ids are missing). */
  async findByIds(ids: readonly string[]): Promise<WalkInRecord[]> {
    if (ids.length === 0) return [];
    const rows = await this.sql<WalkInSqlRow>(
      `${SELECT} WHERE w.tenant_id = ? AND w.id IN (${ids.map(() => '?').join(', ')}) ORDER BY w.id`,
      [this.tenantId, ...ids],
    );
    return rows.map(toRecord);
  }

  /** Every walk-in of a customer, oldest first (export). */
  async ofCustomer(customerId: string): Promise<WalkInRecord[]> {
    const rows = await this.sql<WalkInSqlRow>(
      `${SELECT} WHERE w.tenant_id = ? AND w.customer_id = ? ORDER BY w.arrived_at, w.id`,
      [this.tenantId, customerId],
    );
    return rows.map(toRecord);
  }

  /** Clears the free-text notes of a customer's walk-ins (erasure); returns their ids and whether any had notes. */
  async clearNotesOfCustomer(customerId: string): Promise<{ ids: string[]; hadNotes: boolean }> {
    const rows = await this.sql<{ id: string; notes: string | null }>(
      `SELECT id, notes FROM walk_ins WHERE tenant_id = ? AND customer_id = ? ORDER BY id`,
      [this.tenantId, customerId],
    );
    await this.sql(
      `UPDATE walk_ins SET notes = NULL WHERE tenant_id = ? AND customer_id = ? AND notes IS NOT NULL`,
      [this.tenantId, customerId],
    );
    return { ids: rows.map((r) => r.id), hadNotes: rows.some((r) => r.notes !== null) };
  }

  /** Ids of the tenant's locations, in id order. */
  async locationIds(): Promise<string[]> {
    const rows = await this.sql<{ id: string }>(`SELECT id FROM locations WHERE tenant_id = ? ORDER BY id`, [
      this.tenantId,
    ]);
    return rows.map((r) => r.id);
  }

  /** Ids of the staff working at `locationId`. */
  async staffIdsAt(locationId: string): Promise<string[]> {
    const rows = await this.sql<{ id: string }>(
      `SELECT id FROM staff WHERE tenant_id = ? AND location_id = ? ORDER BY name, id`,
      [this.tenantId, locationId],
    );
    return rows.map((r) => r.id);
  }
}
