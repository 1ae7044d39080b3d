/**
 * Credentials in the OS keychain (keytar: macOS Keychain, Windows Credential Vault, libsecret), one
 * entry per API base URL under the service "Bookdesk". Only main reads them; the renderer can ask main
 * to use a credential, never to see it.
 */

/** The slice of keytar this store uses (keytar itself in the app, the same real keyring in tests). */
export interface KeytarLike {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

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

export const KEYCHAIN_SERVICE = 'Bookdesk';
const PROBE_ACCOUNT = 'bookdesk:probe';

/**
 * How long a keychain call may take. A locked keyring with no way to show its unlock prompt (a
 * session without a desktop, or a prompter that never appears) leaves libsecret waiting forever, and
 * the desk must not hang on start-up because of it.
 */
export const KEYCHAIN_TIMEOUT_MS = 10_000;

/** The keychain refused or did not answer in time. */
export class KeychainUnavailableError extends Error {
  override readonly name = 'KeychainUnavailableError';
}

/** The keychain account for an API: its origin plus path, without a trailing slash. */
export function keychainAccount(apiBaseUrl: string): string {
  const url = new URL(apiBaseUrl);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

export class KeychainStore {
  constructor(
    private readonly keytar: KeytarLike,
    private readonly service = KEYCHAIN_SERVICE,
    private readonly timeoutMs = KEYCHAIN_TIMEOUT_MS,
  ) {}

  async read(apiBaseUrl: string): Promise<StoredCredentials | null> {
    const raw = await this.withTimeout(this.keytar.getPassword(this.service, keychainAccount(apiBaseUrl)));
    return raw ? (JSON.parse(raw) as StoredCredentials) : null;
  }

  /** Merges `patch` into what is stored for `apiBaseUrl`. */
  async update(apiBaseUrl: string, patch: StoredCredentials): Promise<void> {
    const current = (await this.read(apiBaseUrl)) ?? {};
    await this.withTimeout(
      this.keytar.setPassword(
        this.service,
        keychainAccount(apiBaseUrl),
        JSON.stringify({ ...current, ...patch }),
      ),
    );
  }

  async clear(apiBaseUrl: string): Promise<void> {
    await this.withTimeout(this.keytar.deletePassword(this.service, keychainAccount(apiBaseUrl)));
  }

  /**
   * Whether the keychain takes a credential: none on a headless Linux box; a locked keyring whose
   * unlock prompt cannot appear answers reads but never a write, so the probe writes (and removes) one.
   */
  async isAvailable(): Promise<boolean> {
    try {
      await this.withTimeout(this.keytar.setPassword(this.service, PROBE_ACCOUNT, 'probe'));
      await this.withTimeout(this.keytar.deletePassword(this.service, PROBE_ACCOUNT));
      return true;
    } catch {
      return false;
    }
  }

  private withTimeout<T>(operation: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new KeychainUnavailableError(`the keychain did not answer within ${this.timeoutMs} ms`)),
        this.timeoutMs,
      );
      timer.unref();
    });
    return Promise.race([operation, timeout]).finally(() => clearTimeout(timer));
  }
}
