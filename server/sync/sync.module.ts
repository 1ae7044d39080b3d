/**
 * The sync server as one unit for the composition root: platform.ts opens it with `openSync`
 * (on PostgreSQL it listens for other instances' commits on the instance's LISTEN connection),
 * app.ts registers `syncRoutes`.
 */
import type { PostgresNotificationListener } from '../db/notification-listener';
import type { TenantScopes } from '../db/tenant-scope';
import type { FrontDesk } from '../locations/front-desk.module';
import { ChangeFeedRepository, POKE_CHANNEL } from './change-feed.repository';
import { SyncEventHub } from './sync-events.hub';
import { frontDeskMutations, SyncMutations } from './sync-mutations';
import { PokeBus } from './sync-pokes';
import { PokeNotifier } from './poke-notifier';
import type { CommittedChanges } from '../db/committed-changes';
import { randomUUID } from 'node:crypto';
import { SyncPullService } from './sync-pull.service';
import { SyncPushService } from './sync-push.service';
import { SyncSources } from './sync-sources';

/** Heartbeat comment interval of `GET /v1/sync/events`. */
export const DEFAULT_HEARTBEAT_MS = 15_000;

/** The sync services of one instance. */
export interface SyncServer {
  pull: SyncPullService;
  push: SyncPushService;
  events: SyncEventHub;
  /** Where pull reads each entity; features add theirs (walk-ins). */
  sources: SyncSources;
  /** Push mutations by name; features add theirs (`walkIn.create|action`). */
  mutations: SyncMutations;
  heartbeatMs: number;
  close(): Promise<void>;
}

export interface SyncDeps {
  /** PostgreSQL: the instance's LISTEN connection (started by the caller); null on SQLite. */
  listener: PostgresNotificationListener | null;
  /** This instance's committed sync changes (Database.changes). */
  changes: CommittedChanges;
  /** PostgreSQL: sends NOTIFYs on POKE_CHANNEL with these payloads, outside any transaction. */
  notify?: (payloads: string[]) => Promise<void>;
  logWarning?: (message: string) => void;
  scopes: TenantScopes;
  frontDesk: Pick<FrontDesk, 'bookings' | 'customers'>;
  now: () => Date;
  heartbeatMs?: number;
}

export async function openSync(deps: SyncDeps): Promise<SyncServer> {
  const sources = new SyncSources();
  const mutations = new SyncMutations();
  for (const definition of frontDeskMutations(deps.frontDesk)) mutations.register(definition);

  let events: SyncEventHub;
  const listener = deps.listener;
  let stopForwarding = () => {};
  if (listener && deps.notify) {
    const bus = new PokeBus();
    events = new SyncEventHub(bus);
    const hub = events;
    const instance = randomUUID();
    const notifier = new PokeNotifier(instance, deps.notify, deps.logWarning);
    // This instance's commits: its own streams at once, the other instances by NOTIFY.
    const stop = deps.changes.subscribe((tenantId, version) => {
      bus.emit(tenantId, version);
      notifier.send(tenantId, version);
    });
    stopForwarding = () => {
      stop();
      notifier.close();
    };
    // Every other instance's commits (`<instanceId>:<tenantId>:<version>`); our own came directly.
    listener.on(POKE_CHANNEL, (payload) => {
      const [from, tenantId, text] = payload.split(':');
      const version = Number(text);
      if (from !== instance && tenantId && Number.isSafeInteger(version)) bus.emit(tenantId, version);
    });
    listener.onConnection({
      restored: () => {
        // Notifications sent while disconnected are lost: poke every listening tenant's current version.
        for (const tenantId of hub.tenants()) {
          deps.scopes
            .forTenant(tenantId)
            .transaction((tx) => tx.get(ChangeFeedRepository).currentVersion())
            .then((version) => hub.poke(tenantId, version))
            .catch(() => undefined);
        }
      },
    });
  } else {
    events = new SyncEventHub(deps.changes);
  }
  return {
    pull: new SyncPullService(sources, deps.now),
    push: new SyncPushService(mutations, deps.now),
    events,
    sources,
    mutations,
    heartbeatMs: deps.heartbeatMs ?? DEFAULT_HEARTBEAT_MS,
    async close() {
      stopForwarding();
      events.close();
    },
  };
}
