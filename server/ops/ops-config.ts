/** What the operations commands (server/cli/backup.ts, restore.ts, restore-tenant.ts) build from the config. */
import { join } from 'node:path';
import type { ServerConfig } from '../config';
import { ConfigError } from '../config';
import { loadMasterKeyring } from '../crypto/master-key.keyring';
import { SecretCipher } from '../crypto/secret.cipher';
import { SqliteBackupService } from './backup.service';

/** Default minutes between the server's online backups of an embedded SQLite database. */
export const DEFAULT_BACKUP_INTERVAL_MINUTES = 5;

export function backupDirOf(config: ServerConfig): string {
  return config.backupDir ?? join(config.dataDir, 'backups');
}

/** The platform's envelope cipher (same master keys as the server). */
export function cipherOf(config: ServerConfig): SecretCipher {
  return new SecretCipher(loadMasterKeyring({ masterKeys: config.masterKeys, dataDir: config.dataDir }));
}

/** The embedded store's backups; refused for PostgreSQL (pgBackRest does those, scripts/pgbackrest/). */
export function sqliteBackupsOf(
  config: ServerConfig,
  now: () => Date = () => new Date(),
): SqliteBackupService {
  if (config.database.store !== 'sqlite' || config.database.url === ':memory:') {
    throw new ConfigError(
      'backups of a PostgreSQL store are pgBackRest\'s (README.md "Operations"); this command backs up an embedded SQLite file',
    );
  }
  return new SqliteBackupService({
    databaseFile: config.database.url,
    backupDir: backupDirOf(config),
    cipher: cipherOf(config),
    now,
  });
}

/** Parses `--name value` options; unknown names or missing values throw. */
export function parseOptions(
  argv: string[],
  names: readonly string[],
  flags: readonly string[] = [],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const name = arg.replace(/^--/, '');
    if (!arg.startsWith('--') || (!names.includes(name) && !flags.includes(name)))
      throw new ConfigError(`unknown argument ${arg}`);
    if (flags.includes(name)) {
      out[name] = 'true';
      continue;
    }
    const value = argv[++i];
    if (value === undefined) throw new ConfigError(`${arg} needs a value`);
    out[name] = value;
  }
  return out;
}

/** `--at` value: an ISO-8601 instant (with offset or Z) or `now`. */
export function parseInstant(value: string | undefined, name = '--at'): Date {
  if (value === undefined)
    throw new ConfigError(`${name} <time> is required (ISO-8601, e.g. 2026-06-01T09:30:00Z)`);
  if (value === 'now') return new Date();
  const ms = Date.parse(value);
  if (!/[zZ]|[+-]\d\d:?\d\d$/.test(value) || Number.isNaN(ms))
    throw new ConfigError(`${name} must be an ISO-8601 instant with an offset or Z, got "${value}"`);
  return new Date(ms);
}
