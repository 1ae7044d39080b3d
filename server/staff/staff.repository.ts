import { FRONT_DESK_ENTITY } from '../db/entities/front-desk.entities';
import type { StaffRow, StaffServiceRow, TimeOffRow } from '../db/entities/front-desk.entities';
import { FrontDeskRepository, pageInIdOrder } from '../locations/front-desk-base.repository';
import type { IdPage } from '../locations/front-desk-base.repository';

/** A staff member with the ids of the services they perform (in the order given). */
export interface StaffRecord extends Omit<StaffRow, 'tenantId'> {
  serviceIds: string[];
}

/** Staff of the scope's tenant, the services each performs and their time off. */
export class StaffRepository extends FrontDeskRepository {
  private readonly staff = this.table<StaffRow>(FRONT_DESK_ENTITY.staff);
  private readonly links = this.table<StaffServiceRow>(FRONT_DESK_ENTITY.staffService);
  private readonly timeOff = this.table<TimeOffRow>(FRONT_DESK_ENTITY.timeOff);

  async create(record: StaffRecord): Promise<void> {
    const { serviceIds, ...row } = record;
    await this.staff.insert(row);
    await this.replaceServices(row.id, serviceIds);
  }

  async findById(id: string): Promise<StaffRecord | null> {
    const row = await this.staff.findOne({ id });
    return row ? (await this.withServices([row]))[0]! : null;
  }

  /** Staff with these ids (absent ids are missing from the result). */
  async findByIds(ids: readonly string[]): Promise<StaffRecord[]> {
    if (ids.length === 0) return [];
    return this.withServices(await this.staff.select('s').andWhere('s.id IN (:...ids)', { ids }).getMany());
  }

  /** Staff who perform `serviceId`, optionally only at one location, ordered by name then id. */
  async findQualified(serviceId: string, locationId?: string): Promise<StaffRecord[]> {
    const qb = this.staff
      .select('s')
      .andWhere(
        `s.id IN (SELECT ss.staff_id FROM staff_services ss WHERE ss.tenant_id = :tenantId AND ss.service_id = :serviceId)`,
        { tenantId: this.tenantId, serviceId },
      );
    if (locationId !== undefined) qb.andWhere('s.locationId = :locationId', { locationId });
    return this.withServices(await qb.orderBy('s.name', 'ASC').addOrderBy('s.id', 'ASC').getMany());
  }

  async page(page: IdPage): Promise<StaffRecord[]> {
    return this.withServices(await pageInIdOrder(this.staff.select('s'), 's', page));
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

  /** Time off of these staff overlapping `[from, to)`. */
  async timeOffBetween(staffIds: readonly string[], from: Date, to: Date): Promise<TimeOffRow[]> {
    if (staffIds.length === 0) return [];
    return this.timeOff
      .select('t')
      .andWhere('t.staffId IN (:...staffIds)', { staffIds })
      .andWhere('t.startAt < :to AND t.endAt > :from', { from: this.at(from), to: this.at(to) })
      .getMany();
  }

  private async withServices(rows: StaffRow[]): Promise<StaffRecord[]> {
    if (rows.length === 0) return [];
    const links = await this.links
      .select('l')
      .andWhere('l.staffId IN (:...ids)', { ids: rows.map((r) => r.id) })
      .orderBy('l.position', 'ASC')
      .getMany();
    const byStaff = new Map<string, string[]>();
    for (const link of links) {
      const list = byStaff.get(link.staffId);
      if (list) list.push(link.serviceId);
      else byStaff.set(link.staffId, [link.serviceId]);
    }
    return rows.map(({ tenantId: _tenantId, ...row }) => ({ ...row, serviceIds: byStaff.get(row.id) ?? [] }));
  }
}
