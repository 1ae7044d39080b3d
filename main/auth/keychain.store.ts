/**
 * Credentials in the OS keychain alone, without the chain's fallbacks: one entry per API base URL
 * under the service "Bookdesk". The app uses the chain (main/secrets/open-secret-store.ts); this is its
 * first backend, kept for callers that must know whether the keychain itself answers.
 */
import { SecretCredentialStore } from './credential-store';
import type { KeytarLike } from '../secrets/keytar.backend';
import { KEYCHAIN_SERVICE, KEYCHAIN_TIMEOUT_MS, KeytarSecretStore } from '../secrets/keytar.backend';

export type { OAuthTokens, StoredCredentials } from './credential-store';
export { keychainAccount } from './credential-store';
export type { KeytarLike } from '../secrets/keytar.backend';
export { KEYCHAIN_SERVICE, KEYCHAIN_TIMEOUT_MS, KeychainUnavailableError } from '../secrets/keytar.backend';

export class KeychainStore extends SecretCredentialStore {
  private readonly keychain: KeytarSecretStore;

  constructor(keytar: KeytarLike, service = KEYCHAIN_SERVICE, timeoutMs = KEYCHAIN_TIMEOUT_MS) {
    const keychain = new KeytarSecretStore(keytar, service, timeoutMs);
    super(keychain);
    this.keychain = keychain;
  }

  /** Whether the keychain takes a credential (a write and a delete of a probe entry answer in time). */
  override async isAvailable(): Promise<boolean> {
    return (await this.keychain.probe()) === null;
  }
}
