/**
 * How a PostgreSQL instance's event streams hear of commits (server/sync/README.md "Pokes"): its own
 * commits at once (Database.changes), the other instances' through NOTIFY on its LISTEN connection,
 * its own sent to them after the commit (./poke-notifier.ts), and a catch-up once a heartbeat for a
 * poke that went missing anyway.
 */
import { randomUUID } from 'node:crypto';
import type { CommittedChanges } from '../db/committed-changes';
import type { Database } from '../db/data-source';
import type { PostgresNotificationListener } from '../db/notification-listener';
import type { TenantScopes } from '../db/tenant-scope';
import { ChangeFeedRepository, POKE_CHANNEL } from './change-feed.repository';
import { PokeNotifier } from './poke-notifier';
import type { SyncEventHub } from './sync-events.hub';
import type { PokeBus } from './sync-pokes';

export interface InstancePokesDeps {
  /** The bus `hub` listens to. */
  bus: PokeBus;
  hub: SyncEventHub;
  listener: PostgresNotificationListener;
  changes: CommittedChanges;
  /** Sends NOTIFYs on POKE_CHANNEL with these payloads, outside any transaction. */
  notify: (payloads: string[]) => Promise<void>;
  logWarning?: (message: string) => void;
  scopes: TenantScopes;
  heartbeatMs: number;
}

/** Sends pokes to the other instances: one NOTIFY on POKE_CHANNEL per payload, in one statement. */
export function notifyOver(db: Pick<Database, 'query'>): (payloads: string[]) => Promise<void> {
  return async (payloads) => {
    await db.query(`SELECT pg_notify($1, p) FROM unnest($2::text[]) AS p`, [POKE_CHANNEL, payloads]);
  };
}

/** Wires the pokes; returns what stops them (sending what is pending first). */
export function wireInstancePokes(deps: InstancePokesDeps): () => Promise<void> {
  const { bus, hub, listener } = deps;
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
  const catchUpTimer = setInterval(catchUp, deps.heartbeatMs);
  catchUpTimer.unref();
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
  return async () => {
    clearInterval(catchUpTimer);
    stop();
    await notifier.close();
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
