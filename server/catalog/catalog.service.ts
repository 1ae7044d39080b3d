import { randomUUID } from 'node:crypto';
import type { Service } from '../../core/domain/schemas';
import type { CreateServiceBody, PageQuery, UpdateServiceBody } from '../../core/domain/requests';
import type { ServiceRow } from '../db/entities/front-desk.entities';
import type { TenantScope } from '../db/tenant-scope';
import { NotFoundError } from '../errors';
import { constraintViolation } from '../db/sql-repository';
import { alreadyExists, decodeIdCursor, InUseError, toPage } from '../front-desk/front-desk.errors';
import { CatalogRepository } from './catalog.repository';
import { ChangeFeed } from '../sync/change-feed';

export function toService(row: Omit<ServiceRow, 'tenantId'>): Service {
  return {
    id: row.id,
    name: row.name,
    durationMinutes: row.durationMinutes,
    bufferBeforeMinutes: row.bufferBeforeMinutes,
    bufferAfterMinutes: row.bufferAfterMinutes,
    minNoticeMinutes: row.minNoticeMinutes,
    maxAdvanceDays: row.maxAdvanceDays,
    ...(row.priceCents !== null ? { priceCents: row.priceCents } : {}),
  };
}

/** The bookable services: duration, buffers, notice and advance limits, price. */
export class CatalogService {
  constructor(private readonly now: () => Date) {}

  list(scope: TenantScope, query: PageQuery): Promise<{ items: Service[]; nextCursor: string | null }> {
    const afterId = decodeIdCursor(query.cursor);
    return scope.transaction(async (tx) =>
      toPage(await tx.get(CatalogRepository).page({ limit: query.limit, afterId }), query.limit, toService),
    );
  }

  get(scope: TenantScope, id: string): Promise<Service> {
    return scope.transaction(async (tx) => {
      const row = await tx.get(CatalogRepository).findById(id);
      if (!row) throw new NotFoundError('service not found');
      return toService(row);
    });
  }

  async create(scope: TenantScope, body: CreateServiceBody): Promise<Service> {
    const row: Omit<ServiceRow, 'tenantId'> = {
      id: body.id ?? randomUUID(),
      name: body.name,
      durationMinutes: body.durationMinutes,
      bufferBeforeMinutes: body.bufferBeforeMinutes,
      bufferAfterMinutes: body.bufferAfterMinutes,
      minNoticeMinutes: body.minNoticeMinutes,
      maxAdvanceDays: body.maxAdvanceDays,
      priceCents: body.priceCents ?? null,
      createdAt: this.now(),
    };
    try {
      await scope.transaction(async (tx) => {
        const services = tx.get(CatalogRepository);
        if (await services.findById(row.id)) throw alreadyExists();
        await services.create(row);
        await ChangeFeed.recordPut(tx, 'service', row.id);
      });
    } catch (error) {
      throw constraintViolation(error) === 'unique' ? alreadyExists() : error;
    }
    return toService(row);
  }

  /** Changes apply to future bookings; existing bookings keep the span they were booked with. */
  update(scope: TenantScope, id: string, body: UpdateServiceBody): Promise<Service> {
    return scope.transaction(async (tx) => {
      const services = tx.get(CatalogRepository);
      if (!(await services.findById(id))) throw new NotFoundError('service not found');
      await services.update(id, body);
      await ChangeFeed.recordPut(tx, 'service', id);
      return toService((await services.findById(id))!);
    });
  }

  async remove(scope: TenantScope, id: string): Promise<void> {
    try {
      await scope.transaction(async (tx) => {
        // Deleting a service removes it from its staff's serviceIds (ON DELETE CASCADE): they change too.
        const performers = await tx.get(CatalogRepository).staffPerforming(id);
        if (!(await tx.get(CatalogRepository).delete(id))) throw new NotFoundError('service not found');
        await ChangeFeed.record(tx, [
          { entity: 'service', id, op: 'del' },
          ...performers.map((staffId) => ({ entity: 'staff' as const, id: staffId, op: 'put' as const })),
        ]);
      });
    } catch (error) {
      if (constraintViolation(error) === 'foreign-key') throw new InUseError('the service has bookings');
      throw error;
    }
  }
}
