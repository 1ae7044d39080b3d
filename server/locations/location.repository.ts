import type { LocationRow } from '../db/entities/platform.entities';
import { ENTITY } from '../db/entities/platform.entities';
import { FRONT_DESK_ENTITY } from '../db/entities/front-desk.entities';
import type { StaffRow } from '../db/entities/front-desk.entities';
import { SqlRepository, pageInIdOrder } from '../db/sql-repository';
import type { IdPage } from '../db/sql-repository';

/** Locations of the scope's tenant. */
export class LocationRepository extends SqlRepository {
  private readonly locations = this.table<LocationRow>(ENTITY.location);
  private readonly staff = this.table<StaffRow>(FRONT_DESK_ENTITY.staff);

  async create(location: Omit<LocationRow, 'tenantId'>): Promise<void> {
    await this.locations.insert(location);
  }

  findById(id: string): Promise<LocationRow | null> {
    return this.locations.findOne({ id });
  }

  list(): Promise<LocationRow[]> {
    return this.locations.find({}, { order: { createdAt: 'ASC', id: 'ASC' } });
  }

  page(page: IdPage): Promise<LocationRow[]> {
    return pageInIdOrder(this.locations.select('l'), 'l', page);
  }

  async update(
    id: string,
    patch: Partial<Omit<LocationRow, 'tenantId' | 'id' | 'createdAt'>>,
  ): Promise<boolean> {
    if (Object.keys(patch).length === 0) return (await this.findById(id)) !== null;
    return (await this.locations.update({ id }, patch)) > 0;
  }

  async hasStaff(id: string): Promise<boolean> {
    return (await this.staff.count({ locationId: id })) > 0;
  }

  async delete(id: string): Promise<boolean> {
    return (await this.locations.delete({ id })) > 0;
  }
}
