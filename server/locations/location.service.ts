import { randomUUID } from 'node:crypto';
import type { Location } from '../../core/domain/schemas';
import type { CreateLocationBody, PageQuery, UpdateLocationBody } from '../../core/domain/requests';
import type { LocationRow } from '../db/entities/platform.entities';
import type { TenantScope } from '../db/tenant-scope';
import { NotFoundError } from '../errors';
import { constraintViolation } from '../db/sql-repository';
import {
  alreadyExists,
  decodeIdCursor,
  InUseError,
  throwIfInvalid,
  timeZoneErrors,
  toPage,
  weeklyHoursErrors,
} from '../front-desk/front-desk.errors';
import { LocationRepository } from './location.repository';
import { ChangeFeed } from '../sync/change-feed';

export function toLocation(row: LocationRow): Location {
  return { id: row.id, name: row.name, timeZone: row.timeZone, openingHours: row.openingHours };
}

/** Locations: a zone and opening hours that every staff member there works within. */
export class LocationService {
  constructor(private readonly now: () => Date) {}

  list(scope: TenantScope, query: PageQuery): Promise<{ items: Location[]; nextCursor: string | null }> {
    const afterId = decodeIdCursor(query.cursor);
    return scope.transaction(async (tx) =>
      toPage(await tx.get(LocationRepository).page({ limit: query.limit, afterId }), query.limit, toLocation),
    );
  }

  get(scope: TenantScope, id: string): Promise<Location> {
    return scope.transaction(async (tx) => {
      const row = await tx.get(LocationRepository).findById(id);
      if (!row) throw new NotFoundError('location not found');
      return toLocation(row);
    });
  }

  async create(scope: TenantScope, body: CreateLocationBody): Promise<Location> {
    throwIfInvalid([
      ...timeZoneErrors(body.timeZone, 'body.timeZone'),
      ...weeklyHoursErrors(body.openingHours, 'body.openingHours'),
    ]);
    const row = {
      id: body.id ?? randomUUID(),
      name: body.name,
      timeZone: body.timeZone,
      openingHours: body.openingHours as LocationRow['openingHours'],
      createdAt: this.now(),
    };
    try {
      await scope.transaction(async (tx) => {
        const locations = tx.get(LocationRepository);
        if (await locations.findById(row.id)) throw alreadyExists();
        await locations.create(row);
        await ChangeFeed.recordPut(tx, 'location', row.id);
      });
    } catch (error) {
      throw constraintViolation(error) === 'unique' ? alreadyExists() : error;
    }
    return toLocation({ ...row, tenantId: scope.tenantId });
  }

  update(scope: TenantScope, id: string, body: UpdateLocationBody): Promise<Location> {
    throwIfInvalid([
      ...timeZoneErrors(body.timeZone, 'body.timeZone'),
      ...weeklyHoursErrors(body.openingHours, 'body.openingHours'),
    ]);
    return scope.transaction(async (tx) => {
      const locations = tx.get(LocationRepository);
      const patch = {
        ...(body.name !== undefined ? { name: body.name } : {}),
        ...(body.timeZone !== undefined ? { timeZone: body.timeZone } : {}),
        ...(body.openingHours !== undefined
          ? { openingHours: body.openingHours as LocationRow['openingHours'] }
          : {}),
      };
      if (!(await locations.update(id, patch))) throw new NotFoundError('location not found');
      await ChangeFeed.recordPut(tx, 'location', id);
      return toLocation((await locations.findById(id))!);
    });
  }

  remove(scope: TenantScope, id: string): Promise<void> {
    return scope.transaction(async (tx) => {
      const locations = tx.get(LocationRepository);
      if (!(await locations.findById(id))) throw new NotFoundError('location not found');
      if (await locations.hasStaff(id))
        throw new InUseError('the location still has staff; move or delete them first');
      await locations.delete(id);
      await ChangeFeed.recordDelete(tx, 'location', id);
    });
  }
}
