import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Runs async tasks one at a time, in call order (SQLite's single connection cannot interleave
 * transactions). Re-entrant: a task started from inside a running task (a lookup inside a tenant
 * transaction) runs at once on the same connection instead of waiting for itself forever.
 */
export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve();
  readonly #inside = new AsyncLocalStorage<true>();

  run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#inside.getStore()) return task();
    const guarded = () => this.#inside.run(true, task);
    const result = this.#tail.then(guarded, guarded);
    this.#tail = result.catch(() => undefined);
    return result;
  }
}
