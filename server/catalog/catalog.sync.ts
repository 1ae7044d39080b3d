/** Services in the sync protocol: the pull source of entity `service` (every service). */
import { readOptionalNumber, readText } from '../db/sql-repository';
import { sqlSource } from '../sync/sync-sources';
import type { SyncFeature } from '../sync/sync.module';
import { toService } from './catalog.service';

export const catalogSync: SyncFeature = {
  sources: [
    sqlSource(
      'service',
      {
        from: 'services x',
        columns: `x.id, x.name, x.duration_minutes, x.buffer_before_minutes, x.buffer_after_minutes, x.min_notice_minutes,
      x.max_advance_days, x.price_cents`,
      },
      (r) =>
        toService({
          id: readText(r.id),
          name: readText(r.name),
          durationMinutes: Number(r.duration_minutes),
          bufferBeforeMinutes: Number(r.buffer_before_minutes),
          bufferAfterMinutes: Number(r.buffer_after_minutes),
          minNoticeMinutes: Number(r.min_notice_minutes),
          maxAdvanceDays: Number(r.max_advance_days),
          priceCents: readOptionalNumber(r.price_cents),
          createdAt: new Date(0),
        }),
    ),
  ],
};
