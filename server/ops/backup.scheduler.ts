/**
 * The server's own backups of an embedded SQLite database (server/index.ts): one right after start,
 * then every `intervalMinutes` (default 5); the first of each 24 h is the daily
 * (./backup.service.ts). A failed run is logged and the next one tries again; runs never overlap.
 */
import type { BackupReport, SqliteBackupService } from './backup.service';

export class BackupScheduler {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | null = null;

  constructor(
    private readonly backups: SqliteBackupService,
    private readonly log: { info(report: BackupReport): void; error(error: unknown): void },
  ) {}

  start(intervalMinutes: number): this {
    this.#timer = setInterval(() => void this.runOnce(), intervalMinutes * 60_000);
    this.#timer.unref();
    void this.runOnce();
    return this;
  }

  /** One backup now (skipped while one is running). */
  runOnce(): Promise<void> {
    this.#running ??= this.backups
      .take()
      .then(
        (report) => this.log.info(report),
        (error: unknown) => this.log.error(error),
      )
      .finally(() => {
        this.#running = null;
      });
    return this.#running;
  }

  /** Stops the timer and waits for a run in flight. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#running;
  }
}
