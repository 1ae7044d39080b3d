/**
 * Sends this instance's pokes to the other instances (PostgreSQL NOTIFY on POKE_CHANNEL), after the
 * commits they announce, outside the writers' transactions. NOTIFY inside a writer's transaction
 * would make its commit take PostgreSQL's one notification lock, held through the WAL flush, so every
 * notifying commit of every tenant would queue behind the others (measured: about 15% of booking-write).
 *
 * One NOTIFY at a time; pokes of one tenant that arrive meanwhile are folded into one with the highest
 * version (a poke says "pull": the client pulls everything up to the latest anyway). A NOTIFY that
 * fails or does not answer within {@link SEND_TIMEOUT_MS} is logged and its pokes are sent again
 * (backing off up to {@link MAX_RETRY_MS}). Closing sends what is pending once more. A poke is still
 * lost if the process dies first; the catch-up (instance-pokes.ts) pokes such tenants'
 * streams on the other instances within a heartbeat.
 */
export const SEND_TIMEOUT_MS = 5_000;
export const MAX_RETRY_MS = 5_000;
const FIRST_RETRY_MS = 100;

export class PokeNotifier {
  /** Tenant → highest version not sent yet. */
  #pending = new Map<string, number>();
  #inFlight: Promise<void> | null = null;
  #retryTimer: NodeJS.Timeout | null = null;
  #retryMs = FIRST_RETRY_MS;
  #closed = false;

  constructor(
    private readonly instance: string,
    private readonly notify: (payloads: string[]) => Promise<void>,
    private readonly logWarning: (message: string) => void = () => undefined,
    private readonly timeoutMs = SEND_TIMEOUT_MS,
  ) {}

  /** Queues a poke of `tenantId` at `version`; sent with the next NOTIFY. */
  send(tenantId: string, version: number): void {
    if (this.#closed) return;
    this.#merge(tenantId, version);
    if (!this.#inFlight && !this.#retryTimer) this.#flush();
  }

  /** Stops taking pokes; waits for the NOTIFY on its way, then sends what is pending once. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
    await this.#inFlight;
    if (this.#pending.size > 0) await this.#sendPending();
  }

  #merge(tenantId: string, version: number): void {
    this.#pending.set(tenantId, Math.max(this.#pending.get(tenantId) ?? version, version));
  }

  #flush(): void {
    if (this.#closed || this.#pending.size === 0) return;
    this.#inFlight = this.#sendPending().then((sent) => {
      this.#inFlight = null;
      if (this.#closed) return;
      if (sent) {
        this.#retryMs = FIRST_RETRY_MS;
        this.#flush();
        return;
      }
      this.#retryTimer = setTimeout(() => {
        this.#retryTimer = null;
        this.#flush();
      }, this.#retryMs);
      this.#retryMs = Math.min(this.#retryMs * 2, MAX_RETRY_MS);
    });
  }

  /** Sends the pending pokes; on failure they are pending again. Resolves whether they were sent. */
  async #sendPending(): Promise<boolean> {
    const batch = this.#pending;
    this.#pending = new Map();
    const payloads = [...batch].map(([tenantId, version]) => `${this.instance}:${tenantId}:${version}`);
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.notify(payloads),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`no answer within ${this.timeoutMs} ms`)),
            this.timeoutMs,
          );
        }),
      ]);
      return true;
    } catch (error) {
      this.logWarning(`sync pokes not sent to other instances (will retry): ${String(error)}`);
      for (const [tenantId, version] of batch) this.#merge(tenantId, version);
      return false;
    } finally {
      clearTimeout(timer);
    }
  }
}
