/**
 * Walk-ins in the sync protocol: the `walkIn` source of pulls and the `walkIn.create|action` push
 * mutations, over the walk-in feature's own service and repository (server/walk-ins).
 *
 * A walk-in's `position`, `estimatedWaitMinutes`, `likelyStaffId` and `expectedStart` depend on the
 * whole queue and on the clock, so the pull sends them as null: the desktop computes them with the
 * same core function the server uses (core's walk-in estimate), from the synced queue.
 */
import { DESK_ROLES } from '../locations/front-desk.access';
import { CreateWalkInBody, WalkInActionBody } from '../walk-ins/walk-in.schemas';
import { WalkInRepository } from '../walk-ins/walk-in.repository';
import { toView } from '../walk-ins/walk-in.service';
import type { WalkInService } from '../walk-ins/walk-in.service';
import type { SyncMutations } from './sync-mutations';
import { define, withId } from './sync-mutations';
import type { SyncSource, SyncSources } from './sync-sources';

const HOUR_MS = 3_600_000;

const walkInSource: SyncSource = {
  entity: 'walkIn',
  // "Today" in every zone: arrivals in the 26 hours before the snapshot (and any after it).
  page: async (tx, window, afterId, limit) =>
    (
      await tx
        .get(WalkInRepository)
        .pageSince(new Date(window.now.getTime() - 26 * HOUR_MS), window.to, afterId, limit)
    ).map((w) => ({ id: w.id, data: toView(w, undefined) })),
  load: async (tx, ids) =>
    (await tx.get(WalkInRepository).findByIds(ids)).map((w) => ({ id: w.id, data: toView(w, undefined) })),
};

/** Registers the walk-in source and mutations (platform.ts, once the walk-in service exists). */
export function registerWalkInSync(
  sync: { sources: SyncSources; mutations: SyncMutations },
  walkIns: WalkInService,
): void {
  sync.sources.register(walkInSource);
  sync.mutations.register(
    define({
      name: 'walkIn.create',
      roles: DESK_ROLES,
      args: CreateWalkInBody,
      apply: ({ scope, auth }, args) => walkIns.create(scope, auth, args),
    }),
  );
  sync.mutations.register(
    define({
      name: 'walkIn.action',
      roles: DESK_ROLES,
      args: withId(WalkInActionBody),
      apply: ({ scope, auth }, { id, body }) => walkIns.act(scope, auth, id, body),
    }),
  );
}
