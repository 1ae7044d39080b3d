import { FRONT_DESK_ENTITY } from '../db/entities/front-desk.entities';
import type { CustomFieldRow } from '../db/entities/front-desk.entities';
import { ScopedRepository } from '../db/scoped-repository';
import { pageInIdOrder } from '../locations/front-desk-base.repository';
import type { IdPage } from '../locations/front-desk-base.repository';

/** Custom booking fields of the scope's tenant. */
export class CustomFieldRepository extends ScopedRepository {
  private readonly fields = this.table<CustomFieldRow>(FRONT_DESK_ENTITY.customField);

  async create(row: Omit<CustomFieldRow, 'tenantId'>): Promise<void> {
    await this.fields.insert(row);
  }

  findById(id: string): Promise<CustomFieldRow | null> {
    return this.fields.findOne({ id });
  }

  findByKey(key: string): Promise<CustomFieldRow | null> {
    return this.fields.findOne({ key });
  }

  /** Every field (a booking is checked against all of them). */
  all(): Promise<CustomFieldRow[]> {
    return this.fields.find({}, { order: { key: 'ASC' } });
  }

  page(page: IdPage): Promise<CustomFieldRow[]> {
    return pageInIdOrder(this.fields.select('f'), 'f', page);
  }

  async update(
    id: string,
    patch: Partial<Pick<CustomFieldRow, 'label' | 'required' | 'options'>>,
  ): Promise<void> {
    if (Object.keys(patch).length > 0) await this.fields.update({ id }, patch);
  }

  async delete(id: string): Promise<boolean> {
    return (await this.fields.delete({ id })) > 0;
  }
}
