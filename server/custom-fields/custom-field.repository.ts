import { FRONT_DESK_ENTITY } from '../db/entities/front-desk.entities';
import type { CustomFieldRow } from '../db/entities/front-desk.entities';
import { SqlRepository, pageInIdOrder, readJson } from '../db/sql-repository';
import type { IdPage } from '../db/sql-repository';

/** What a booking's field values are checked against. */
export type FieldDefinition = Pick<CustomFieldRow, 'key' | 'type' | 'required' | 'options'>;

/** The columns {@link toFieldDefinition} reads, for raw SQL on `custom_fields`. */
export const DEFINITION_COLUMNS = 'key, type, required, options';

/** A raw row (or JSON object) of {@link DEFINITION_COLUMNS}. */
export function toFieldDefinition(r: Record<string, unknown>): FieldDefinition {
  return {
    key: String(r.key),
    type: r.type as CustomFieldRow['type'],
    required: Boolean(r.required),
    options: readJson<string[]>(r.options),
  };
}

/** Custom booking fields of the scope's tenant. */
export class CustomFieldRepository extends SqlRepository {
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
  async definitions(): Promise<FieldDefinition[]> {
    const rows = await this.sql<Record<string, unknown>>(
      `SELECT ${DEFINITION_COLUMNS} FROM custom_fields WHERE tenant_id = ? ORDER BY key`,
      [this.tenantId],
    );
    return rows.map(toFieldDefinition);
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
