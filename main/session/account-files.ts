/**
 * Where the desk keeps an account's files: one cache database per (server, tenant), so signing in to
 * another business or server never opens a file that holds the previous one's rows, and the account
 * the desk reopens at start-up (names only: the credential is in the SecretStore).
 */
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  rmdirSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import type { DeskText } from '../../core/i18n/desk-texts';
import { deskText } from '../../core/i18n/desk-texts';
import { keychainAccount } from '../auth/keychain.store';
import { sayDeskText } from '../i18n/desk-text';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Thrown for an API address the desk will not sign in to; `text` says why in the desk's language. */
export class ApiAddressError extends Error {
  override readonly name = 'ApiAddressError';

  constructor(readonly text: DeskText) {
    super(sayDeskText('en', text));
  }
}

/**
 * The canonical form of an API address (origin plus path, no trailing slash). Only https, or http to
 * this computer: a sign-in and its tokens never cross a network in the clear.
 */
export function normaliseApiBaseUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new ApiAddressError(deskText('address.notWeb', { input }));
  }
  const secure = url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
  if (!secure) throw new ApiAddressError(deskText('address.notSecure'));
  if (url.username || url.password) throw new ApiAddressError(deskText('address.userName'));
  return keychainAccount(url.href);
}

/** The same server: equal once normalised. */
export const sameApi = (a: string, b: string) => keychainAccount(a) === keychainAccount(b);

/** A short, file-name-safe key of a server: the first 16 hex digits of SHA-256 of its address. */
export const serverKey = (apiBaseUrl: string) =>
  createHash('sha256').update(keychainAccount(apiBaseUrl)).digest('hex').slice(0, 16);

const TENANT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The folder of one server's caches: `<desktopDir>/<server key>`. */
export const serverDir = (desktopDir: string, apiBaseUrl: string) => join(desktopDir, serverKey(apiBaseUrl));

/** `<desktopDir>/<server key>/<tenant id>/cache.sqlite`. */
export function deskCacheFile(desktopDir: string, apiBaseUrl: string, tenantId: string): string {
  // The id comes from the API's answer; it names a folder, so it must be nothing but a UUID.
  if (!TENANT_ID.test(tenantId)) throw new Error('The API sent a tenant id that is not a UUID.');
  return join(serverDir(desktopDir, apiBaseUrl), tenantId.toLowerCase(), 'cache.sqlite');
}

/** Deletes a SQLite database with its journal files, then its folder and the server's if now empty. */
export function deleteCacheFiles(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${file}${suffix}`, { force: true });
  for (const dir of [dirname(file), dirname(dirname(file))]) {
    try {
      rmdirSync(dir);
    } catch {
      return; // not empty (another tenant's cache, a key file) or already gone
    }
  }
}

/** Deletes the cache of every tenant of a server through `deleteCache`, then the server's folder. */
export async function deleteServerCaches(
  desktopDir: string,
  apiBaseUrl: string,
  deleteCache: (file: string) => void | Promise<void> = deleteCacheFiles,
): Promise<void> {
  const dir = serverDir(desktopDir, apiBaseUrl);
  for (const tenant of existsSync(dir) ? readdirSync(dir) : [])
    await deleteCache(join(dir, tenant, 'cache.sqlite'));
  rmSync(dir, { recursive: true, force: true });
}

export const RememberedAccount = z.object({
  apiBaseUrl: z.string(),
  tenantId: z.uuid(),
  userId: z.uuid(),
  userName: z.string(),
  role: z.enum(['owner', 'admin', 'receptionist', 'staff']),
  businessName: z.string(),
  timeZone: z.string(),
});
/** The account whose desk was open last; reopened at start-up, readable offline. */
export type RememberedAccount = z.infer<typeof RememberedAccount>;

/** `<desktopDir>/account.json`, written atomically (a crash leaves the old or the new file). */
export class RememberedAccountFile {
  constructor(readonly file: string) {}

  read(): RememberedAccount | null {
    if (!existsSync(this.file)) return null;
    try {
      const parsed = RememberedAccount.safeParse(JSON.parse(readFileSync(this.file, 'utf8')));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }

  write(account: RememberedAccount): void {
    mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 });
    const temporary = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(account, null, 2), { mode: 0o600 });
    renameSync(temporary, this.file);
  }

  clear(): void {
    rmSync(this.file, { force: true });
  }
}
