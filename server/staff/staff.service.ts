import { randomUUID } from 'node:crypto';
import type { Staff, TimeOff, WeeklyHours } from '../../core/domain/schemas';
import type {
  CreateStaffBody,
  CreateTimeOffBody,
  PageQuery,
  UpdateStaffBody,
} from '../../core/domain/requests';
import { BookingRepository } from '../bookings/booking.repository';
import { CatalogRepository } from '../catalog/catalog.repository';
import type { TenantScope, TenantTransaction } from '../db/tenant-scope';
import { NotFoundError } from '../errors';
import type { FieldError } from '../errors';
import { constraintViolation } from '../db/sql-repository';
import {
  alreadyExists,
  decodeIdCursor,
  InUseError,
  throwIfInvalid,
  toPage,
  weeklyHoursErrors,
} from '../front-desk/front-desk.errors';
import { LocationRepository } from '../locations/location.repository';
import { formatInZone } from '../../core/domain/zoned-instant';
import { StaffRepository } from './staff.repository';
import type { StaffRecord } from './staff.repository';
import { ChangeFeed } from '../sync/change-feed';

export function toStaff(record: Omit<StaffRecord, 'location'>): Staff {
  return {
    id: record.id,
    name: record.name,
    ...(record.email !== null ? { email: record.email } : {}),
    locationId: record.locationId,
    color: record.color,
    serviceIds: record.serviceIds,
    weeklyHours: record.weeklyHours as WeeklyHours,
  };
}

/** Staff: where they work, when, which services they perform, and their time off. */
export class StaffService {
  constructor(
    private readonly now: () => Date,
    /**
     * `beforeRemoval(scope, staffId)`: called before a staff member is deleted; the function it returns
     * runs once the delete has committed (platform.ts: revokes their calendar connections).
     */
    private readonly hooks: {
      beforeRemoval?: (scope: TenantScope, staffId: string) => Promise<() => Promise<void>>;
    } = {},
  ) {}

  list(scope: TenantScope, query: PageQuery): Promise<{ items: Staff[]; nextCursor: string | null }> {
    const afterId = decodeIdCursor(query.cursor);
    return scope.transaction(async (tx) =>
      toPage(await tx.get(StaffRepository).page({ limit: query.limit, afterId }), query.limit, toStaff),
    );
  }

  get(scope: TenantScope, id: string): Promise<Staff> {
    return scope.transaction(async (tx) => toStaff(await this.require(tx, id)));
  }

  async create(scope: TenantScope, body: CreateStaffBody): Promise<Staff> {
    throwIfInvalid(weeklyHoursErrors(body.weeklyHours, 'body.weeklyHours'));
    const record: Omit<StaffRecord, 'location'> = {
      id: body.id ?? randomUUID(),
      name: body.name,
      email: body.email ?? null,
      locationId: body.locationId,
      color: body.color,
      serviceIds: [...new Set(body.serviceIds)],
      weeklyHours: body.weeklyHours as StaffRecord['weeklyHours'],
      createdAt: this.now(),
    };
    try {
      await scope.transaction(async (tx) => {
        const staff = tx.get(StaffRepository);
        if (await staff.findById(record.id)) throw alreadyExists();
        throwIfInvalid(await referenceErrors(tx, record.locationId, record.serviceIds));
        await staff.create(record);
        await ChangeFeed.recordPut(tx, 'staff', record.id);
      });
    } catch (error) {
      throw constraintViolation(error) === 'unique' ? alreadyExists() : error;
    }
    return toStaff(record);
  }

  update(scope: TenantScope, id: string, body: UpdateStaffBody): Promise<Staff> {
    throwIfInvalid(weeklyHoursErrors(body.weeklyHours, 'body.weeklyHours'));
    return scope.transaction(async (tx) => {
      const staff = tx.get(StaffRepository);
      await this.require(tx, id);
      const serviceIds = body.serviceIds ? [...new Set(body.serviceIds)] : undefined;
      throwIfInvalid(await referenceErrors(tx, body.locationId, serviceIds ?? []));
      await staff.update(id, {
        ...(body.name !== undefined ? { name: body.name } : {}),
        ...(body.email !== undefined ? { email: body.email } : {}),
        ...(body.locationId !== undefined ? { locationId: body.locationId } : {}),
        ...(body.color !== undefined ? { color: body.color } : {}),
        ...(body.weeklyHours !== undefined
          ? { weeklyHours: body.weeklyHours as StaffRecord['weeklyHours'] }
          : {}),
      });
      if (serviceIds) await staff.replaceServices(id, serviceIds);
      await ChangeFeed.recordPut(tx, 'staff', id);
      return toStaff(await this.require(tx, id));
    });
  }

