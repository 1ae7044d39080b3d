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
  readonly #stop: () => void;

  constructor(bus: PokeSource) {
    this.#stop = bus.subscribe((tenantId, version) => {
      for (const subscriber of this.#byTenant.get(tenantId) ?? []) subscriber(version);
    });
  }

  /** Adds a stream of `tenantId`; returns its removal (idempotent). */
  subscribe(tenantId: string, subscriber: PokeSubscriber): () => void {
    let set = this.#byTenant.get(tenantId);
    if (!set) this.#byTenant.set(tenantId, (set = new Set()));
    set.add(subscriber);
    return () => {
      set.delete(subscriber);
      if (set.size === 0 && this.#byTenant.get(tenantId) === set) this.#byTenant.delete(tenantId);
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

  /** Pokes `tenantId`'s streams directly (after a listener reconnect). */
  poke(tenantId: string, version: number): void {
    for (const subscriber of this.#byTenant.get(tenantId) ?? []) subscriber(version);
  }

  close(): void {
    this.#stop();
    this.#byTenant.clear();
  }
}
