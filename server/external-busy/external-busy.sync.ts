/** Imported busy blocks in the sync protocol: the pull source of entity `externalBusy` (overlapping the sync window). */
import { readInstant } from '../db/sql-dialect';
import { readText } from '../db/sql-repository';
import { ZONE_OF_STAFF } from '../staff/staff.sync';
import { sqlSource } from '../sync/sync-sources';
import type { SyncFeature } from '../sync/sync.module';
import { toExternalBusy } from './external-busy.service';

export const externalBusySync: SyncFeature = {
  sources: [
    sqlSource(
      'externalBusy',
      {
        from: `external_busy x ${ZONE_OF_STAFF}`,
        columns:
          'x.id, x.staff_id, x.source, x.subject, x.start_at, x.end_at, x.duration_minutes, l.time_zone',
        window: 'x.start_at < ? AND x.end_at > ?',
      },
      (r) =>
        toExternalBusy({
          id: readText(r.id),
          staffId: readText(r.staff_id),
          source: r.source as 'google',
          subject: readText(r.subject),
          start: readInstant(r.start_at),
          end: readInstant(r.end_at),
          durationMinutes: Number(r.duration_minutes),
          timeZone: readText(r.time_zone),
        }),
    ),
  ],
};
