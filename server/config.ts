/**
 * The server's configuration, read once from the environment (../shared/API.md "Starting the server").
 * Everything else receives a typed {@link ServerConfig}; nothing below this file reads `process.env`.
 */
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';

/** Which database engine a `DATABASE_URL` selects. */
export type Store = 'sqlite' | 'postgres';

/** Database settings. On PostgreSQL the app and the migrations use different roles (see server/db/README.md). */
export interface DatabaseConfig {
  store: Store;
  /** SQLite: absolute file path (or `:memory:`). PostgreSQL: the app role's connection string. */
  url: string;
  /** PostgreSQL only: connection string of the role that owns the tables and runs migrations. */
  ownerUrl?: string;
}

/** OAuth client settings of one external calendar provider; absent when not configured. */
export interface ProviderConfig {
  clientId: string;
  clientSecret: string;
}

/** Typed, validated server configuration. */
export interface ServerConfig {
  host: string;
  /** 0 picks a free port. */
  port: number;
  dataDir: string;
  /** This deployment's region (`REGION`, a slug like `eu`; unset: not pinned, reported as `default`). */
  region?: string;
  /** The regions a business can choose, each its own deployment (`REGIONS=eu=https://…,us=https://…`). */
  regions?: { id: string; url: string }[];
  /** Operator secret for `POST /v1/ops/tenant-import` (move-tenant's target side); unset = route absent. */
  opsToken?: string;
  /** Embedded SQLite backups (`BOOKDESK_BACKUP_DIR`, default `<dataDir>/backups`; README.md "Operations"). */
  backupDir?: string;
  /** Minutes between the server's online backups of an embedded SQLite file (`BACKUP_INTERVAL_MINUTES`, 0 = off; default 5). */
  backupIntervalMinutes?: number;
  database: DatabaseConfig;
  tls?: { certFile: string; keyFile: string };
  /** True when a TLS-terminating proxy sits in front (X-Forwarded-* are trusted). */
  trustProxy: boolean;
  /** Raw `BOOKDESK_MASTER_KEYS` (parsed by server/crypto); undefined = generated key file in dataDir. */
  masterKeys?: string;
  /** Public base URL (OAuth callbacks, links); defaults to the listening URL. */
  publicUrl?: string;
  google?: ProviderConfig;
  microsoft?: ProviderConfig;
  /** Provider endpoint overrides (tests point these at local fakes). */
  providerEndpoints: Partial<Record<ProviderEndpoint, string>>;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Global rate limit: requests per minute per client address. Routes may set their own. */
  rateLimitPerMinute: number;
  /** How long security events are kept (30–183 days; the chain stays verifiable after pruning). */
  auditRetentionDays?: number;
  /** Longest life of a cached credential in seconds (0–60; 0 turns the cache off; default 10). */
  credentialCacheSeconds?: number;
}

export const PROVIDER_ENDPOINTS = [
  'GOOGLE_AUTH_URL',
  'GOOGLE_TOKEN_URL',
  'GOOGLE_REVOKE_URL',
  'GOOGLE_API_BASE',
  'MICROSOFT_AUTHORITY',
  'MICROSOFT_GRAPH_BASE',
] as const;
export type ProviderEndpoint = (typeof PROVIDER_ENDPOINTS)[number];

/** Thrown for an invalid environment; index.ts prints the message and exits with status 1. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

const optional = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));
const flag = optional
  .pipe(z.enum(['0', '1', 'true', 'false']).optional())
  .transform((v) => v === '1' || v === 'true');
const url = optional.pipe(z.url().optional());
const integer = (min: number, max: number) =>
  optional
    .transform((v) => (v === undefined ? undefined : Number(v)))
    .pipe(z.number().int().min(min).max(max).optional());

const REGION_SLUG = /^[a-z]{2}[a-z0-9-]{0,30}$/;

/** `REGIONS`: comma-separated `<slug>=<https url>` (http only for loopback). */
export function parseRegions(value: string | undefined): { id: string; url: string }[] {
  if (!value) return [];
  return value.split(',').map((entry) => {
    const [id, url] = entry
      .trim()
      .split(/=(.*)/s, 2)
      .map((part) => part?.trim() ?? '');
    if (!id || !REGION_SLUG.test(id) || !url)
      throw new ConfigError(`REGIONS: "${entry}" is not <slug>=<url>`);
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new ConfigError(`REGIONS: "${url}" is not a URL`);
    }
    if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname)))
      throw new ConfigError(`REGIONS: ${id} must be https (http only on this computer)`);
    return { id, url: url.replace(/\/+$/, '') };
  });
}

const Env = z.object({
  HOST: optional,
  PORT: integer(0, 65535),
  DATABASE_URL: optional,
  DATABASE_OWNER_URL: optional,
  BOOKDESK_DATA_DIR: optional,
  BOOKDESK_BACKUP_DIR: optional,
  REGION: optional.pipe(z.string().regex(REGION_SLUG, 'expected a region slug like "eu"').optional()),
  REGIONS: optional,
  OPS_TOKEN: optional.pipe(z.string().min(32, 'must be at least 32 characters').optional()),
  BACKUP_INTERVAL_MINUTES: integer(0, 1440),
  TLS_CERT: optional,
  TLS_KEY: optional,
  TRUST_PROXY: flag,
  BOOKDESK_MASTER_KEYS: optional,
  PUBLIC_URL: url,
  GOOGLE_CLIENT_ID: optional,
  GOOGLE_CLIENT_SECRET: optional,
  MICROSOFT_CLIENT_ID: optional,
  MICROSOFT_CLIENT_SECRET: optional,
  GOOGLE_AUTH_URL: url,
  GOOGLE_TOKEN_URL: url,
  GOOGLE_REVOKE_URL: url,
  GOOGLE_API_BASE: url,
  MICROSOFT_AUTHORITY: url,
  MICROSOFT_GRAPH_BASE: url,
  LOG_LEVEL: optional.pipe(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional()),
  RATE_LIMIT_PER_MINUTE: integer(1, 1_000_000),
  AUDIT_RETENTION_DAYS: integer(30, 183),
  CREDENTIAL_CACHE_SECONDS: integer(0, 60),
  XDG_DATA_HOME: optional,
});

