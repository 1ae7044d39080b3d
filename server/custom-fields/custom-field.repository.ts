import { FRONT_DESK_ENTITY } from '../db/entities/front-desk.entities';
import type { CustomFieldRow } from '../db/entities/front-desk.entities';
import { FrontDeskRepository, pageInIdOrder, readJson } from '../locations/front-desk-base.repository';
import type { IdPage } from '../locations/front-desk-base.repository';

/** Custom booking fields of the scope's tenant. */
export class CustomFieldRepository extends FrontDeskRepository {
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

  /** Every field's definition, by key (a booking is checked against all of them; raw SQL: booking path). */
  async definitions(): Promise<Pick<CustomFieldRow, 'key' | 'type' | 'required' | 'options'>[]> {
    const rows = await this.sql<{
      key: string;
      type: CustomFieldRow['type'];
      required: unknown;
      options: unknown;
    }>(`SELECT key, type, required, options FROM custom_fields WHERE tenant_id = ? ORDER BY key`, [
      this.tenantId,
    ]);
    return rows.map((r) => ({
      key: r.key,
      type: r.type,
      required: Boolean(r.required),
      options: readJson<string[]>(r.options),
    }));
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
