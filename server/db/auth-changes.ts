/**
 * Which committed writes can change what a bearer credential resolves to: a token or API key revoked
 * or deleted, a user's role changed or the user removed, a tenant cancelled or renamed. The credential
 * cache (server/auth/credential-cache.ts) drops a tenant's entries when such a write commits.
 *
 * Inside this process the signal comes from the data layer itself: every UPDATE or DELETE through a
 * TenantTable of an {@link AUTH_ENTITIES} table marks its transaction, and the mark is emitted once
 * the transaction has ended (./tenant-scope.ts). Inserts are not marked: a new row cannot make a
 * cached (positive) answer wrong. On PostgreSQL, triggers on the same tables also NOTIFY
 * {@link AUTH_CHANNEL} on commit, which reaches every instance, including writes made outside the API.
 */
import { ENTITY } from './entities/platform.entities';

/** Tables whose UPDATE or DELETE can change a credential's validity, role or profile. */
export const AUTH_ENTITIES: ReadonlySet<string> = new Set([
  ENTITY.tenant,
  ENTITY.user,
  ENTITY.accessToken,
  ENTITY.apiKey,
]);

/** PostgreSQL NOTIFY channel of those writes; the payload is the tenant id. */
export const AUTH_CHANNEL = 'bookdesk_auth';

/** Listeners of "tenant X's credentials may have changed". */
export class AuthChangeSignal {
  readonly #listeners = new Set<(tenantId: string) => void>();

  subscribe(listener: (tenantId: string) => void): void {
    this.#listeners.add(listener);
  }

  emit(tenantId: string): void {
    for (const listener of this.#listeners) listener(tenantId);
  }
}