/** Per-user data directory: `$XDG_DATA_HOME/bookdesk`, else `~/.local/share/bookdesk`. */
export function defaultDataDir(env: { XDG_DATA_HOME?: string }): string {
  const base =
    env.XDG_DATA_HOME && isAbsolute(env.XDG_DATA_HOME)
      ? env.XDG_DATA_HOME
      : join(homedir(), '.local', 'share');
  return join(base, 'bookdesk');
}

/** True for 127.0.0.0/8, ::1 and `localhost`. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(host);
}

function parseDatabase(
  databaseUrl: string | undefined,
  ownerUrl: string | undefined,
  dataDir: string,
): DatabaseConfig {
  const raw = databaseUrl ?? `sqlite:${join(dataDir, 'bookdesk.sqlite')}`;
  if (raw.startsWith('sqlite:')) {
    const file = raw.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (file === '')
      throw new ConfigError(
        'DATABASE_URL: sqlite: needs a file path, e.g. sqlite:/var/lib/bookdesk/db.sqlite',
      );
    return { store: 'sqlite', url: file === ':memory:' ? file : resolve(file) };
  }
  if (/^postgres(?:ql)?:\/\//.test(raw)) {
    if (!ownerUrl) {
      throw new ConfigError(
        'DATABASE_OWNER_URL is required with a postgres:// DATABASE_URL: migrations run as the role that owns the ' +
          'tables, the API connects as DATABASE_URL, a role without ownership or BYPASSRLS (see server/db/README.md).',
      );
    }
    if (!/^postgres(?:ql)?:\/\//.test(ownerUrl))
      throw new ConfigError('DATABASE_OWNER_URL must be a postgres:// URL');
    return { store: 'postgres', url: raw, ownerUrl };
  }
  throw new ConfigError(
    `DATABASE_URL must start with sqlite: or postgres:// (got "${raw.split(':')[0]}:...")`,
  );
}

/**
 * Reads and validates the environment. Throws {@link ConfigError} with a message naming the variable.
 * A non-loopback HOST requires TLS_CERT+TLS_KEY, or TRUST_PROXY=1 behind a TLS-terminating proxy.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): ServerConfig {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`invalid environment: ${issues.join('; ')}`);
  }
  const e = parsed.data;
  const host = e.HOST ?? '127.0.0.1';
  const dataDir = resolve(e.BOOKDESK_DATA_DIR ?? defaultDataDir(e));
  if ((e.TLS_CERT === undefined) !== (e.TLS_KEY === undefined)) {
    throw new ConfigError('TLS_CERT and TLS_KEY must be given together');
  }
  const tls = e.TLS_CERT && e.TLS_KEY ? { certFile: e.TLS_CERT, keyFile: e.TLS_KEY } : undefined;
  if (!isLoopbackHost(host) && !tls && !e.TRUST_PROXY) {
    throw new ConfigError(
      `HOST=${host} is not a loopback address: serving plain HTTP there is refused. Set TLS_CERT and TLS_KEY, ` +
        'or TRUST_PROXY=1 when a TLS-terminating load balancer sits in front.',
    );
  }
  const provider = (id?: string, secret?: string, name?: string): ProviderConfig | undefined => {
    if (!id && !secret) return undefined;
    if (!id || !secret)
      throw new ConfigError(`${name}_CLIENT_ID and ${name}_CLIENT_SECRET must be given together`);
    return { clientId: id, clientSecret: secret };
  };
  const providerEndpoints: ServerConfig['providerEndpoints'] = {};
  for (const name of PROVIDER_ENDPOINTS) {
    const value = e[name];
    if (value) providerEndpoints[name] = value;
  }
  return {
    host,
    port: e.PORT ?? 8787,
    dataDir,
    region: e.REGION,
    regions: parseRegions(e.REGIONS),
    opsToken: e.OPS_TOKEN,
    backupDir: e.BOOKDESK_BACKUP_DIR ? resolve(e.BOOKDESK_BACKUP_DIR) : undefined,
    backupIntervalMinutes: e.BACKUP_INTERVAL_MINUTES,
    database: parseDatabase(e.DATABASE_URL, e.DATABASE_OWNER_URL, dataDir),
    tls,
    trustProxy: e.TRUST_PROXY,
    masterKeys: e.BOOKDESK_MASTER_KEYS,
    publicUrl: e.PUBLIC_URL,
    google: provider(e.GOOGLE_CLIENT_ID, e.GOOGLE_CLIENT_SECRET, 'GOOGLE'),
    microsoft: provider(e.MICROSOFT_CLIENT_ID, e.MICROSOFT_CLIENT_SECRET, 'MICROSOFT'),
    providerEndpoints,
    logLevel: e.LOG_LEVEL ?? 'info',
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE ?? 600,
    auditRetentionDays: e.AUDIT_RETENTION_DAYS,
    credentialCacheSeconds: e.CREDENTIAL_CACHE_SECONDS,
  };
}
