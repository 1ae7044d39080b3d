/**
 * Cache migration 3: personal data leaves the clear. Customers get one sealed column per personal
 * field and a `pending` mark (the desk's optimistic rows); bookings and walk-ins a `sealed` column for
 * their notes, custom fields and walk-in name; bookings an index for a customer's history.
 *
 * Rows an older cache kept in clear are sealed with the cache's key when the opener has one
 * (openDeskCache always does); without one they cannot be kept, so they are dropped with the sync
 * cursors and the next pull is a full snapshot. `secure_delete` (set by openCacheDatabase) zeroes the
 * freed pages, and the opener truncates the WAL afterwards, so no copy in clear remains in the file.
 */
import type { Booking, Customer, WalkIn } from '../../core/domain/schemas';
import type { CacheCipher } from './cache.cipher';
// The connection's type from better-sqlite3 itself: cache.database.ts imports this file.
import type Database from 'better-sqlite3';
import { CUSTOMER_COLUMNS, sealBooking, sealCustomer, sealWalkIn } from './sealed-rows';
import { SYNC_CURSOR_PATTERN } from './sync-cursors';

export function sealPersonalData(db: Database.Database, cipher: CacheCipher | null): void {
  db.exec(
    `CREATE TABLE customers_sealed (
       id TEXT PRIMARY KEY, sealed_name BLOB NOT NULL, sealed_phone BLOB, sealed_email BLOB,
       sealed_notes BLOB, pending INTEGER NOT NULL DEFAULT 0, data TEXT NOT NULL);
     ALTER TABLE bookings ADD COLUMN sealed BLOB;
     ALTER TABLE walk_ins ADD COLUMN sealed BLOB;
     CREATE INDEX bookings_by_customer ON bookings (customer_id, start_ms);`,
  );
  if (cipher) {
    const insertCustomer = db.prepare(
      `INSERT INTO customers_sealed (${CUSTOMER_COLUMNS.join(', ')}) VALUES (${CUSTOMER_COLUMNS.map(() => '?').join(', ')})`,
    );
    for (const row of db.prepare('SELECT data FROM customers').all() as { data: string }[])
      insertCustomer.run(sealCustomer(cipher, JSON.parse(row.data) as Customer, false));
    const rewrite = (table: string, seal: (row: never) => { data: string; sealed: Buffer | null }) => {
      const update = db.prepare(`UPDATE ${table} SET data = ?, sealed = ? WHERE id = ?`);
      const rows = db.prepare(`SELECT id, data FROM ${table}`).all() as { id: string; data: string }[];
      for (const row of rows) {
        const { data, sealed } = seal(JSON.parse(row.data) as never);
        update.run(data, sealed, row.id);
      }
    };
    rewrite('bookings', (b: Booking) => sealBooking(cipher, b));
    rewrite('walk_ins', (w: WalkIn) => sealWalkIn(cipher, w));
  } else {
    db.exec(`DELETE FROM bookings; DELETE FROM walk_ins;`);
    db.prepare('DELETE FROM meta WHERE key LIKE ?').run(SYNC_CURSOR_PATTERN);
  }
  db.exec(`DROP TABLE customers; ALTER TABLE customers_sealed RENAME TO customers;`);
}
