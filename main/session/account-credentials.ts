/**
 * The SecretStore side of signing in and out: the one credential held per API, replaced at a new
 * sign-in and deleted at sign-out, and ending each sign-in it drops at the API too (`/oauth/revoke`,
 * queued by ./revocation-queue.ts while the API cannot be reached). A credential the store cannot
 * read or delete is logged, never thrown: the account changes go on without it.
 */
import type { CredentialStore } from '../auth/credential-store';
import type { OAuthTokens } from '../auth/keychain.store';
import { RevocationQueue } from './revocation-queue';

export class AccountCredentials {
  private readonly revocations: RevocationQueue;

  constructor(
    private readonly store: CredentialStore,
    /** Where the pending revocations are listed (`<desktopDir>/pending-revocations.json`). */
    revocationsFile: string,
    /** Revokes at the API; rejects when it should be tried again later. */
    revokeAt: (apiBaseUrl: string, refreshToken: string) => Promise<void>,
    private readonly log: (message: string, error: unknown) => void,
  ) {
    this.revocations = new RevocationQueue(revocationsFile, store, revokeAt, log);
  }

  /** The tokens held for `apiBaseUrl`; null when none, or when the store cannot read them. */
  async read(apiBaseUrl: string): Promise<OAuthTokens | null> {
    try {
      return (await this.store.read(apiBaseUrl))?.tokens ?? null;
    } catch (error) {
      this.log('Could not read the credential', error);
      return null;
    }
  }

  /** Holds `tokens` as the credential of `apiBaseUrl`. */
  async hold(apiBaseUrl: string, tokens: OAuthTokens): Promise<void> {
    await this.store.update(apiBaseUrl, { tokens });
  }

  /**
   * Revokes the credential held for `apiBaseUrl`, unless it is `kept` (same refresh token), before
   * a new one overwrites it: a sign-in is never orphaned.
   */
  async revokeHeld(apiBaseUrl: string, kept?: OAuthTokens): Promise<void> {
    const old = await this.read(apiBaseUrl);
    if (old && old.refreshToken !== kept?.refreshToken) await this.revocations.revoke(apiBaseUrl, old);
  }

  /** Signs out of `apiBaseUrl`: deletes its credential and, with `revoke`, revokes it at the API. */
  async signOut(apiBaseUrl: string, { revoke }: { revoke: boolean }): Promise<void> {
    const tokens = await this.read(apiBaseUrl);
    await this.delete(apiBaseUrl, 'Could not delete the credential');
    if (tokens && revoke) await this.revocations.revoke(apiBaseUrl, tokens);
  }

  /** Deletes the credential of `apiBaseUrl`, logging `failure` when the store cannot. */
  delete(apiBaseUrl: string, failure: string): Promise<void> {
    return this.store.clear(apiBaseUrl).catch((error) => this.log(failure, error));
  }

  /** Tries the pending revocations now, and while some remain, every minute until {@link stop}. */
  retryRevocations(): void {
    this.revocations.retry();
  }

  stop(): void {
    this.revocations.stop();
  }
}
