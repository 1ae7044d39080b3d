import { FRONT_DESK_ENTITY } from '../db/entities/front-desk.entities';
import type { ServiceRow } from '../db/entities/front-desk.entities';
import { ScopedRepository } from '../db/scoped-repository';
import { pageInIdOrder } from '../locations/front-desk-base.repository';
import type { IdPage } from '../locations/front-desk-base.repository';

/** The bookable services of the scope's tenant. */
export class CatalogRepository extends ScopedRepository {
  private readonly services = this.table<ServiceRow>(FRONT_DESK_ENTITY.service);

  async create(row: Omit<ServiceRow, 'tenantId'>): Promise<void> {
    await this.services.insert(row);
  }

  findById(id: string): Promise<ServiceRow | null> {
    return this.services.findOne({ id });
  }

  /** Services with these ids (absent ids are missing from the result). */
  async findByIds(ids: readonly string[]): Promise<ServiceRow[]> {
    if (ids.length === 0) return [];
    return this.services.select('s').andWhere('s.id IN (:...ids)', { ids }).getMany();
  }

  page(page: IdPage): Promise<ServiceRow[]> {
    return pageInIdOrder(this.services.select('s'), 's', page);
  }

  async update(id: string, patch: Partial<Omit<ServiceRow, 'tenantId' | 'id' | 'createdAt'>>): Promise<void> {
    if (Object.keys(patch).length > 0) await this.services.update({ id }, patch);
  }

  async delete(id: string): Promise<boolean> {
    return (await this.services.delete({ id })) > 0;
  }
}
