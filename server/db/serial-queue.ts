import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Runs async tasks one at a time, in call order (SQLite's single connection cannot interleave
 * transactions). Re-entrant: a task started from inside a running task (a lookup inside a tenant
 * transaction) runs at once on the same connection instead of waiting for itself forever.
 */
export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve();
  readonly #inside = new AsyncLocalStorage<true>();

  /** True when called from inside a running task (directly or through its awaits). */
  get insideTask(): boolean {
    return this.#inside.getStore() === true;
  }

  /**
   * Runs `task` now, as part of the running task (for code that the running task calls back in
   * another async context, e.g. a group commit's members, which keep their caller's context).
   */
  within<T>(task: () => Promise<T>): Promise<T> {
    return this.#inside.run(true, task);
  }

  run<T>(task: () => Promise<T>): Promise<T> {
    if (this.insideTask) return task();
    const guarded = () => this.#inside.run(true, task);
    const result = this.#tail.then(guarded, guarded);
    this.#tail = result.catch(() => undefined);
    return result;
  }
}
