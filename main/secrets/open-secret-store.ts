/**
 * Builds the SecretStore chain for this run: probes the keychain (loading keytar lazily), checks
 * safeStorage, and keeps memory last. The same function serves Electron (with safeStorage), the
 * Chromium fallback of `npm start` and tests (with their own keytar service or a failing loader).
 */
import type { KeytarLike, KeytarLoad } from './keytar.backend';
import { KEYCHAIN_SERVICE, KEYCHAIN_TIMEOUT_MS, KeytarSecretStore, loadKeytar } from './keytar.backend';
import type { SafeStorageLike } from './safe-storage.backend';
import { SafeStorageSecretStore, safeStorageProblem } from './safe-storage.backend';
import type { SecretBackendStore, SkippedBackend } from './secret-store';
import { SecretChain } from './secret-store';

export interface SecretStoreOptions {
  /** Loads keytar; defaults to the lazy import of the optional dependency. */
  loadKeytar?: () => Promise<KeytarLoad>;
  /** The keychain service name ("Bookdesk"; tests use their own). */
  service?: string;
  timeoutMs?: number;
  /** Electron's safeStorage, passed by main/electron/; absent under Node. */
  safeStorage?: SafeStorageLike;
  /** The 0600 file for safeStorage's ciphertexts (e.g. `<data dir>/secrets.json`); needed with it. */
  safeStorageFile?: string;
  platform?: NodeJS.Platform;
}

/** A chain for this machine: keychain -> safeStorage -> memory, each skipped with its reason. */
export async function openSecretStore(options: SecretStoreOptions = {}): Promise<SecretChain> {
  const usable: SecretBackendStore[] = [];
  const skipped: SkippedBackend[] = [];

  const loaded = await (options.loadKeytar ?? loadKeytar)();
  if (loaded.ok) {
    const keychain = new KeytarSecretStore(
      loaded.keytar,
      options.service ?? KEYCHAIN_SERVICE,
      options.timeoutMs ?? KEYCHAIN_TIMEOUT_MS,
    );
    const problem = await keychain.probe();
    if (problem === null) usable.push(keychain);
    else skipped.push({ backend: 'keychain', reason: problem });
  } else {
    skipped.push({ backend: 'keychain', reason: loaded.reason });
  }

  const problem = safeStorageProblem(options.safeStorage, options.platform);
  if (problem !== null) skipped.push({ backend: 'safeStorage', reason: problem });
  else if (!options.safeStorageFile)
    skipped.push({ backend: 'safeStorage', reason: 'no file to keep its entries in' });
  else usable.push(new SafeStorageSecretStore(options.safeStorage!, options.safeStorageFile));

  return new SecretChain(usable, skipped);
}

/** A keytar loader that always hands out `keytar` (tests with a real keyring or a fake). */
export const givenKeytar = (keytar: KeytarLike) => async (): Promise<KeytarLoad> => ({ ok: true, keytar });