  async remove(scope: TenantScope, id: string): Promise<void> {
    // Connected calendars go with the row (ON DELETE CASCADE): revoke them at the provider once the
    // delete has committed, with the credentials read before it.
    const revokeCalendars = await this.hooks.beforeRemoval?.(scope, id);
    try {
      await scope.transaction(async (tx) => {
        // Time off and imported busy blocks go with the staff member (ON DELETE CASCADE): tombstones too.
        const dependents = await tx.get(StaffRepository).cascadedBy(id);
        if (!(await tx.get(StaffRepository).delete(id))) throw new NotFoundError('staff member not found');
        await ChangeFeed.record(tx, [
          ...dependents.map((d) => ({ ...d, op: 'del' as const })),
          { entity: 'staff', id, op: 'del' },
        ]);
      });
    } catch (error) {
      if (constraintViolation(error) === 'foreign-key') throw new InUseError('the staff member has bookings');
      throw error;
    }
    await revokeCalendars?.();
  }

  async addTimeOff(scope: TenantScope, staffId: string, body: CreateTimeOffBody): Promise<TimeOff> {
    const start = new Date(body.start);
    const end = new Date(body.end);
    if (!(end > start)) throwIfInvalid([{ path: 'body.end', message: 'must be after start' }]);
    const row = {
      id: body.id ?? randomUUID(),
      staffId,
      startAt: start,
      endAt: end,
      reason: body.reason ?? null,
      createdAt: this.now(),
    };
    const zone = await (async () => {
      try {
        return await scope.transaction(async (tx) => {
          const member = await this.require(tx, staffId);
          // Under the staff member's booking lock, like every write of what holds their time: a
          // booking checked concurrently either sees this time off or commits before it.
          await tx.get(BookingRepository).lockStaff([staffId]);
          const staff = tx.get(StaffRepository);
          if (await staff.findTimeOff(row.id)) throw alreadyExists();
          await staff.addTimeOff(row);
          await ChangeFeed.recordPut(tx, 'timeOff', row.id);
          return (await tx.get(LocationRepository).findById(member.locationId))!.timeZone;
        });
      } catch (error) {
        throw constraintViolation(error) === 'unique' ? alreadyExists() : error;
      }
    })();
    return toTimeOffView(row, zone);
  }

  private async require(tx: TenantTransaction, id: string): Promise<StaffRecord> {
    const record = await tx.get(StaffRepository).findById(id);
    if (!record) throw new NotFoundError('staff member not found');
    return record;
  }
}

/** A time-off row as the API shows it (instants in the staff's location zone). */
export function toTimeOffView(
  row: { id: string; staffId: string; startAt: Date; endAt: Date; reason: string | null },
  timeZone: string,
): TimeOff {
  return {
    id: row.id,
    staffId: row.staffId,
    start: formatInZone(row.startAt, timeZone),
    end: formatInZone(row.endAt, timeZone),
    ...(row.reason !== null ? { reason: row.reason } : {}),
  };
}

/** 422 entries for a location or services that do not exist in the tenant. */
async function referenceErrors(
  tx: TenantTransaction,
  locationId: string | undefined,
  serviceIds: readonly string[],
): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  if (locationId !== undefined && !(await tx.get(LocationRepository).findById(locationId))) {
    errors.push({ path: 'body.locationId', message: 'no such location' });
  }
  const found = new Set((await tx.get(CatalogRepository).findByIds(serviceIds)).map((s) => s.id));
  serviceIds.forEach((id, i) => {
    if (!found.has(id)) errors.push({ path: `body.serviceIds.${i}`, message: 'no such service' });
  });
  return errors;
}
