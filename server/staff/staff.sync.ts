/**
 * Staff in the sync protocol: the pull sources of entities `staff` (every staff member, with their
 * services, through StaffRepository) and `timeOff` (time off overlapping the sync window).
 */
import { readInstant } from '../db/sql-dialect';
import { readOptionalText, readText } from '../db/sql-repository';
import { sqlSource } from '../sync/sync-sources';
import type { SyncSource } from '../sync/sync-sources';
import type { SyncFeature } from '../sync/sync.module';
import { StaffRepository } from './staff.repository';
import { toStaff, toTimeOffView } from './staff.service';

/** Joins a row `x` with a `staff_id` to its staff member's location, for the zone (`l.time_zone`). */
export const ZONE_OF_STAFF = `JOIN staff s ON s.tenant_id = x.tenant_id AND s.id = x.staff_id
  JOIN locations l ON l.tenant_id = s.tenant_id AND l.id = s.location_id`;

const staffSource: SyncSource = {
  entity: 'staff',
  page: async (tx, _window, afterId, limit) => {
    const rows = await tx.get(StaffRepository).page({ limit, ...(afterId ? { afterId } : {}) });
    // The repository reads one extra row to tell whether a page follows; the cursor does that here.
    return rows.slice(0, limit).map((r) => ({ id: r.id, data: toStaff(r) }));
  },
  load: async (tx, ids) =>
    (await tx.get(StaffRepository).findByIds(ids)).map((r) => ({ id: r.id, data: toStaff(r) })),
  count: (tx) => tx.get(StaffRepository).count(),
};

const timeOffSource = sqlSource(
  'timeOff',
  {
    from: `staff_time_off x ${ZONE_OF_STAFF}`,
    columns: 'x.id, x.staff_id, x.start_at, x.end_at, x.reason, l.time_zone',
    window: 'x.start_at < ? AND x.end_at > ?',
  },
  (r) =>
    toTimeOffView(
      {
        id: readText(r.id),
        staffId: readText(r.staff_id),
        startAt: readInstant(r.start_at),
        endAt: readInstant(r.end_at),
        reason: readOptionalText(r.reason),
      },
      readText(r.time_zone),
    ),
);

export const staffSync: SyncFeature = { sources: [staffSource, timeOffSource] };
