/**
 * PostgreSQL: the one LISTEN connection of this instance. Every committed change of any instance
 * notifies `bookdesk_sync` with `<tenantId>:<version>` (ChangeFeedRepository.record), which this
 * connection turns into pokes on the instance's bus. If the connection drops it reconnects with
 * backoff and then calls `onReconnect`, since notifications sent meanwhile are lost.
 */
import pg from 'pg';
import { POKE_CHANNEL } from './change-feed.repository';
import type { PokeBus } from './sync-pokes';

const MAX_BACKOFF_MS = 5000;

export class PostgresPokeListener {
  #client: pg.Client | null = null;
  #closed = false;
  #retry: NodeJS.Timeout | null = null;
  #backoffMs = 50;

  constructor(
    private readonly url: string,
    private readonly bus: PokeBus,
    /** Called after a reconnect: pokes may have been missed while the connection was down. */
    private readonly onReconnect: () => void,
    private readonly log: (message: string, error?: unknown) => void = () => undefined,
  ) {}

  /** Connects and listens; rejects if the first connection fails (the server should not start). */
  async start(): Promise<void> {
    await this.connect();
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url });
    client.on('notification', (message) => {
      if (message.channel !== POKE_CHANNEL || !message.payload) return;
      const separator = message.payload.lastIndexOf(':');
      const version = Number(message.payload.slice(separator + 1));
      if (separator > 0 && Number.isSafeInteger(version)) {
        this.bus.emit(message.payload.slice(0, separator), version);
      }
    });
    const dropped = (error?: unknown) => {
      if (this.#client !== client) return;
      this.#client = null;
      client.removeAllListeners('end');
      client.end().catch(() => undefined);
      if (!this.#closed) {
        this.log('sync listener connection lost; reconnecting', error);
        this.scheduleReconnect();
      }
    };
    client.on('error', dropped);
    client.on('end', () => dropped());
    this.#client = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${POKE_CHANNEL}`);
    } catch (error) {
      if (this.#client === client) this.#client = null;
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
      throw error;
    }
    this.#backoffMs = 50;
  }

  private scheduleReconnect(): void {
    if (this.#retry || this.#closed) return;
    this.#retry = setTimeout(() => {
      this.#retry = null;
      this.connect().then(
        () => this.onReconnect(),
        (error: unknown) => {
          this.log('sync listener reconnect failed', error);
          this.#backoffMs = Math.min(this.#backoffMs * 2, MAX_BACKOFF_MS);
          this.scheduleReconnect();
        },
      );
    }, this.#backoffMs);
    this.#retry.unref();
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#retry) clearTimeout(this.#retry);
    const client = this.#client;
    this.#client = null;
    if (client) {
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
    }
  }
}
