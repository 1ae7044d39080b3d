/**
 * PostgreSQL: the one LISTEN connection of this instance, shared by every feature that reacts to
 * other instances' commits: the sync feed's pokes (`bookdesk_sync`, server/sync) and credential
 * changes (`bookdesk_auth`, ./auth-changes.ts). Handlers are registered before {@link start}.
 * If the connection drops, `lost` handlers run at once (notifications may be missed from then on),
 * the connection is re-established with backoff, and `restored` handlers run once it listens again.
 */
import pg from 'pg';
import type { DatabaseConfig } from '../config';

const MAX_BACKOFF_MS = 5000;
/**
 * A connection that died without a reset (a network partition) raises no event: the listener asks
 * the server something this often, and a query unanswered within QUERY_TIMEOUT_MS counts as a drop.
 */
const HEALTH_CHECK_MS = 10_000;
const QUERY_TIMEOUT_MS = 5000;
/** How the connection shows in pg_stat_activity (operators and tests find it by this name). */
export const LISTENER_APPLICATION_NAME = 'bookdesk-listener';

export class PostgresNotificationListener {
  readonly #channels = new Map<string, (payload: string) => void>();
  readonly #lost: (() => void)[] = [];
  readonly #restored: (() => void)[] = [];
  #client: pg.Client | null = null;
  #closed = false;
  #retry: NodeJS.Timeout | null = null;
  #backoffMs = 50;
  #healthCheck: NodeJS.Timeout | null = null;

  constructor(
    private readonly url: string,
    private readonly log: (message: string, error?: unknown) => void = () => undefined,
    /** Health check interval and query timeout (tests shorten them). */
    private readonly timing = { healthCheckMs: HEALTH_CHECK_MS, queryTimeoutMs: QUERY_TIMEOUT_MS },
  ) {}

  /** Calls `handler` with the payload of every notification on `channel` (a plain identifier). */
  on(channel: string, handler: (payload: string) => void): void {
    if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`invalid channel name "${channel}"`);
    if (this.#client) throw new Error('register channels before start()');
    this.#channels.set(channel, handler);
  }

  /** `lost`: the connection dropped (notifications may be missed); `restored`: listening again. */
  onConnection(handlers: { lost?: () => void; restored?: () => void }): void {
    if (handlers.lost) this.#lost.push(handlers.lost);
    if (handlers.restored) this.#restored.push(handlers.restored);
  }

  /** Connects and listens; rejects if the first connection fails (the server should not start). */
  async start(): Promise<void> {
    await this.connect();
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.url,
      application_name: LISTENER_APPLICATION_NAME,
      keepAlive: true,
      query_timeout: this.timing.queryTimeoutMs,
    });
    client.on('notification', (message) => {
      const handler = this.#channels.get(message.channel);
      if (handler && message.payload) handler(message.payload);
    });
    const dropped = (error?: unknown) => {
      if (this.#client !== client) return;
      this.#client = null;
      this.#stopHealthCheck();
      client.removeAllListeners('end');
      client.end().catch(() => undefined);
      if (!this.#closed) {
        this.log('notification listener connection lost; reconnecting', error);
        for (const lost of this.#lost) lost();
        this.scheduleReconnect();
      }
    };
    client.on('error', dropped);
    client.on('end', () => dropped());
    this.#client = client;
    try {
      await client.connect();
      for (const channel of this.#channels.keys()) await client.query(`LISTEN ${channel}`);
    } catch (error) {
      if (this.#client === client) this.#client = null;
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
      throw error;
    }
    this.#backoffMs = 50;
    this.#stopHealthCheck();
    this.#healthCheck = setInterval(() => {
      client.query('SELECT 1').catch((error: unknown) => dropped(error));
    }, this.timing.healthCheckMs);
    this.#healthCheck.unref();
    if (this.#closed) {
      this.#client = null;
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
    }
  }

  private scheduleReconnect(): void {
    if (this.#retry || this.#closed) return;
    this.#retry = setTimeout(() => {
      this.connect().then(
        () => {
          this.#retry = null;
          if (this.#closed) return;
          // Dropped again before this ran: `dropped` could not schedule while #retry was set.
          if (!this.#client) return this.scheduleReconnect();
          for (const restored of this.#restored) restored();
        },
        (error: unknown) => {
          this.#retry = null;
          this.log('notification listener reconnect failed', error);
          this.#backoffMs = Math.min(this.#backoffMs * 2, MAX_BACKOFF_MS);
          this.scheduleReconnect();
        },
      );
    }, this.#backoffMs);
    this.#retry.unref();
  }

  #stopHealthCheck(): void {
    if (this.#healthCheck) clearInterval(this.#healthCheck);
    this.#healthCheck = null;
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#stopHealthCheck();
    if (this.#retry) clearTimeout(this.#retry);
    const client = this.#client;
    this.#client = null;
    if (client) {
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
    }
  }
}

/** The instance's listener on PostgreSQL (not started); null on SQLite, which runs as one instance. */
export function notificationListenerFor(
  database: DatabaseConfig,
  log: (message: string, error?: unknown) => void,
): PostgresNotificationListener | null {
  return database.store === 'postgres' ? new PostgresNotificationListener(database.url, log) : null;
}
