/**
 * The sync server as one unit for the composition root: platform.ts opens it with `openSync`, giving
 * each feature's {@link SyncFeature} (`<feature>.sync.ts`), and app.ts registers `syncRoutes`. On
 * PostgreSQL its pokes cross instances (./instance-pokes.ts).
 */
import type { PostgresNotificationListener } from '../db/notification-listener';
import type { TenantScopes } from '../db/tenant-scope';
import { SyncEventHub } from './sync-events.hub';
import { SyncMutations } from './sync-mutations';
import { PokeBus } from './sync-pokes';
import type { Database } from '../db/data-source';
import { notifyOver, wireInstancePokes } from './instance-pokes';
import { SyncPullService } from './sync-pull.service';
import { SyncPushService } from './sync-push.service';
import { SyncRetention } from './sync-retention';
import { SyncSources } from './sync-sources';
import type { SyncSource } from './sync-sources';
import type { MutationDefinition } from './sync-mutations';

/** Heartbeat comment interval of `GET /v1/sync/events`. */
export const DEFAULT_HEARTBEAT_MS = 15_000;

/** What one feature adds to the sync protocol (its `<feature>.sync.ts`). */
export interface SyncFeature {
  /** Where pulls read the feature's entities. */
  sources?: readonly SyncSource[];
  /** The feature's push mutations (each calls the REST route's service method). */
  mutations?: readonly MutationDefinition[];
}

/** The sync services of one instance. */
export interface SyncServer {
  pull: SyncPullService;
  push: SyncPushService;
  events: SyncEventHub;
  /** Where pull reads each entity, as the features registered them. */
  sources: SyncSources;
  /** Push mutations by name, as the features registered them. */
  mutations: SyncMutations;
  /** Tombstone pruning (`retention.prune(scopes, maintenance)`), which makes old cursors 410. */
  retention: SyncRetention;
  heartbeatMs: number;
  close(): Promise<void>;
}

export interface SyncDeps {
  /** PostgreSQL: the instance's LISTEN connection (started by the caller); null on SQLite. */
  listener: PostgresNotificationListener | null;
  /**
   * The instance's database: its committed sync changes (`changes`) and, on PostgreSQL, the pool the
   * pokes to other instances are NOTIFYed on, outside any transaction (./instance-pokes.ts).
   */
  db: Pick<Database, 'changes' | 'query'>;
  logWarning?: (message: string) => void;
  scopes: TenantScopes;
  /** Every feature's sources and mutations; an entity or a mutation name given twice throws. */
  features: readonly SyncFeature[];
  now: () => Date;
  heartbeatMs?: number;
  /** How long tombstones are kept (default DEFAULT_TOMBSTONE_RETENTION_DAYS, ./sync-retention.ts). */
  tombstoneRetentionDays?: number;
}

export async function openSync(deps: SyncDeps): Promise<SyncServer> {
  const sources = new SyncSources();
  const mutations = new SyncMutations();
  for (const feature of deps.features) {
    for (const source of feature.sources ?? []) sources.register(source);
    for (const definition of feature.mutations ?? []) mutations.register(definition);
  }

  let events: SyncEventHub;
  const listener = deps.listener;
  const heartbeatMs = deps.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
  let stopForwarding = async () => {};
  if (listener) {
    const bus = new PokeBus();
    events = new SyncEventHub(bus);
    stopForwarding = wireInstancePokes({
      bus,
      hub: events,
      listener,
      changes: deps.db.changes,
      notify: notifyOver(deps.db),
      logWarning: deps.logWarning,
      scopes: deps.scopes,
      heartbeatMs,
    });
  } else {
    events = new SyncEventHub(deps.db.changes);
  }
  return {
    pull: new SyncPullService(sources, deps.now),
    push: new SyncPushService(mutations, deps.now),
    events,
    sources,
    mutations,
    retention: new SyncRetention(deps.now, deps.tombstoneRetentionDays),
    heartbeatMs,
    async close() {
      await stopForwarding();
      events.close();
    },
  };
}
