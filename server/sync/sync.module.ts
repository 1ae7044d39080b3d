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
  const heartbeatMs = deps.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
  let stopForwarding = async () => {};
  if (listener && deps.notify) {
    const bus = new PokeBus();
    events = new SyncEventHub(bus);
    const hub = events;
    const instance = randomUUID();
    const notifier = new PokeNotifier(instance, deps.notify, deps.logWarning);
    const latest = (tenantId: string) =>
      deps.scopes.forTenant(tenantId).transaction((tx) => tx.get(ChangeFeedRepository).latestVersion());
    // Per listening tenant: its latest version when the catch-up first saw it, and at the previous one.
    const seen = new Map<string, { first: number; previous: number }>();
    // Pokes a listening tenant whose latest version at the previous catch-up (a heartbeat ago) is
    // past both what it was when the catch-up first saw the tenant (its streams pulled when they
    // opened) and what its streams were poked with since: that poke went missing.
    const catchUp = () => {
      const tenants = hub.tenants();
      for (const tenantId of seen.keys()) if (!tenants.includes(tenantId)) seen.delete(tenantId);
      for (const tenantId of tenants) {
        latest(tenantId)
          .then((version) => {
            const known = seen.get(tenantId);
            if (!known) return void seen.set(tenantId, { first: version, previous: version });
            if (known.previous > Math.max(known.first, hub.pokedVersion(tenantId))) {
              hub.poke(tenantId, known.previous);
            }
            known.previous = version;
          })
          .catch(() => undefined);
      }
    };
    // This instance's commits: its own streams at once, the other instances by NOTIFY.
    const stop = deps.changes.subscribe((tenantId, version) => {
      bus.emit(tenantId, version);
      notifier.send(tenantId, version);
    });
    // A poke can still go missing (its instance died before its NOTIFY, a COMMIT whose answer was
    // lost): once a heartbeat, every listening tenant catches up.
    const catchUpTimer = setInterval(catchUp, heartbeatMs);
    catchUpTimer.unref();
    stopForwarding = async () => {
      clearInterval(catchUpTimer);
      stop();
      await notifier.close();
    };
    // Every other instance's commits; our own came directly.
    listener.on(POKE_CHANNEL, (payload) => {
      const poke = parsePoke(payload);
      if (poke && poke.from !== instance) bus.emit(poke.tenantId, poke.version);
    });
    // Notifications sent while disconnected are lost: poke every listening tenant's latest version.
    listener.onConnection({
      restored: () => {
        for (const tenantId of hub.tenants()) {
          latest(tenantId)
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
    heartbeatMs,
    async close() {
      await stopForwarding();
      events.close();
    },
  };
}

const UUID_TEXT = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const POKE_PAYLOAD = new RegExp(`^(?:(${UUID_TEXT}):)?(${UUID_TEXT}):(\\d{1,15})$`, 'i');

/**
 * A POKE_CHANNEL payload: `<instanceId>:<tenantId>:<version>`, or `<tenantId>:<version>` as the
 * previous version sent it inside its transactions (so pokes still cross a rolling deploy).
 */
export function parsePoke(
  payload: string,
): { from: string | null; tenantId: string; version: number } | null {
  const match = POKE_PAYLOAD.exec(payload);
  if (!match) return null;
  return { from: match[1] ?? null, tenantId: match[2]!.toLowerCase(), version: Number(match[3]) };
}
