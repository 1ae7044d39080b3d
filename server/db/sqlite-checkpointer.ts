/**
 * SQLite (WAL): checkpoints run on a worker thread with a connection of its own, not on the request
 * thread. In WAL mode every commit appends to the -wal file and, by default, the commit that crosses
 * 1,000 pages copies the WAL back into the database file and fsyncs both, stalling the one thread that
 * answers requests (it was ~15% of a booking under load). PASSIVE checkpoints from another connection
 * run beside the writer without blocking it; the request connection keeps a far higher automatic
 * checkpoint (BACKSTOP_PAGES) only in case this worker stops keeping up.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** The request connection's own automatic checkpoint, a backstop (~40 MB of 4 KiB pages). */
export const BACKSTOP_PAGES = 10_000;
const DEFAULT_INTERVAL_MS = 1000;

/** The worker: CommonJS (eval), the driver's resolved path passed in. */
const WORKER = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
const checkpoint = () => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (error) { parentPort.postMessage(String(error)); }
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.close();
});
`;

export class SqliteCheckpointer {
  readonly #worker: Worker;

  private constructor(worker: Worker) {
    this.#worker = worker;
  }

  /** Starts checkpointing `file` every `intervalMs`; `log` hears of failed checkpoints. */
  static start(
    file: string,
    options: { intervalMs?: number; log?: (message: string) => void } = {},
  ): SqliteCheckpointer {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    const worker = new Worker(WORKER, {
      eval: true,
      workerData: { driver, file, intervalMs: options.intervalMs ?? DEFAULT_INTERVAL_MS },
    });
    worker.on('message', (message: string) => options.log?.(`sqlite checkpoint failed: ${message}`));
    worker.on('error', (error) => options.log?.(`sqlite checkpointer stopped: ${error.message}`));
    // Never what keeps the process alive.
    worker.unref();
    return new SqliteCheckpointer(worker);
  }

  /** Runs a last checkpoint and stops the worker. */
  async close(): Promise<void> {
    // Referenced again while closing: whoever awaits this must not see the process exit under it.
    this.#worker.ref();
    const exited = new Promise<void>((resolve) => this.#worker.once('exit', () => resolve()));
    this.#worker.postMessage('close');
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([exited, new Promise<void>((resolve) => (timer = setTimeout(resolve, 5000)))]);
    clearTimeout(timer);
    await this.#worker.terminate();
  }
}
