/**
 * Where main keeps the API's tokens (and the demo owner's password): one JSON entry per API base URL
 * in a SecretStore. In the app that is the chain (keychain -> safeStorage -> memory for this run);
 * {@link SecretCredentialStore.location} says which backend holds an API's entry and why, so the
 * session can tell the user when they will have to sign in again.
 */
import { SecretChain } from '../secrets/secret-store';
import type { SecretBackendStore, SecretLocation } from '../secrets/secret-store';
import { MemorySecretStore } from '../secrets/secret-store';

export interface OAuthTokens {
  accessToken: string;
  refreshToken: string;
  /** ISO instant after which the access token is no longer accepted. */
  expiresAt: string;
}

/** Everything held for one API. */
export interface StoredCredentials {
  tokens?: OAuthTokens;
  /** The demo owner's generated password, kept so the owner can sign in on the web. */
  owner?: { email: string; password: string };
}

/** The account of an API's entry: its origin plus path, without a trailing slash. */
export function keychainAccount(apiBaseUrl: string): string {
  const url = new URL(apiBaseUrl);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** What {@link OAuthSignInClient} needs: an API's credentials, read, merged and forgotten. */
export interface CredentialStore {
  read(apiBaseUrl: string): Promise<StoredCredentials | null>;
  /** Merges `patch` into what is stored for `apiBaseUrl`. */
  update(apiBaseUrl: string, patch: StoredCredentials): Promise<void>;
  clear(apiBaseUrl: string): Promise<void>;
}

export class SecretCredentialStore implements CredentialStore {
  /** @param secrets the chain in the app; a single backend where no fallback is wanted. */
  constructor(private readonly secrets: SecretChain | SecretBackendStore) {}

  async read(apiBaseUrl: string): Promise<StoredCredentials | null> {
    const raw = await this.secrets.get(keychainAccount(apiBaseUrl));
    return raw ? (JSON.parse(raw) as StoredCredentials) : null;
  }

  async update(apiBaseUrl: string, patch: StoredCredentials): Promise<void> {
    const current = (await this.read(apiBaseUrl)) ?? {};
    await this.secrets.set(keychainAccount(apiBaseUrl), JSON.stringify({ ...current, ...patch }));
  }

  async clear(apiBaseUrl: string): Promise<void> {
    await this.secrets.delete(keychainAccount(apiBaseUrl));
  }

  /**
   * Which backend holds the credentials of `apiBaseUrl` (or would take them now), whether they
   * survive a restart, and why better backends were passed over.
   */
  location(apiBaseUrl: string): SecretLocation {
    if (this.secrets instanceof SecretChain)
      return this.secrets.locationOf(keychainAccount(apiBaseUrl)) ?? this.secrets.status();
    return { backend: this.secrets.backend, persistent: this.secrets.persistent, reason: null };
  }

  /** Whether credentials stored now would still be there after a restart. */
  isAvailable(): Promise<boolean> {
    return Promise.resolve(
      this.secrets instanceof SecretChain ? this.secrets.status().persistent : this.secrets.persistent,
    );
  }
}

/** Credentials held by this process only; gone when it exits. */
export class MemoryCredentialStore extends SecretCredentialStore {
  constructor() {
    super(new MemorySecretStore());
  }
}
