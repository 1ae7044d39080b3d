/**
 * Where main keeps the API's tokens: the system keychain when it answers, otherwise memory for this
 * run only (a box without a Secret Service, a locked keyring that never prompts).
 */
import type { KeychainStore, StoredCredentials } from './keychain.store';
import { keychainAccount } from './keychain.store';

/** The part of {@link KeychainStore} that {@link OAuthSignInClient} uses. */
export type CredentialStore = Pick<KeychainStore, 'read' | 'update' | 'clear'>;

/** Credentials held by this process only; gone when it exits. */
export class MemoryCredentialStore implements CredentialStore {
  private readonly entries = new Map<string, StoredCredentials>();

  read(apiBaseUrl: string): Promise<StoredCredentials | null> {
    return Promise.resolve(this.entries.get(keychainAccount(apiBaseUrl)) ?? null);
  }

  update(apiBaseUrl: string, patch: StoredCredentials): Promise<void> {
    const key = keychainAccount(apiBaseUrl);
    this.entries.set(key, { ...this.entries.get(key), ...patch });
    return Promise.resolve();
  }

  clear(apiBaseUrl: string): Promise<void> {
    this.entries.delete(keychainAccount(apiBaseUrl));
    return Promise.resolve();
  }
}
