/**
 * The OS keychain through keytar (macOS Keychain, Windows Credential Vault, libsecret). keytar is an
 * optional dependency loaded on first use: a machine where it could not be built (no libsecret
 * headers, no prebuilt binary) still installs and runs, and the chain says why it fell back.
 */
import type { SecretBackendStore } from './secret-store';

/** The slice of keytar this store uses (keytar itself in the app, the same real keyring in tests). */
export interface KeytarLike {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
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

const KEYTAR_MODULE = 'keytar';

/** keytar, or why it cannot be used here. */
export type KeytarLoad = { ok: true; keytar: KeytarLike } | { ok: false; reason: string };

const isKeytar = (value: unknown): value is KeytarLike =>
  typeof value === 'object' &&
  value !== null &&
  ['getPassword', 'setPassword', 'deletePassword'].every(
    (name) => typeof (value as Record<string, unknown>)[name] === 'function',
  );

/**
 * Imports keytar on demand. The specifier is a variable so the type-check and the bundle do not
 * need keytar to be installed; `importer` is replaceable for tests (a module that is missing or whose
 * native part does not load).
 */
export async function loadKeytar(
  importer: () => Promise<unknown> = () => import(KEYTAR_MODULE),
): Promise<KeytarLoad> {
  let loaded: unknown;
  try {
    loaded = await importer();
  } catch (error) {
    const detail = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    const missing =
      (error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND' ||
      /Cannot find (module|package)/.test(detail);
    return {
      ok: false,
      reason: missing ? `keytar is not installed (${detail})` : `keytar could not load (${detail})`,
    };
  }
  // A CommonJS module imported from ESM arrives as its `default` export.
  const candidate = isKeytar(loaded) ? loaded : (loaded as { default?: unknown } | null)?.default;
  return isKeytar(candidate)
    ? { ok: true, keytar: candidate }
    : { ok: false, reason: 'keytar loaded without its API' };
}
export class KeytarSecretStore implements SecretBackendStore {
  readonly backend = 'keychain';
  readonly persistent = true;

  constructor(
    private readonly keytar: KeytarLike,
    private readonly service = KEYCHAIN_SERVICE,
    private readonly timeoutMs = KEYCHAIN_TIMEOUT_MS,
  ) {}

  get(account: string): Promise<string | null> {
    return this.withTimeout(this.keytar.getPassword(this.service, account));
  }

  set(account: string, value: string): Promise<void> {
    return this.withTimeout(this.keytar.setPassword(this.service, account, value));
  }

  async delete(account: string): Promise<void> {
    await this.withTimeout(this.keytar.deletePassword(this.service, account));
  }

  /**
   * Null when the keychain takes a secret, else why not: none on a headless Linux box; a locked
   * keyring whose unlock prompt cannot appear answers reads but never a write, so the probe writes
   * (and removes) one.
   */
  async probe(): Promise<string | null> {
    try {
      await this.set(PROBE_ACCOUNT, 'probe');
      await this.delete(PROBE_ACCOUNT);
      return null;
    } catch (error) {
      return `it did not take a test entry (${error instanceof Error ? error.message : String(error)})`;
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
