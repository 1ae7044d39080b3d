import type { ExternalBusy } from '../../core/domain/schemas';
import type { ExternalBusyQuery } from '../../core/domain/requests';
import { formatInZone } from '../../core/domain/zoned-instant';
import type { TenantScope } from '../db/tenant-scope';
import { throwIfInvalid } from '../front-desk/front-desk.errors';
import { ExternalBusyRepository } from './external-busy.repository';
import type { ExternalBusyRecord } from './external-busy.repository';

/** Longest range one listing covers. */
const MAX_RANGE_DAYS = 93;

export function toExternalBusy(record: ExternalBusyRecord): ExternalBusy {
  return {
    id: record.id,
    staffId: record.staffId,
    subject: record.subject,
    start: formatInZone(record.start, record.timeZone),
    end: formatInZone(record.end, record.timeZone),
    durationMinutes: record.durationMinutes,
    source: record.source,
  };
}

/** Reading imported busy blocks (importing them is the calendar workers' job). */
export class ExternalBusyService {
  list(scope: TenantScope, query: ExternalBusyQuery): Promise<{ items: ExternalBusy[] }> {
    const from = new Date(query.from);
    const to = new Date(query.to);
    throwIfInvalid(rangeErrors(from, to, MAX_RANGE_DAYS));
    return scope.transaction(async (tx) => {
      const records = await tx
        .get(ExternalBusyRepository)
        .between(from, to, query.staffId !== undefined ? [query.staffId] : undefined);
      return { items: records.map(toExternalBusy) };
    });
  }
}

/** 422 naming `query.to` when the range is empty, backwards or longer than `maxDays`. */
export function rangeErrors(from: Date, to: Date, maxDays: number): { path: string; message: string }[] {
  if (!(to > from)) return [{ path: 'query.to', message: 'must be after from' }];
  if (to.getTime() - from.getTime() > maxDays * 86_400_000) {
    return [{ path: 'query.to', message: `the range may cover at most ${maxDays} days` }];
  }
  return [];
}
