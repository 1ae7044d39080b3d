/**
 * Sends this instance's pokes to the other instances (PostgreSQL NOTIFY on POKE_CHANNEL), after the
 * commits they announce, outside the writers' transactions. NOTIFY inside a writer's transaction
 * would make its commit take PostgreSQL's one notification lock, held through the WAL flush, so every
 * notifying commit of every tenant would queue behind the others (measured: about 15% of booking-write).
 *
 * Pokes of one tenant that arrive while a NOTIFY is on its way are folded into one with the highest
 * version (a poke says "pull": the client pulls everything up to the latest anyway). If the process
 * dies between a commit and its NOTIFY, the other instances' streams miss that poke; their clients
 * catch up with the next poke or when their stream reconnects. A failed NOTIFY is logged.
 */
export class PokeNotifier {
  /** Tenant → highest version not sent yet. */
  #pending = new Map<string, number>();
  #sending = false;
  #closed = false;

  constructor(
    private readonly instance: string,
    private readonly notify: (payloads: string[]) => Promise<void>,
    private readonly logWarning: (message: string) => void = () => undefined,
  ) {}

  /** Queues a poke of `tenantId` at `version`; sent with the next NOTIFY. */
  send(tenantId: string, version: number): void {
    if (this.#closed) return;
    this.#pending.set(tenantId, Math.max(this.#pending.get(tenantId) ?? version, version));
    if (!this.#sending) this.#flush();
  }

  close(): void {
    this.#closed = true;
    this.#pending.clear();
  }

  #flush(): void {
    if (this.#closed || this.#pending.size === 0) {
      this.#sending = false;
      return;
    }
    this.#sending = true;
    const payloads = [...this.#pending].map(
      ([tenantId, version]) => `${this.instance}:${tenantId}:${version}`,
    );
    this.#pending = new Map();
    this.notify(payloads)
      .catch((error: unknown) => {
        if (!this.#closed) this.logWarning(`sync pokes not sent to other instances: ${String(error)}`);
      })
      .finally(() => this.#flush());
  }
}
