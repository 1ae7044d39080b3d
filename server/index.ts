/** `npm run server`: reads the environment, starts the API, prints `listening on <url>`, stops on SIGINT/SIGTERM. */
import { buildApp } from './app';
import { ConfigError, loadConfig } from './config';
import { BackupScheduler } from './ops/backup.scheduler';
import { DEFAULT_BACKUP_INTERVAL_MINUTES, sqliteBackupsOf } from './ops/ops-config';

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
