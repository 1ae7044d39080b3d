/** Locations in the sync protocol: the pull source of entity `location` (every location). */
import { readJson, readText } from '../db/sql-repository';
import { sqlSource } from '../sync/sync-sources';
import type { SyncFeature } from '../sync/sync.module';
import { toLocation } from './location.service';

export const locationSync: SyncFeature = {
  sources: [
    sqlSource(
      'location',
      { from: 'locations x', columns: 'x.id, x.name, x.time_zone, x.opening_hours' },
      (r) =>
        toLocation({
          tenantId: '',
          id: readText(r.id),
          name: readText(r.name),
          timeZone: readText(r.time_zone),
          openingHours: readJson(r.opening_hours) ?? {},
          createdAt: new Date(0),
        }),
    ),
  ],
};
