/**
 * Revocations at `POST /oauth/revoke`, tried at once and kept when the API cannot be reached (offline,
 * API down): the refresh token then stays in the SecretStore under an account of its own until the API
 * has answered, so the sign-in ends at the API too once the line is back, even after a restart. The
 * list of what is pending (the API and an id, nothing secret) is a small JSON file beside the caches.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { CredentialStore } from '../auth/credential-store';
import type { OAuthTokens } from '../auth/keychain.store';

interface PendingRevocation {
  apiBaseUrl: string;
  id: string;
}

/** The SecretStore account of one pending revocation: a path below the API's own account. */
export const revocationAccount = (apiBaseUrl: string, id: string) =>
  `${apiBaseUrl.replace(/\/+$/, '')}/.bookdesk-revocations/${id}`;

/** Pending revocations are retried this often. */
const RETRY_MS = 60_000;

export class RevocationQueue {
  private flushing: Promise<number> | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly file: string,
    private readonly secrets: CredentialStore,
    /** Revokes at the API; rejects when it should be tried again later. */
    private readonly revokeAt: (apiBaseUrl: string, refreshToken: string) => Promise<void>,
    private readonly log: (message: string, error: unknown) => void = () => {},
  ) {}

  /** Revokes `tokens` now, or keeps them for a later try when the API cannot be reached. */
  async revoke(apiBaseUrl: string, tokens: OAuthTokens): Promise<void> {
    try {
      await this.revokeAt(apiBaseUrl, tokens.refreshToken);
    } catch (error) {
      this.log('The API could not be reached to revoke the sign-in; queued', error);
      await this.add(apiBaseUrl, tokens).catch((queueError) =>
        this.log('Could not queue the revocation', queueError),
      );
      this.retry();
    }
  }

  /** Tries what is pending now and, while some remain, every minute until {@link stop}. */
  retry(): void {
    void this.flush().then((left) => {
      if (left === 0 && this.timer) this.stop();
      else if (left > 0 && !this.timer) {
        this.timer = setInterval(() => this.retry(), RETRY_MS);
        this.timer.unref();
      }
    });
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Keeps `tokens` for a later {@link flush}. */
  private async add(apiBaseUrl: string, tokens: OAuthTokens): Promise<void> {
    const id = randomBytes(12).toString('base64url');
    await this.secrets.update(revocationAccount(apiBaseUrl, id), { tokens });
    this.write([...this.read(), { apiBaseUrl, id }]);
  }

  /** Tries every pending revocation once; resolves with how many are still waiting. */
  flush(): Promise<number> {
    this.flushing ??= this.tryAll().finally(() => (this.flushing = null));
    return this.flushing;
  }

  private async tryAll(): Promise<number> {
    for (const entry of this.read()) {
      const account = revocationAccount(entry.apiBaseUrl, entry.id);
      try {
        const tokens = (await this.secrets.read(account))?.tokens;
        if (tokens) await this.revokeAt(entry.apiBaseUrl, tokens.refreshToken);
        await this.secrets.clear(account);
        this.write(this.read().filter((e) => e.id !== entry.id));
      } catch (error) {
        this.log(`Revocation at ${entry.apiBaseUrl} is still waiting`, error);
      }
    }
    return this.read().length;
  }

  private read(): PendingRevocation[] {
    if (!existsSync(this.file)) return [];
    try {
      const entries = JSON.parse(readFileSync(this.file, 'utf8')) as unknown;
      return Array.isArray(entries)
        ? entries.filter(
            (e): e is PendingRevocation => typeof e?.apiBaseUrl === 'string' && typeof e?.id === 'string',
          )
        : [];
    } catch {
      return [];
    }
  }

  private write(entries: PendingRevocation[]): void {
    mkdirSync(dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(entries), { mode: 0o600 });
    renameSync(temporary, this.file);
  }
}
