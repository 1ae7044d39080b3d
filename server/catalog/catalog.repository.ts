import { FRONT_DESK_ENTITY } from '../db/entities/front-desk.entities';
import type { ServiceRow } from '../db/entities/front-desk.entities';
import { readInstant } from '../db/sql-dialect';
import { SqlRepository, pageInIdOrder } from '../db/sql-repository';
import type { IdPage } from '../db/sql-repository';

/** A service as the booking path reads it. */
export type ServiceRecord = Omit<ServiceRow, 'tenantId'>;

/** The columns {@link toServiceRecord} reads, for raw SQL on `services`. */
export const SERVICE_COLUMNS = `id, name, duration_minutes, buffer_before_minutes, buffer_after_minutes, min_notice_minutes,
  max_advance_days, price_cents, created_at`;

/** A raw row (or JSON object) of {@link SERVICE_COLUMNS}. */
export function toServiceRecord(r: Record<string, unknown>): ServiceRecord {
  return {
    id: String(r.id),
    name: String(r.name),
    durationMinutes: Number(r.duration_minutes),
    bufferBeforeMinutes: Number(r.buffer_before_minutes),
    bufferAfterMinutes: Number(r.buffer_after_minutes),
    minNoticeMinutes: Number(r.min_notice_minutes),
    maxAdvanceDays: Number(r.max_advance_days),
    priceCents: r.price_cents === null ? null : Number(r.price_cents),
    createdAt: readInstant(r.created_at),
  };
}

/** The bookable services of the scope's tenant. */
export class CatalogRepository extends SqlRepository {
  private readonly services = this.table<ServiceRow>(FRONT_DESK_ENTITY.service);

  async create(row: Omit<ServiceRow, 'tenantId'>): Promise<void> {
    await this.services.insert(row);
  }

  /** One service (raw SQL: it is on the booking path). */
  async findById(id: string): Promise<ServiceRecord | null> {
    const [r] = await this.sql<Record<string, unknown>>(
      `SELECT ${SERVICE_COLUMNS} FROM services WHERE tenant_id = ? AND id = ?`,
      [this.tenantId, id],
    );
    return r ? toServiceRecord(r) : null;
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

  /** Staff performing a service: deleting it changes their `serviceIds` (ON DELETE CASCADE). */
  async staffPerforming(serviceId: string): Promise<string[]> {
    const rows = await this.sql<{ staff_id: string }>(
      `SELECT staff_id FROM staff_services WHERE tenant_id = ? AND service_id = ?`,
      [this.tenantId, serviceId],
    );
    return rows.map((r) => String(r.staff_id));
  }
}
