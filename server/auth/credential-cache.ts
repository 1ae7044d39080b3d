/**
 * Bearer credentials resolved once and then served from memory, so an authenticated request does not
 * pay a database round trip to learn who is calling. Revocation stays immediate:
 * - on this instance, every committed write that can change a credential (a token or key revoked, a
 *   role changed, a user removed, a tenant cancelled) drops the tenant's entries before the response
 *   of that write is sent (server/db/auth-changes.ts);
 * - on other instances (PostgreSQL), a trigger NOTIFYs `bookdesk_auth` on commit and every instance's
 *   listener drops the tenant's entries as the notification arrives (milliseconds on a LAN); while the
 *   listener is disconnected the caches are suspended (every request reads the database);
 * - no entry outlives its token's expiry or `CREDENTIAL_CACHE_SECONDS` (default 10 s), the bound for
 *   a change nobody announced (an operator's SQL on the embedded SQLite file).
 * Only positive answers are cached (a refused token always costs a lookup, behind the rate limiter),
 * keyed by the secret's SHA-256, never by the secret.
 */
import { AUTH_CHANNEL } from '../db/auth-changes';
import type { AuthChangeSignal } from '../db/auth-changes';
import type { CredentialMatch, GlobalLookups } from '../db/global-lookups';
import type { PostgresNotificationListener } from '../db/notification-listener';
import { TenantCache } from './tenant-cache';
import type { TenantCacheOptions } from './tenant-cache';

/** Default life of a cached credential or profile. */
export const DEFAULT_CREDENTIAL_CACHE_SECONDS = 10;
const MAX_ENTRIES = 50_000;

/** Every cache of answers read from the credential tables: one invalidation reaches them all. */
export class AuthCaches {
  readonly #caches: TenantCache<unknown>[] = [];
  readonly #options: TenantCacheOptions;
  #suspensions = 0;
  readonly #invalidated = new Set<(tenantId: string | null) => void>();

  constructor(options: { ttlSeconds: number; maxEntries?: number; now?: () => number }) {
    this.#options = {
      ttlMs: options.ttlSeconds * 1000,
      maxEntries: options.maxEntries ?? MAX_ENTRIES,
      now: options.now,
    };
  }

  /**
   * Drops a tenant's entries when one of its credentials changes: on this instance's committed writes
   * (`changes`, Database.authChanges) and, on PostgreSQL, on other instances' (the `bookdesk_auth`
   * trigger notifications, see migrations/postgres/…-credential-cache.ts); while the listener is
   * disconnected the caches are suspended. Call before the listener starts.
   */
  follow(
    changes: AuthChangeSignal,
    listener: Pick<PostgresNotificationListener, 'on' | 'onConnection'> | null,
  ): void {
    changes.subscribe((tenantId) => this.invalidateTenant(tenantId));
    if (!listener) return;
    listener.on(AUTH_CHANNEL, (tenantId) => this.invalidateTenant(tenantId));
    listener.onConnection({ lost: () => this.suspend(), restored: () => this.resume() });
  }

  /** A new cache that this group invalidates. */
  create<V>(): TenantCache<V> {
    const cache = new TenantCache<V>(this.#options);
    this.#caches.push(cache as TenantCache<unknown>);
    return cache;
  }

  invalidateTenant(tenantId: string): void {
    for (const cache of this.#caches) cache.invalidateTenant(tenantId);
    for (const handler of this.#invalidated) handler(tenantId);
  }

  /**
   * Calls `handler` after a tenant's credentials may have changed (its id), or after changes may have
   * been missed (null: every tenant), e.g. so that open event streams re-check their credential.
   * Returns the unsubscription.
   */
  onInvalidated(handler: (tenantId: string | null) => void): () => void {
    this.#invalidated.add(handler);
    return () => this.#invalidated.delete(handler);
  }

  /** Changes from other instances may be missed from now on: serve nothing from memory. */
  suspend(): void {
    this.#suspensions++;
    for (const cache of this.#caches) cache.suspend();
  }

  /** How many times the caches were suspended (operators' metrics, tests). */
  get suspensions(): number {
    return this.#suspensions;
  }

  resume(): void {
    for (const cache of this.#caches) cache.resume();
    for (const handler of this.#invalidated) handler(null);
  }
}

/** Which valid credential a secret's hash is, answered from the cache when possible. */
export class CredentialResolver {
  constructor(
    private readonly lookups: Pick<GlobalLookups, 'findCredential'>,
    private readonly cache: TenantCache<CredentialMatch>,
  ) {}

  resolve(hash: string): Promise<CredentialMatch | null> {
    return this.cache.getOrRead(hash, async () => {
      const match = await this.lookups.findCredential(hash);
      return match && { value: match, tenantId: match.tenantId, expiresAt: match.expiresAt?.getTime() };
    });
  }
}
