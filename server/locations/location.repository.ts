import type { LocationRow } from '../db/entities/platform.entities';
import { ENTITY } from '../db/entities/platform.entities';
import { ScopedRepository } from '../db/scoped-repository';

/** Locations of the scope's tenant. */
export class LocationRepository extends ScopedRepository {
  private readonly locations = this.table<LocationRow>(ENTITY.location);

  async create(location: Omit<LocationRow, 'tenantId'>): Promise<void> {
    await this.locations.insert(location);
  }

  findById(id: string): Promise<LocationRow | null> {
    return this.locations.findOne({ id });
  }

  list(): Promise<LocationRow[]> {
    return this.locations.find({}, { order: { createdAt: 'ASC', id: 'ASC' } });
  }
}
