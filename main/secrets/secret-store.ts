/**
 * Where main keeps what must be read back and never written in clear: sign-in tokens, the demo owner's
 * password, the cache's data key. One chain, tried in order: the OS keychain (keytar, service
 * "Bookdesk"), then Electron's safeStorage when it has a real backend, then memory for this run only.
 * The chain records per entry which backend holds it and why the ones before were passed over, so the
 * UI can tell the user why they will sign in again. Nothing here ever writes a secret in clear.
 */

export type SecretBackend = 'keychain' | 'safeStorage' | 'memory';

/** The three operations every place for secrets offers; failures reject. */
export interface SecretStore {
  get(account: string): Promise<string | null>;
  set(account: string, value: string): Promise<void>;
  delete(account: string): Promise<void>;
}

/** One backend of the chain. */
export interface SecretBackendStore extends SecretStore {
  readonly backend: SecretBackend;
  /** Whether secrets held here survive a restart. */
  readonly persistent: boolean;
}

/** Where a secret is (or a new one would be) kept, and why not somewhere better. */
export interface SecretLocation {
  backend: SecretBackend;
  /** True for the keychain and safeStorage: the secret survives a restart. */
  persistent: boolean;
  /** Why the backends before this one were passed over, in a sentence; null for the first choice. */
  reason: string | null;
}

/** A backend the chain could not use, and why. */
export interface SkippedBackend {
  backend: Exclude<SecretBackend, 'memory'>;
  reason: string;
}

const LABEL: Record<SecretBackend, string> = {
  keychain: 'system keychain',
  safeStorage: 'Electron safeStorage',
  memory: 'memory',
};

/** Secrets held by this process only; gone when it exits. */
export class MemorySecretStore implements SecretBackendStore {
  readonly backend = 'memory';
  readonly persistent = false;
  private readonly entries = new Map<string, string>();

  get(account: string): Promise<string | null> {
    return Promise.resolve(this.entries.get(account) ?? null);
  }

  set(account: string, value: string): Promise<void> {
    this.entries.set(account, value);
    return Promise.resolve();
  }

  delete(account: string): Promise<void> {
    this.entries.delete(account);
    return Promise.resolve();
  }
}

/** A backend that may hold the entry could not be asked. */
export class SecretUnavailableError extends Error {
  override readonly name = 'SecretUnavailableError';
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The chain over the backends that passed their probe (memory always last). A write goes to the first
 * backend that takes it; a backend that refuses a write is passed over for that entry, with the reason
 * kept. A read asks the backend recorded for the entry, or each backend in order.
 */
export class SecretChain implements SecretStore {
  private readonly backends: SecretBackendStore[];
  private readonly where = new Map<string, SecretLocation>();

  /**
   * @param usable the backends that answered their probe, best first (memory is appended if absent).
   * @param skipped the backends that did not, with why: they make up the reason of a later choice.
   */
  constructor(
    usable: readonly SecretBackendStore[],
    private readonly skipped: readonly SkippedBackend[] = [],
  ) {
    this.backends = usable.some((b) => b.backend === 'memory')
      ? [...usable]
      : [...usable, new MemorySecretStore()];
  }

  /**
   * The entry's value; null when no backend holds it. Rejects when none had it but one could not be
   * asked (a keychain that timed out, an access prompt refused): "absent" would make a caller replace
   * a secret that still exists, such as the key of a cache full of changes waiting to be sent.
   */
  async get(account: string): Promise<string | null> {
    const known = this.where.get(account);
    const order = known ? this.backends.filter((b) => b.backend === known.backend) : this.backends;
    const failures: string[] = [];
    for (const backend of order) {
      let value: string | null;
      try {
        value = await backend.get(account);
      } catch (error) {
        failures.push(`${LABEL[backend.backend]}: ${message(error)}`);
        continue;
      }
      if (value === null) continue;
      if (!known) this.where.set(account, this.locationAt(backend, this.skipped));
      return value;
    }
    if (failures.length)
      throw new SecretUnavailableError(`could not read ${account} (${failures.join('; ')})`);
    return null;
  }

  async set(account: string, value: string): Promise<void> {
    const refused: SkippedBackend[] = [];
    for (const backend of this.backends) {
      try {
        await backend.set(account, value);
      } catch (error) {
        if (backend.backend === 'memory') throw error; // cannot happen; memory takes everything
        refused.push({ backend: backend.backend, reason: `it refused the entry (${message(error)})` });
        continue;
      }
      this.where.set(account, this.locationAt(backend, [...this.skipped, ...refused]));
      // An older copy in a backend after this one would be read back once this one forgets it.
      for (const other of this.backends.slice(this.backends.indexOf(backend) + 1))
        await other.delete(account).catch(() => undefined);
      return;
    }
  }

  async delete(account: string): Promise<void> {
    this.where.delete(account);
    const failures: string[] = [];
    for (const backend of this.backends)
      await backend
        .delete(account)
        .catch((error: unknown) => failures.push(`${backend.backend}: ${message(error)}`));
    if (failures.length) throw new Error(`could not delete ${account} everywhere (${failures.join('; ')})`);
  }

  /** Where the entry of `account` is held (as last read or written in this run); null if unknown. */
  locationOf(account: string): SecretLocation | null {
    return this.where.get(account) ?? null;
  }

  /** Where a new secret would go now, and why not somewhere better. */
  status(): SecretLocation {
    return this.locationAt(this.backends[0]!, this.skipped);
  }

  private locationAt(backend: SecretBackendStore, passedOver: readonly SkippedBackend[]): SecretLocation {
    const before = passedOver.filter((s) => this.rank(s.backend) < this.rank(backend.backend));
    const why = before.map((s) => `${LABEL[s.backend]}: ${s.reason}`).join('; ');
    let reason: string | null = null;
    if (backend.backend === 'memory')
      reason = `Secrets are kept in memory for this run only, so you will need to sign in again next time (${why || 'no persistent store'}).`;
    else if (before.length) reason = `Secrets are kept with ${LABEL[backend.backend]} (${why}).`;
    return { backend: backend.backend, persistent: backend.persistent, reason };
  }

  private rank(backend: SecretBackend): number {
    return (['keychain', 'safeStorage', 'memory'] as const).indexOf(backend);
  }
}
