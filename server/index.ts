/** `npm run server`: reads the environment, starts the API, prints `listening on <url>`, stops on SIGINT/SIGTERM. */
import { buildApp } from './app';
import { ConfigError, loadConfig } from './config';
import { BackupScheduler } from './ops/backup.scheduler';
import { DEFAULT_BACKUP_INTERVAL_MINUTES, sqliteBackupsOf } from './ops/ops-config';

/** On SIGTERM/SIGINT, how long requests in flight may take to finish before their connections are cut. */
const SHUTDOWN_GRACE_MS = 10_000;
/** After the grace, how long closing the database may take before the process exits anyway (status 1). */
const SHUTDOWN_HARD_LIMIT_MS = SHUTDOWN_GRACE_MS + 5_000;

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`bookdesk server: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  const app = await buildApp(config);
  let backups: BackupScheduler | undefined;
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    // app.close() stops accepting at once, ends the event streams (with a retry hint, sync.routes.ts),
    // waits for the requests in flight and then closes the database. A request still running after the
    // grace loses its connection, so a stuck client cannot hold the process (and the deploy) forever.
    setTimeout(() => {
      app.log.warn({ graceMs: SHUTDOWN_GRACE_MS }, 'requests still in flight after the grace: closing them');
      app.server.closeAllConnections();
    }, SHUTDOWN_GRACE_MS).unref();
    setTimeout(() => {
      app.log.error('shutdown did not finish in time: exiting');
      process.exit(1);
    }, SHUTDOWN_HARD_LIMIT_MS).unref();
    (backups?.stop() ?? Promise.resolve())
      .then(() => app.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          app.log.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  console.log(`listening on ${config.tls ? 'https' : 'http'}://${host}:${port}`);
  // Embedded SQLite: online backups every few minutes (README.md "Operations"); PostgreSQL: pgBackRest.
  const interval = config.backupIntervalMinutes ?? DEFAULT_BACKUP_INTERVAL_MINUTES;
  if (config.database.store === 'sqlite' && config.database.url !== ':memory:' && interval > 0) {
    backups = new BackupScheduler(sqliteBackupsOf(config), {
      info: (report) => app.log.info({ backup: { ...report, pruned: report.pruned.length } }, 'backup taken'),
      error: (error) => app.log.error({ err: error }, 'backup failed'),
    }).start(interval);
  }
}

main().catch((error: unknown) => {
  console.error('bookdesk server failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
