/**
 * What `npm start` has started (API, desk services, bridge, window), stopped newest first when a stop
 * is asked for (SIGTERM, Ctrl-C, npm gone) — at once, also while it is still starting: a signal that
 * only set a flag was acted on after the demo, the first sync and the bridge had all started.
 */
export class Shutdown {
  private readonly parts: (() => Promise<void>)[] = [];
  private readonly pending = new Set<Promise<unknown>>();
  private readonly aborter = new AbortController();
  private stopping: Promise<void> | null = null;

  /** Aborted when a stop begins: a start in flight gives up and stops what it spawned. */
  get signal(): AbortSignal {
    return this.aborter.signal;
  }

  get requested(): boolean {
    return this.stopping !== null;
  }

  /** Registers how to stop a part that has started (a stop under way stops it too before exiting). */
  add(stop: () => Promise<void>): void {
    this.parts.push(stop);
  }

  /**
   * Awaits a start that spawns something (`stopOf` says how to stop what it gave, if anything): a
   * stop waits for it to settle (it gives up on {@link signal}) so nothing it spawned is left behind.
   */
  async track<T>(
    starting: Promise<T>,
    stopOf: (started: T) => (() => Promise<void>) | undefined,
  ): Promise<T> {
    // Settles either way (a failed start leaves nothing to stop; the caller sees its error).
    const settled = starting.then(
      (started) => {
        const stop = stopOf(started);
        if (stop) this.add(stop);
      },
      () => undefined,
    );
    this.pending.add(settled);
    try {
      return await starting;
    } finally {
      await settled;
      this.pending.delete(settled);
    }
  }

  /** Stops every part, newest first, then exits with `code`; later calls wait for the first. */
  stop(code = 0): Promise<void> {
    this.stopping ??= (async () => {
      this.aborter.abort();
      await Promise.allSettled([...this.pending]);
      // Newest first; a part that finished starting meanwhile is stopped too.
      for (let stop = this.parts.pop(); stop; stop = this.parts.pop()) await stop().catch(() => undefined);
      process.exit(code);
    })();
    return this.stopping;
  }
}
