import { FRONT_DESK_ENTITY } from '../db/entities/front-desk.entities';
import type { StaffRow, StaffServiceRow, TimeOffRow } from '../db/entities/front-desk.entities';
import { readInstant } from '../db/sql-dialect';
import { SqlRepository, readJson } from '../db/sql-repository';
import type { IdPage } from '../db/sql-repository';

/** A staff member with the ids of the services they perform (in the order given) and their location's rules. */
export interface StaffRecord extends Omit<StaffRow, 'tenantId'> {
  serviceIds: string[];
  /** Zone and opening hours of the staff member's location (read with the staff row). */
  location: { timeZone: string; openingHours: Record<string, [string, string][]> };
}

/** Staff of the scope's tenant, the services each performs and their time off. */
export class StaffRepository extends SqlRepository {
  private readonly staff = this.table<StaffRow>(FRONT_DESK_ENTITY.staff);
  private readonly links = this.table<StaffServiceRow>(FRONT_DESK_ENTITY.staffService);
  private readonly timeOff = this.table<TimeOffRow>(FRONT_DESK_ENTITY.timeOff);

  async create(record: Omit<StaffRecord, 'location'>): Promise<void> {
    const { serviceIds, ...row } = record;
    await this.staff.insert(row);
    await this.replaceServices(row.id, serviceIds);
  }

  async findById(id: string): Promise<StaffRecord | null> {
    return (await this.findByIds([id]))[0] ?? null;
  }

  /** Staff with these ids (absent ids are missing from the result). Raw SQL: it is on the booking path. */
  async findByIds(ids: readonly string[]): Promise<StaffRecord[]> {
    if (ids.length === 0) return [];
    const rows = await this.sql<StaffSqlRow>(
      `SELECT ${this.staffColumns()} FROM ${STAFF_JOIN} WHERE s.tenant_id = ? AND s.id IN (${ids.map(() => '?').join(', ')})`,
      [this.tenantId, ...ids],
    );
    return rows.map(toStaffRecord);
  }

  /** Staff who perform `serviceId`, optionally only at one location, ordered by name then id. */
  async findQualified(serviceId: string, locationId?: string): Promise<StaffRecord[]> {
    const rows = await this.sql<StaffSqlRow>(
      `SELECT ${this.staffColumns()} FROM ${STAFF_JOIN}
        WHERE s.tenant_id = ?
          AND s.id IN (SELECT ss.staff_id FROM staff_services ss WHERE ss.tenant_id = ? AND ss.service_id = ?)
          ${locationId !== undefined ? 'AND s.location_id = ?' : ''}
        ORDER BY s.name, s.id`,
      [this.tenantId, this.tenantId, serviceId, ...(locationId !== undefined ? [locationId] : [])],
    );
    return rows.map(toStaffRecord);
  }

  async page(page: IdPage): Promise<StaffRecord[]> {
    const rows = await this.sql<StaffSqlRow>(
      `SELECT ${this.staffColumns()} FROM ${STAFF_JOIN}
        WHERE s.tenant_id = ? ${page.afterId !== undefined ? 'AND s.id > ?' : ''}
        ORDER BY s.id LIMIT ${Math.trunc(page.limit) + 1}`,
      [this.tenantId, ...(page.afterId !== undefined ? [page.afterId] : [])],
    );
    return rows.map(toStaffRecord);
  }

  /** How many staff {@link page} goes through (a sync snapshot's total). */
  async count(): Promise<number> {
    const [row] = await this.sql<{ n: unknown }>(
      `SELECT count(*) AS n FROM ${STAFF_JOIN} WHERE s.tenant_id = ?`,
      [this.tenantId],
    );
    return Number(row?.n ?? 0);
  }

  async update(id: string, patch: Partial<Omit<StaffRow, 'tenantId' | 'id' | 'createdAt'>>): Promise<void> {
    if (Object.keys(patch).length > 0) await this.staff.update({ id }, patch);
  }

  async replaceServices(staffId: string, serviceIds: readonly string[]): Promise<void> {
    await this.links.delete({ staffId });
    await this.links.insert(...serviceIds.map((serviceId, position) => ({ staffId, serviceId, position })));
  }

  async delete(id: string): Promise<boolean> {
    return (await this.staff.delete({ id })) > 0;
  }

  async addTimeOff(row: Omit<TimeOffRow, 'tenantId'>): Promise<void> {
    await this.timeOff.insert(row);
  }

  async findTimeOff(id: string): Promise<TimeOffRow | null> {
    return this.timeOff.findOne({ id });
  }

  /**
   * Time off and imported busy blocks of a staff member: deleting them removes these through ON DELETE
   * CASCADE, so the delete reads them first to record their tombstones in the change feed.
   */
  async cascadedBy(staffId: string): Promise<{ entity: 'timeOff' | 'externalBusy'; id: string }[]> {
    const rows = await this.sql<{ entity: 'timeOff' | 'externalBusy'; id: string }>(
      `SELECT 'timeOff' AS entity, id FROM staff_time_off WHERE tenant_id = ? AND staff_id = ?
       UNION ALL
       SELECT 'externalBusy', id FROM external_busy WHERE tenant_id = ? AND staff_id = ?`,
      [this.tenantId, staffId, this.tenantId, staffId],
    );
    return rows.map((r) => ({ entity: r.entity, id: String(r.id) }));
  }

  private staffColumns(): string {
    return staffColumnsSql(this.dialect);
  }
}

/** Staff and location columns, plus the service ids in position order as a JSON array (one round trip). */
export function staffColumnsSql(dialect: 'sqlite' | 'postgres'): string {
  const serviceIds =
    dialect === 'postgres'
      ? `(SELECT coalesce(json_agg(ss.service_id ORDER BY ss.position), '[]') FROM staff_services ss
           WHERE ss.tenant_id = s.tenant_id AND ss.staff_id = s.id)`
      : `(SELECT json_group_array(service_id) FROM (SELECT ss.service_id FROM staff_services ss
           WHERE ss.tenant_id = s.tenant_id AND ss.staff_id = s.id ORDER BY ss.position))`;
  return `${STAFF_COLUMNS}, ${serviceIds} AS service_ids`;
}

const STAFF_COLUMNS =
  's.id, s.name, s.email, s.location_id, s.color, s.weekly_hours, s.created_at, l.time_zone, l.opening_hours';
/** `staff s` joined to its location `l`, as {@link staffColumnsSql} reads them. */
export const STAFF_JOIN = 'staff s JOIN locations l ON l.tenant_id = s.tenant_id AND l.id = s.location_id';
/** A row of {@link staffColumnsSql} (or the same keys of a JSON object built from it). */
export type StaffSqlRow = {
  service_ids: unknown;
  time_zone: string;
  opening_hours: unknown;
  id: string;
  name: string;
  email: string | null;
  location_id: string;
  color: string;
  weekly_hours: unknown;
  created_at: unknown;
};

export function toStaffRecord(r: StaffSqlRow): StaffRecord {
  return {
    serviceIds: readJson<string[]>(r.service_ids) ?? [],
    location: {
      timeZone: r.time_zone,
      openingHours: readJson<StaffRow['weeklyHours']>(r.opening_hours) ?? {},
    },
    id: r.id,
    name: r.name,
    email: r.email,
    locationId: r.location_id,
    color: r.color,
    weeklyHours: readJson<StaffRow['weeklyHours']>(r.weekly_hours) ?? {},
    createdAt: readInstant(r.created_at),
  };
}
