/**
 * Walk-ins in the sync protocol (../shared/API.md "Sync"): the pull source of entity `walkIn` and the
 * push mutations `walkIn.create` (the REST body) and `walkIn.action` (`{id}` plus the REST body),
 * which validate with the routes' schemas, check the routes' roles and call the same service methods.
 * A pulled walk-in carries no position or wait: they depend on the whole queue and on the clock, so
 * the desktop estimates them from the synced queue with the same core function the server uses.
 */
import { CreateWalkInBody, WalkInActionBody } from '../../core/domain/requests';
import { DESK_ROLES } from '../front-desk/front-desk.access';
import { define, withId } from '../sync/sync-mutations';
import type { SyncSource } from '../sync/sync-sources';
import type { SyncFeature } from '../sync/sync.module';
import { WalkInRepository } from './walk-in.repository';
import type { WalkInService } from './walk-in.service';
import { toView } from './walk-in.service';

/**
 * How far back a snapshot reads arrivals: "today" in every zone (local days span UTC-12 to UTC+14),
 * so a party that arrived yesterday evening and still waits is on the desk. Not the sync window's
 * 30 days: the queue is today's (tests/walk-ins/walk-in-snapshot.test.ts).
 */
const TODAY_IN_EVERY_ZONE_MS = 26 * 3_600_000;

/** The first arrival a snapshot taken at `now` holds. */
const arrivalsSince = (now: Date) => new Date(now.getTime() - TODAY_IN_EVERY_ZONE_MS);

/** Where a pull reads walk-ins: arrivals in the 26 hours before the snapshot (and any after it). */
const walkInSource: SyncSource = {
  entity: 'walkIn',
  page: async (tx, window, afterId, limit) =>
    (await tx.get(WalkInRepository).pageSince(arrivalsSince(window.now), window.to, afterId, limit)).map(
      (w) => ({ id: w.id, data: toView(w, undefined) }),
    ),
  load: async (tx, ids) =>
    (await tx.get(WalkInRepository).findByIds(ids)).map((w) => ({ id: w.id, data: toView(w, undefined) })),
  count: (tx, window) => tx.get(WalkInRepository).countSince(arrivalsSince(window.now), window.to),
};

export function walkInSync(walkIns: WalkInService): SyncFeature {
  return {
    sources: [walkInSource],
    mutations: [
      define({
        name: 'walkIn.create',
        roles: DESK_ROLES,
        args: CreateWalkInBody,
        apply: ({ scope, auth }, args) => walkIns.create(scope, auth, args),
      }),
      define({
        name: 'walkIn.action',
        roles: DESK_ROLES,
        args: withId(WalkInActionBody),
        apply: ({ scope, auth }, { id, body }) => walkIns.act(scope, auth, id, body),
      }),
    ],
  };
}
