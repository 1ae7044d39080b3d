/**
 * Keeps one signed-in account's access token fresh: refreshed ahead of expiry without being asked,
 * and on demand when a request needs one. It tells the two failures apart that the desk treats
 * differently: the API refusing the refresh token (`invalid_grant`: signed out, for good) and an API
 * that cannot be reached or cannot answer now (offline: the tokens are kept and tried again).
 */
import type { CredentialStore } from '../auth/credential-store';
import { SignInError } from '../auth/loopback-receiver';
import type { OAuthSignInClient } from '../auth/oauth-sign-in.client';

/** Refresh this long before the access token expires (it lives 15 minutes). */
const REFRESH_AHEAD_MS = 2 * 60_000;
/** After a refresh that could not reach the API, try again this soon. */
const REFRESH_RETRY_MS = 30_000;

export interface TokenKeeperDeps {
  apiBaseUrl: string;
  oauth: Pick<OAuthSignInClient, 'accessToken' | 'refresh'>;
  credentials: Pick<CredentialStore, 'read'>;
  /** The API refused the credential for good, or none is held any more. */
  onRefused(reason: 'invalid_grant' | 'no_credential'): void;
  /** Whether the last refresh reached the API changed. */
  onOfflineChange(offline: boolean): void;
  refreshAheadMs?: number;
  now: () => Date;
  log: (message: string, error: unknown) => void;
}

export class TokenKeeper {
  /** The last refresh could not reach the API. */
  offline = false;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(private readonly deps: TokenKeeperDeps) {}

  /** Schedules the first refresh ahead of expiry. */
  start(): void {
    void this.schedule();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** A valid access token, refreshed as needed; null once refused; a rejection while offline. */
  async accessToken(): Promise<string | null> {
    if (this.stopped) return null;
    try {
      const token = await this.deps.oauth.accessToken();
      if (token === null) this.refused('no_credential');
      else this.setOffline(false);
      return token;
    } catch (error) {
      if (isRefusal(error)) {
        this.refused('invalid_grant');
        return null;
      }
      this.setOffline(true);
      throw error;
    }
  }

  private async schedule(delayMs?: number): Promise<void> {
    if (this.timer || this.stopped) return;
    let due = delayMs;
    if (due === undefined) {
      const tokens = (await this.deps.credentials.read(this.deps.apiBaseUrl).catch(() => null))?.tokens;
      if (!tokens || this.timer || this.stopped) return;
      due =
        Date.parse(tokens.expiresAt) -
        (this.deps.refreshAheadMs ?? REFRESH_AHEAD_MS) -
        this.deps.now().getTime();
    }
    this.timer = setTimeout(
      () => {
        this.timer = null;
        void this.refreshAhead();
      },
      Math.min(Math.max(due, 1_000), 2 ** 31 - 1),
    );
    this.timer.unref();
  }

  private async refreshAhead(): Promise<void> {
    if (this.stopped) return;
    try {
      await this.deps.oauth.refresh();
      this.setOffline(false);
      await this.schedule();
    } catch (error) {
      if (isRefusal(error)) return this.refused('invalid_grant');
      if (error instanceof SignInError && error.code === 'not_signed_in')
        return this.refused('no_credential');
      this.deps.log('Could not refresh the sign-in; will try again', error);
      this.setOffline(true);
      await this.schedule(REFRESH_RETRY_MS);
    }
  }

  private refused(reason: 'invalid_grant' | 'no_credential'): void {
    if (this.stopped) return;
    this.stop();
    this.deps.onRefused(reason);
  }

  private setOffline(offline: boolean): void {
    if (this.offline === offline) return;
    this.offline = offline;
    this.deps.onOfflineChange(offline);
  }
}

const isRefusal = (error: unknown) => error instanceof SignInError && error.code === 'invalid_grant';
