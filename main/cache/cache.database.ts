/**
 * The desktop's local SQLite cache (better-sqlite3, synchronous): the working set the schedule reads
 * from while offline, plus the outbox of changes waiting for the API.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export type CacheDatabase = Database.Database;

/** Each entry upgrades the schema by one version (PRAGMA user_version). Never edit a shipped entry. */
const MIGRATIONS: string[] = [
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
];

/** Opens (creating if needed) the cache at `file` and brings its schema up to date. */
export function openCacheDatabase(file: string): CacheDatabase {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  const current = db.pragma('user_version', { simple: true }) as number;
  const migrate = db.transaction(() => {
    for (let v = current; v < MIGRATIONS.length; v++) db.exec(MIGRATIONS[v]!);
    db.pragma(`user_version = ${MIGRATIONS.length}`);
  });
  migrate();
  return db;
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
  const statementFor = (count: number) =>
    db.prepare(
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${Array(count).fill(tuple).join(', ')}
       ON CONFLICT(id) DO UPDATE SET ${assignments}`,
    );
  const full = rows.length >= BATCH_ROWS ? statementFor(BATCH_ROWS) : null;
  for (let i = 0; i < rows.length; i += BATCH_ROWS) {
    const chunk = rows.slice(i, i + BATCH_ROWS);
    const statement = chunk.length === BATCH_ROWS && full ? full : statementFor(chunk.length);
    statement.run(chunk.flat());
  }
}
