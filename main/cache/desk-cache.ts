/**
 * Opens the desk's cache together with its data key. The key is random, one per cache file, and kept
 * in the SecretStore (never in the cache). When the store is only memory, or forgot the key, the
 * sealed rows of the last run cannot be read any more: the cache is emptied (rows, sync cursors, and
 * the outbox and base rows the desk engine sealed with that key; settings kept) and the next pull
 * takes a full snapshot.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { SecretStore } from '../secrets/secret-store';
import { CacheCipher } from './cache.cipher';
import type { CacheDatabase } from './cache.database';
import { openCacheDatabase } from './cache.database';
import { MetaStore } from './meta.store';
import { SYNC_CURSOR_PATTERN } from './sync-cursors';

export interface DeskCache {
  db: CacheDatabase;
  cipher: CacheCipher;
  /**
   * The cache holds nothing readable from an earlier run (a new file, one moved aside, or a key that
   * was not kept): the next pull must be a full snapshot (its cursor is gone already).
   */
  freshStart: boolean;
  /** One line for the user when the cache was moved aside or emptied; null otherwise. */
  notice: string | null;
}

export interface DeskCacheOptions {
  file: string;
  /** The chain (main/secrets); its memory fallback means a fresh cache every run. */
  secrets: Pick<SecretStore, 'get' | 'set'>;
}

/** The meta key of the check value that tells whether a key is the one the rows were sealed with. */
export const KEY_CHECK_META_KEY = 'cache.keyCheck';

/** The SecretStore account of a cache file's data key. */
export const cacheKeyAccount = (file: string) => `cache-key:${file === ':memory:' ? file : resolve(file)}`;

/** Loads the data key (or makes and stores one), then opens the cache with it. */
export async function openDeskCache({ file, secrets }: DeskCacheOptions): Promise<DeskCache> {
  const account = cacheKeyAccount(file);
  let stored: string | null;
  try {
    stored = await secrets.get(account);
  } catch (error) {
    // Never replace a key that may still exist: its cache may hold changes waiting to be sent.
    const temporary = openDeskCacheWith(':memory:', CacheCipher.withRandomKey());
    const why = error instanceof Error ? error.message : String(error);
    return {
      ...temporary,
      freshStart: true,
      notice: `The cache key could not be read (${why}); this run uses a temporary cache in memory, and the saved cache (with any changes waiting) is kept for the next start.`,
    };
  }
  const key = stored ? keyFrom(stored) : null;
  const cipher = key ?? CacheCipher.withRandomKey();
  let keyNotice: string | null = null;
  if (!key) {
    try {
      await secrets.set(account, cipher.exportKey());
    } catch (error) {
      // The chain never refuses (memory takes everything); a bare store may.
      keyNotice = `The cache key could not be stored (${error instanceof Error ? error.message : String(error)}); the cache is rebuilt on every start.`;
    }
  }
  const opened = openDeskCacheWith(file, cipher);
  return { ...opened, notice: [opened.notice, keyNotice].filter(Boolean).join(' ') || null };
}

/** The stored key, or null when it is not one (a damaged entry is replaced like a missing one). */
function keyFrom(stored: string): CacheCipher | null {
  try {
    return CacheCipher.fromExportedKey(stored);
  } catch {
    return null;
  }
}

/**
 * Opens `file` with `cipher` (synchronous). Where the cache's rows were sealed with another key they
 * are dropped; callers without a SecretStore (tests, a start-up that has none) get a cache emptied on
 * each run, which is what a key kept only in memory means.
 */
export function openDeskCacheWith(file: string, cipher: CacheCipher): DeskCache {
  const notices: string[] = [];
  const isNew = file === ':memory:' || !existsFile(file);
  const db = openCacheDatabase(file, { cipher, onRebuilt: (reason) => notices.push(reason) });
  const meta = new MetaStore(db);
  const check = meta.get<string>(KEY_CHECK_META_KEY);
  let freshStart = isNew || notices.length > 0;
  if (check !== cipher.keyCheck()) {
    db.transaction(() => {
      // No check yet: a new cache, or rows just sealed with this key by the migration from clear.
      if (check !== null) {
        const lost = emptySealedCache(db);
        freshStart = true;
        notices.push(
          `The local cache was sealed with a key that was not kept (it lived in memory for one run); it was emptied and is filled again from the server${lost ? `, and ${lost} change${lost === 1 ? '' : 's'} that had not reached the server could not be read and ${lost === 1 ? 'was' : 'were'} dropped` : ''}.`,
        );
      }
      meta.set(KEY_CHECK_META_KEY, cipher.keyCheck());
    })();
  }
  return { db, cipher, freshStart, notice: notices.join(' ') || null };
}

/**
 * Drops every row pulled from the API and the cursors, so the next pull is a snapshot, and what the
 * desk engine sealed (outbox arguments, base rows), which no key can open any more. Returns how many
 * queued changes were dropped.
 */
function emptySealedCache(db: CacheDatabase): number {
  const queued = (db.prepare('SELECT COUNT(*) AS n FROM outbox').get() as { n: number }).n;
  for (const table of SEALED_TABLES) db.prepare(`DELETE FROM ${table}`).run();
  db.prepare('DELETE FROM meta WHERE key LIKE ?').run(SYNC_CURSOR_PATTERN);
  return queued;
}

/** The tables emptied when the key is gone: pulled rows, and the desk engine's sealed state. */
const SEALED_TABLES = [
  'locations',
  'staff',
  'services',
  'customers',
  'bookings',
  'walk_ins',
  'busy_blocks',
  'outbox',
  'desk_base_rows',
];

function existsFile(file: string): boolean {
  try {
    return statSync(file).size > 0;
  } catch {
    return false;
  }
}
