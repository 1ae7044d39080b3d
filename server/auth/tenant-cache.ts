/**
 * A small in-process cache of answers that belong to one tenant and must disappear the moment that
 * tenant's credentials change (see ./credential-cache.ts for how changes arrive).
 *
 * Correctness rules, each tested in tenant-cache.spec.ts:
 * - an entry lives at most `ttlMs` and never past its own `expiresAt`;
 * - `invalidateTenant` drops the tenant's entries AND refuses to store any answer whose read began
 *   before it (the read may have seen the old rows): callers take a {@link TenantCache.ticket}
 *   before reading and pass it to {@link TenantCache.set};
 * - while {@link TenantCache.suspend}ed (e.g. the change feed from other instances is down) nothing
 *   is served or stored;
 * - at most `maxEntries` entries; the oldest go first.
 */

export interface TenantCacheOptions {
  /** Longest life of an entry in ms; 0 disables the cache. */
  ttlMs: number;
  maxEntries: number;
  /** Clock in ms (tests). */
  now?: () => number;
}

interface Entry<V> {
  value: V;
  tenantId: string;
  expiresAt: number;
}

/** Proof that a read began at a given point; stale once any invalidation happened after it. */
export type CacheTicket = number & { readonly __brand: 'CacheTicket' };

export class TenantCache<V> {
  readonly #entries = new Map<string, Entry<V>>();
  readonly #keysByTenant = new Map<string, Set<string>>();
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #now: () => number;
  #generation = 0;
  #suspended = false;

  constructor(options: TenantCacheOptions) {
    this.#ttlMs = options.ttlMs;
    this.#maxEntries = options.maxEntries;
    this.#now = options.now ?? Date.now;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The live value for `key`, if any. */
  get(key: string): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.#now()) {
      this.#remove(key, entry.tenantId);
      return undefined;
    }
    return entry.value;
  }

  /**
   * The live value for `key`, else what `read` finds (null: nothing, not stored), stored under its
   * tenant with the ticket protocol below. What callers use; `ticket`/`set` are its parts.
   */
  async getOrRead(
    key: string,
    read: () => Promise<{ value: V; tenantId: string; expiresAt?: number } | null>,
  ): Promise<V | null> {
    const cached = this.get(key);
    if (cached !== undefined) return cached;
    const ticket = this.ticket();
    const found = await read();
    if (!found) return null;
    this.set(key, found.tenantId, found.value, ticket, found.expiresAt);
    return found.value;
  }

  /** Take before reading what you will {@link set}. */
  ticket(): CacheTicket {
    return this.#generation as CacheTicket;
  }

  /**
   * Stores `value` unless the cache is disabled or suspended, or an invalidation happened since
   * `ticket` was taken. `expiresAt` (ms) caps the entry's life below the TTL.
   */
  set(key: string, tenantId: string, value: V, ticket: CacheTicket, expiresAt = Infinity): void {
    if (this.#ttlMs <= 0 || this.#suspended || ticket !== this.#generation) return;
    const at = this.#now();
    const until = Math.min(at + this.#ttlMs, expiresAt);
    if (until <= at) return;
    const previous = this.#entries.get(key);
    if (previous) this.#remove(key, previous.tenantId);
    while (this.#entries.size >= this.#maxEntries) {
      const [oldestKey, oldest] = this.#entries.entries().next().value as [string, Entry<V>];
      this.#remove(oldestKey, oldest.tenantId);
    }
    this.#entries.set(key, { value, tenantId, expiresAt: until });
    let keys = this.#keysByTenant.get(tenantId);
    if (!keys) this.#keysByTenant.set(tenantId, (keys = new Set()));
    keys.add(key);
  }

  /** Drops every entry of `tenantId`; reads begun before now will not be stored. */
  invalidateTenant(tenantId: string): void {
    this.#generation++;
    const keys = this.#keysByTenant.get(tenantId);
    if (!keys) return;
    for (const key of keys) this.#entries.delete(key);
    this.#keysByTenant.delete(tenantId);
  }

  /** Drops everything; reads begun before now will not be stored. */
  clear(): void {
    this.#generation++;
    this.#entries.clear();
    this.#keysByTenant.clear();
  }

  /** Empties the cache and stops storing until {@link resume}. */
  suspend(): void {
    this.#suspended = true;
    this.clear();
  }

  resume(): void {
    this.clear();
    this.#suspended = false;
  }

  #remove(key: string, tenantId: string): void {
    this.#entries.delete(key);
    const keys = this.#keysByTenant.get(tenantId);
    keys?.delete(key);
    if (keys?.size === 0) this.#keysByTenant.delete(tenantId);
  }
}
