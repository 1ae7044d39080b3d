import { FRONT_DESK_ENTITY } from '../db/entities/front-desk.entities';
import type { StaffRow, StaffServiceRow, TimeOffRow } from '../db/entities/front-desk.entities';
import { readInstant } from '../db/sql-dialect';
import { FrontDeskRepository, readJson } from '../locations/front-desk-base.repository';
import type { IdPage } from '../locations/front-desk-base.repository';

/** A staff member with the ids of the services they perform (in the order given) and their location's rules. */
export interface StaffRecord extends Omit<StaffRow, 'tenantId'> {
  serviceIds: string[];
  /** Zone and opening hours of the staff member's location (read with the staff row). */
  location: { timeZone: string; openingHours: Record<string, [string, string][]> };
}

/** Staff of the scope's tenant, the services each performs and their time off. */
export class StaffRepository extends FrontDeskRepository {
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
      `SELECT ${STAFF_COLUMNS} FROM ${STAFF_JOIN} WHERE s.tenant_id = ? AND s.id IN (${ids.map(() => '?').join(', ')})`,
      [this.tenantId, ...ids],
    );
    return this.withServices(rows.map(toStaffRow));
  }

  /** Staff who perform `serviceId`, optionally only at one location, ordered by name then id. */
  async findQualified(serviceId: string, locationId?: string): Promise<StaffRecord[]> {
    const rows = await this.sql<StaffSqlRow>(
      `SELECT ${STAFF_COLUMNS} FROM ${STAFF_JOIN}
        WHERE s.tenant_id = ?
          AND s.id IN (SELECT ss.staff_id FROM staff_services ss WHERE ss.tenant_id = ? AND ss.service_id = ?)
          ${locationId !== undefined ? 'AND s.location_id = ?' : ''}
        ORDER BY s.name, s.id`,
      [this.tenantId, this.tenantId, serviceId, ...(locationId !== undefined ? [locationId] : [])],
    );
    return this.withServices(rows.map(toStaffRow));
  }

  async page(page: IdPage): Promise<StaffRecord[]> {
    const rows = await this.sql<StaffSqlRow>(
      `SELECT ${STAFF_COLUMNS} FROM ${STAFF_JOIN}
        WHERE s.tenant_id = ? ${page.afterId !== undefined ? 'AND s.id > ?' : ''}
        ORDER BY s.id LIMIT ${Math.trunc(page.limit) + 1}`,
      [this.tenantId, ...(page.afterId !== undefined ? [page.afterId] : [])],
    );
    return this.withServices(rows.map(toStaffRow));
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

  private async withServices(rows: Omit<StaffRecord, 'serviceIds'>[]): Promise<StaffRecord[]> {
    if (rows.length === 0) return [];
    const links = await this.sql<{ staff_id: string; service_id: string }>(
      `SELECT staff_id, service_id FROM staff_services
        WHERE tenant_id = ? AND staff_id IN (${rows.map(() => '?').join(', ')}) ORDER BY position`,
      [this.tenantId, ...rows.map((r) => r.id)],
    );
    const byStaff = new Map<string, string[]>();
    for (const link of links) {
      const list = byStaff.get(link.staff_id);
      if (list) list.push(link.service_id);
      else byStaff.set(link.staff_id, [link.service_id]);
    }
    return rows.map((row) => ({ ...row, serviceIds: byStaff.get(row.id) ?? [] }));
  }
}

const STAFF_COLUMNS =
  's.id, s.name, s.email, s.location_id, s.color, s.weekly_hours, s.created_at, l.time_zone, l.opening_hours';
const STAFF_JOIN = 'staff s JOIN locations l ON l.tenant_id = s.tenant_id AND l.id = s.location_id';
type StaffSqlRow = {
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

function toStaffRow(r: StaffSqlRow): Omit<StaffRecord, 'serviceIds'> {
  return {
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
