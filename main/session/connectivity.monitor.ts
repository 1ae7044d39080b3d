/** Tells whether the API answers, by polling its `/healthz`; the header shows online/offline from it. */
export class ConnectivityMonitor {
  private online = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private apiBaseUrl: string | null,
    private readonly fetchFn: typeof fetch = fetch,
    private readonly intervalMs = 10_000,
  ) {}

  /** The API to watch; set once the API's address is known (it may start after the cache opens). */
  setBaseUrl(apiBaseUrl: string | null): void {
    this.apiBaseUrl = apiBaseUrl;
  }

  isOnline(): boolean {
    return this.online;
  }

  /** Checks once now, then every interval until `stop()`. */
  async start(): Promise<void> {
    await this.check();
    this.timer = setInterval(() => void this.check(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  async check(): Promise<boolean> {
    if (!this.apiBaseUrl) return (this.online = false);
    try {
      const response = await this.fetchFn(new URL('/healthz', this.apiBaseUrl), {
        signal: AbortSignal.timeout(3000),
      });
      this.online = response.ok;
    } catch {
      this.online = false;
    }
    return this.online;
  }
}
