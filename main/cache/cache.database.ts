/**
 * The desktop's local SQLite cache (better-sqlite3, synchronous): the working set the schedule reads
 * from while offline, plus the outbox of changes waiting for the API.
 */
import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, renameSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import type { CacheCipher } from './cache.cipher';
import { sealPersonalData } from './personal-data.migration';

export type CacheDatabase = Database.Database;

/**
 * One schema step: SQL, or a function for a step SQL alone cannot do (sealing rows an older shape kept
 * in clear needs the cache's key, null when the opener has none).
 */
export type CacheMigration = string | ((db: CacheDatabase, cipher: CacheCipher | null) => void);

/**
 * Each entry upgrades the schema by one version (PRAGMA user_version). Never edit a shipped entry;
 * each is tested from the shape before it (cache.database.spec.ts).
 */
export const MIGRATIONS: readonly CacheMigration[] = [
  `CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
   CREATE TABLE locations (id TEXT PRIMARY KEY, sort INTEGER NOT NULL, data TEXT NOT NULL);
   CREATE TABLE staff (id TEXT PRIMARY KEY, location_id TEXT NOT NULL, sort INTEGER NOT NULL, data TEXT NOT NULL);
   CREATE TABLE services (id TEXT PRIMARY KEY, data TEXT NOT NULL);
   CREATE TABLE customers (id TEXT PRIMARY KEY, name TEXT NOT NULL, data TEXT NOT NULL);
   CREATE TABLE bookings (
     id TEXT PRIMARY KEY, staff_id TEXT NOT NULL, customer_id TEXT,
     start_ms INTEGER NOT NULL, end_ms INTEGER NOT NULL, status TEXT NOT NULL,
     pending INTEGER NOT NULL DEFAULT 0, data TEXT NOT NULL);
   CREATE INDEX bookings_by_time ON bookings (start_ms, end_ms);
   CREATE TABLE walk_ins (
     id TEXT PRIMARY KEY, arrived_ms INTEGER NOT NULL, status TEXT NOT NULL, position INTEGER,
     pending INTEGER NOT NULL DEFAULT 0, data TEXT NOT NULL);
   CREATE INDEX walk_ins_by_arrival ON walk_ins (arrived_ms);
   CREATE TABLE busy_blocks (
     id TEXT PRIMARY KEY, staff_id TEXT NOT NULL, start_ms INTEGER NOT NULL, end_ms INTEGER NOT NULL,
     data TEXT NOT NULL);
   CREATE INDEX busy_blocks_by_time ON busy_blocks (start_ms, end_ms);
   CREATE TABLE outbox (
     seq INTEGER PRIMARY KEY AUTOINCREMENT, client_id TEXT NOT NULL, mutation_id INTEGER NOT NULL,
     name TEXT NOT NULL, args TEXT NOT NULL, created_at TEXT NOT NULL,
     UNIQUE (client_id, mutation_id));`,
  // The desk engine (main/desk/): the server's own state of every row a pending mutation has changed
  // (data NULL: the server has no such row), and the changes the API refused, kept for the UI.
  `CREATE TABLE desk_base_rows (
     entity TEXT NOT NULL, id TEXT NOT NULL, data TEXT, PRIMARY KEY (entity, id));
   CREATE TABLE desk_problems (
     id INTEGER PRIMARY KEY AUTOINCREMENT, mutation_id INTEGER NOT NULL, name TEXT NOT NULL,
     attempted TEXT NOT NULL, reason TEXT NOT NULL, type TEXT NOT NULL, at TEXT NOT NULL);`,
  // Customers' name, phone, e-mail and notes, walk-in names and booking notes sealed (AES-256-GCM).
  sealPersonalData,
  // Staff time off, so offline free times and conflict checks leave absences out. Only the span is
  // kept (never the reason: it may be medical). Earlier pulls skipped time off, so the sync cursors
  // go: the next pull is a snapshot that brings it.
  `CREATE TABLE time_off (
     id TEXT PRIMARY KEY, staff_id TEXT NOT NULL, start_ms INTEGER NOT NULL, end_ms INTEGER NOT NULL);
   CREATE INDEX time_off_by_staff ON time_off (staff_id, start_ms);
   DELETE FROM meta WHERE key LIKE 'sync.cursor:%';`,
  // What a refused change tried and why, also as texts of main's catalogue (core/i18n/), so the
  // problems list is said in the desk's language; problems kept before keep their English words.
  `ALTER TABLE desk_problems ADD COLUMN attempted_text TEXT;
   ALTER TABLE desk_problems ADD COLUMN reason_text TEXT;`,
  // Free times read each staff member's bookings around a date: by time alone, each of those reads
  // walked every earlier booking of everyone (40 staff x 30 a day: 23 ms of a booking dialog's 29).
  `CREATE INDEX bookings_by_staff ON bookings (staff_id, start_ms);`,
];

export interface OpenCacheOptions {
  /** The cache's data key, for migrations that seal rows an older shape kept in clear. */
  cipher?: CacheCipher;
  /**
   * Told, in one line for the user, when the file was damaged or written by a newer Bookdesk and was
   * moved aside for an empty cache (which the next pull fills with a full snapshot).
   */
  onRebuilt?(reason: string): void;
}

/** The file holds a schema this build does not know (a newer Bookdesk wrote it). */
class CacheTooNewError extends Error {}
/** The file is damaged, or its schema could not be brought up to date. */
class CacheUnreadableError extends Error {}

/** SQLite's answers for a file that is not a database or is damaged. */
const DAMAGED_CODES = /^SQLITE_(NOTADB|CORRUPT)/;

