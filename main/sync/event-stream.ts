/**
 * The desk's one `GET /v1/sync/events` stream (API.md "Sync"): every poke asks for a pull; the
 * stream reconnects with exponential backoff and full jitter, and a stream that has been silent for
 * three heartbeats (the API sends one every 15 s) is taken for dead and reopened, since a dropped
 * Wi-Fi often leaves a TCP connection that never errors.
 */
import { createParser } from 'eventsource-parser';

export interface EventStreamDeps {
  url: string;
  /** The bearer credential; null: signed out (the stream stays closed). */
  accessToken(): Promise<string | null>;
  onPoke(version: number): void;
  /** The stream is open (after a connect or reconnect): the desk pulls and pushes at once. */
  onOpen(): void;
  /** It could not connect or it dropped: `unauthorized` when the API refused the credential. */
  onDown(reason: 'network' | 'unauthorized' | 'server'): void;
  fetchFn?: typeof fetch;
  /** Silence after which the stream is taken for dead. Default 45 s. */
  deadAfterMs?: number;
  /** First retry delay; doubles up to `maxBackoffMs`. Default 500 ms, at most 30 s. */
  backoffMs?: number;
  maxBackoffMs?: number;
  random?: () => number;
}

export class EventStream {
  private running = false;
  private controller: AbortController | null = null;
  private watchdog: NodeJS.Timeout | null = null;
  private wake: (() => void) | null = null;
  private attempt = 0;
  private loop: Promise<void> | null = null;

  constructor(private readonly deps: EventStreamDeps) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.controller?.abort();
    this.wake?.();
    await this.loop;
  }

  /** Drops the current connection and connects again now (woken from sleep, line back). */
  reconnectNow(): void {
    this.attempt = 0;
    this.controller?.abort();
    this.wake?.();
  }

  private async run(): Promise<void> {
    while (this.running) {
      const outcome = await this.connectOnce();
      if (!this.running) break;
      if (outcome !== 'ended') this.deps.onDown(outcome);
      const ceiling = Math.min(
        this.deps.maxBackoffMs ?? 30_000,
        (this.deps.backoffMs ?? 500) * 2 ** this.attempt,
      );
      this.attempt = Math.min(this.attempt + 1, 16);
      const delay = Math.round((this.deps.random ?? Math.random)() * ceiling);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
  }

  /** One connection, until it ends or fails. */
  private async connectOnce(): Promise<'ended' | 'network' | 'unauthorized' | 'server'> {
    // The controller exists before the token is awaited, so stop() during that wait is not lost.
    const controller = new AbortController();
    this.controller = controller;
    let token: string | null;
    try {
      token = await this.deps.accessToken();
    } catch {
      return 'network';
    }
    if (!this.running || controller.signal.aborted) return 'ended';
    if (!token) return 'unauthorized';
    try {
      const response = await (this.deps.fetchFn ?? fetch)(this.deps.url, {
        headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
        signal: controller.signal,
      });
      if (response.status === 401) return 'unauthorized';
      if (!response.ok || !response.body) return response.status >= 500 ? 'server' : 'network';
      this.attempt = 0;
      this.deps.onOpen();
      const parser = createParser({
        onEvent: (event) => {
          if (event.event !== 'poke') return;
          try {
            const { version } = JSON.parse(event.data) as { version: number };
            if (Number.isFinite(version)) this.deps.onPoke(version);
          } catch {
            // A malformed poke still means "something changed".
            this.deps.onPoke(Number.NaN);
          }
        },
      });
      const decoder = new TextDecoder();
      this.armWatchdog(controller);
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        this.armWatchdog(controller);
        parser.feed(decoder.decode(chunk, { stream: true }));
      }
      return 'ended';
    } catch {
      return 'network';
    } finally {
      if (this.watchdog) clearTimeout(this.watchdog);
      this.watchdog = null;
      if (this.controller === controller) this.controller = null;
    }
  }

  private armWatchdog(controller: AbortController): void {
    if (this.watchdog) clearTimeout(this.watchdog);
    this.watchdog = setTimeout(() => controller.abort(), this.deps.deadAfterMs ?? 45_000);
  }
}
