/**
 * Electron's safeStorage as the chain's second choice: secrets encrypted with a key the OS guards
 * (Keychain on macOS, DPAPI on Windows, libsecret/kwallet on Linux), their ciphertexts kept in one
 * file readable by the user only (0600) in the data directory. On Linux, safeStorage falls back to a
 * hard-coded key (`basic_text`) when no secret service answers; that is obfuscation, not encryption,
 * so the chain refuses it.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SecretBackendStore } from './secret-store';

/**
 * The slice of Electron's `safeStorage` used here. main/electron/ passes the real one; under Node
 * there is none.
 */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  /** Linux only: `basic_text`, `gnome_libsecret`, `kwallet`, `kwallet5`, `kwallet6` or `unknown`. */
  getSelectedStorageBackend?(): string;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

/** Linux backends that only obfuscate, or are not decided yet (before the app is ready). */
const NOT_ENCRYPTING = new Set(['basic_text', 'unknown']);

/** Null when `safeStorage` really encrypts here, else why not. */
export function safeStorageProblem(
  safeStorage: SafeStorageLike | undefined,
  platform: NodeJS.Platform = process.platform,
): string | null {
  if (!safeStorage) return 'not running in Electron';
  if (!safeStorage.isEncryptionAvailable()) return 'encryption is not available';
  if (platform !== 'linux') return null;
  const backend = safeStorage.getSelectedStorageBackend?.() ?? 'unknown';
  return NOT_ENCRYPTING.has(backend)
    ? `its Linux backend is "${backend}", a fixed key rather than a secret service`
    : null;
}

type Entries = Record<string, string>;

export class SafeStorageSecretStore implements SecretBackendStore {
  readonly backend = 'safeStorage';
  readonly persistent = true;

  /** @param file where the ciphertexts are kept (JSON of base64 values, mode 0600). */
  constructor(
    private readonly safeStorage: SafeStorageLike,
    private readonly file: string,
  ) {}

  get(account: string): Promise<string | null> {
    return attempt(() => {
      const sealed = this.read()[account];
      return sealed === undefined ? null : this.safeStorage.decryptString(Buffer.from(sealed, 'base64'));
    });
  }

  set(account: string, value: string): Promise<void> {
    return attempt(() =>
      this.write({ ...this.read(), [account]: this.safeStorage.encryptString(value).toString('base64') }),
    );
  }

  delete(account: string): Promise<void> {
    return attempt(() => {
      const entries = this.read();
      if (!(account in entries)) return;
      delete entries[account];
      this.write(entries);
    });
  }

  private read(): Entries {
    return existsSync(this.file) ? (JSON.parse(readFileSync(this.file, 'utf8')) as Entries) : {};
  }

  /** Replaces the file in one rename, so a crash leaves the old or the new entries, never half. */
  private write(entries: Entries): void {
    mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 });
    const next = `${this.file}.${process.pid}.tmp`;
    writeFileSync(next, JSON.stringify(entries), { mode: 0o600 });
    chmodSync(next, 0o600); // the mode above is masked by the umask; this is not
    renameSync(next, this.file);
  }
}

/** Runs a synchronous step as a promise, a throw becoming a rejection. */
function attempt<T>(step: () => T): Promise<T> {
  try {
    return Promise.resolve(step());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}