const isReplaceable = (error: unknown) =>
  error instanceof CacheTooNewError ||
  error instanceof CacheUnreadableError ||
  (error instanceof Database.SqliteError && DAMAGED_CODES.test(error.code));

/**
 * Opens (creating if needed) the cache at `file` and brings its schema up to date. A file that is not
 * a database, fails SQLite's quick check, carries a newer schema or cannot be migrated is moved aside
 * (`cache.<why>-<time>.sqlite`, with its -wal) and replaced by an empty cache: never a crash.
 */
export function openCacheDatabase(file: string, options: OpenCacheOptions = {}): CacheDatabase {
  if (file === ':memory:') return openAndMigrate(file, options.cipher ?? null);
  createPrivately(file);
  try {
    return openAndMigrate(file, options.cipher ?? null);
  } catch (error) {
    // Anything else (no permission, the file locked by another process) is not the file's fault.
    if (!isReplaceable(error)) throw error;
    const why = error instanceof CacheTooNewError ? 'too-new' : 'unreadable';
    const movedTo = moveAside(file, why);
    const detail = error instanceof Error ? error.message : String(error);
    options.onRebuilt?.(
      `The local cache ${why === 'too-new' ? 'was written by a newer Bookdesk' : 'could not be read'} (${detail}); it was moved to ${movedTo} and is filled again from the server.`,
    );
    return openAndMigrate(file, options.cipher ?? null);
  }
}

/**
 * The cache holds customers, staff e-mails and bookings: its folders are created 0700 and the file
 * 0600 before SQLite opens it (SQLite gives its -wal and -shm the database file's mode). An existing
 * file and its folder are narrowed to the same modes.
 */
function createPrivately(file: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  chmodSync(dirname(file), 0o700);
  closeSync(openSync(file, 'a', 0o600));
  for (const path of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(path)) chmodSync(path, 0o600);
}

function openAndMigrate(file: string, cipher: CacheCipher | null): CacheDatabase {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    // Deleted and overwritten content is zeroed, so a row rewritten sealed leaves no copy in clear.
    db.pragma('secure_delete = ON');
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new CacheUnreadableError(`quick_check: ${String(check)}`);
    const current = db.pragma('user_version', { simple: true }) as number;
    if (current > MIGRATIONS.length)
      throw new CacheTooNewError(`schema ${current}, this Bookdesk knows ${MIGRATIONS.length}`);
    if (current < MIGRATIONS.length) {
      try {
        db.transaction(() => {
          for (let v = current; v < MIGRATIONS.length; v++) {
            const step = MIGRATIONS[v]!;
            if (typeof step === 'string') db.exec(step);
            else step(db, cipher);
          }
          db.pragma(`user_version = ${MIGRATIONS.length}`);
        })();
      } catch (error) {
        const detail = error instanceof Error ? error.message : String(error);
        throw new CacheUnreadableError(`upgrading schema ${current}: ${detail}`);
      }
      // Frames of the old shape (rows in clear) must not outlive the migration in the WAL.
      db.pragma('wal_checkpoint(TRUNCATE)');
    }
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Renames `file` and its -wal/-shm to `<name>.<why>-<time><ext>`; returns the new main file's path. */
function moveAside(file: string, why: string): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '');
  const ext = extname(file);
  const target = join(dirname(file), `${basename(file, ext)}.${why}-${stamp}${ext}`);
  for (const suffix of ['', '-wal', '-shm'])
    if (existsSync(file + suffix)) renameSync(file + suffix, target + suffix);
  return target;
}

const statements = new WeakMap<CacheDatabase, Map<string, Database.Statement>>();

/**
 * `db.prepare(sql)`, kept per connection: the bulk paths run the same few statements for every batch
 * of every pull, and preparing a 200-row INSERT costs about as much as running it.
 */
export function preparedStatement(db: CacheDatabase, sql: string): Database.Statement {
  let byText = statements.get(db);
  if (!byText) statements.set(db, (byText = new Map()));
  let statement = byText.get(sql);
  if (!statement) byText.set(sql, (statement = db.prepare(sql)));
  return statement;
}

/** Rows per multi-row INSERT; keeps each statement well under SQLite's bound-parameter limit. */
const BATCH_ROWS = 200;

/**
 * Upserts `rows` into `table` with multi-row `INSERT ... ON CONFLICT(id) DO UPDATE` statements. Call it
 * inside a transaction: the initial sync writes thousands of rows and one commit keeps that fast.
 */
export function upsertRows(
  db: CacheDatabase,
  table: string,
  columns: readonly string[],
  rows: unknown[][],
): void {
  const assignments = columns
    .filter((c) => c !== 'id')
    .map((c) => `${c} = excluded.${c}`)
    .join(', ');
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  const statementFor = (count: number) => {
    const sql = `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${Array(count).fill(tuple).join(', ')}
       ON CONFLICT(id) DO UPDATE SET ${assignments}`;
    // Full batches and single rows (a live delta) recur; a snapshot's odd tail is prepared once.
    return count === BATCH_ROWS || count === 1 ? preparedStatement(db, sql) : db.prepare(sql);
  };
  const full = rows.length >= BATCH_ROWS ? statementFor(BATCH_ROWS) : null;
  for (let i = 0; i < rows.length; i += BATCH_ROWS) {
    const chunk = rows.slice(i, i + BATCH_ROWS);
    const statement = chunk.length === BATCH_ROWS && full ? full : statementFor(chunk.length);
    statement.run(chunk.flat());
  }
}
