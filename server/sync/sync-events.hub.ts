import type { PokeHandler } from './sync-pokes';

/** Where the hub hears pokes: the instance's PokeBus (PostgreSQL) or Database.changes (SQLite). */
export interface PokeSource {
  subscribe(handler: PokeHandler): () => void;
}

/** Receives the version of a tenant's committed change. */
export type PokeSubscriber = (version: number) => void;

/**
 * The open `GET /v1/sync/events` streams of this instance, by tenant. It listens once on the
 * instance's poke bus and hands each poke only to the streams of that poke's tenant.
 */
export class SyncEventHub {
  readonly #byTenant = new Map<string, Set<PokeSubscriber>>();
  /** The highest version poked per tenant with open streams (see {@link pokedVersion}). */
  readonly #poked = new Map<string, number>();
  readonly #stop: () => void;

  constructor(bus: PokeSource) {
    this.#stop = bus.subscribe((tenantId, version) => this.poke(tenantId, version));
  }

  /** Adds a stream of `tenantId`; returns its removal (idempotent). */
  subscribe(tenantId: string, subscriber: PokeSubscriber): () => void {
    let set = this.#byTenant.get(tenantId);
    if (!set) this.#byTenant.set(tenantId, (set = new Set()));
    set.add(subscriber);
    return () => {
      set.delete(subscriber);
      if (set.size === 0 && this.#byTenant.get(tenantId) === set) {
        this.#byTenant.delete(tenantId);
        this.#poked.delete(tenantId);
      }
    };
  }

  /** Open streams on this instance (tests check that closed streams are removed). */
  get subscriberCount(): number {
    let count = 0;
    for (const set of this.#byTenant.values()) count += set.size;
    return count;
  }

  /** Tenants with at least one open stream. */
  tenants(): string[] {
    return [...this.#byTenant.keys()];
  }

  /** Pokes `tenantId`'s streams (from the bus, or directly after a listener reconnect or a catch-up). */
  poke(tenantId: string, version: number): void {
    const subscribers = this.#byTenant.get(tenantId);
    if (!subscribers) return;
    this.#poked.set(tenantId, Math.max(this.#poked.get(tenantId) ?? version, version));
    for (const subscriber of subscribers) subscriber(version);
  }

  /** The highest version `tenantId`'s streams were poked with since they opened (0: none yet). */
  pokedVersion(tenantId: string): number {
    return this.#poked.get(tenantId) ?? 0;
  }

  close(): void {
    this.#stop();
    this.#byTenant.clear();
  }
}
