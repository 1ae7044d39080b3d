/**
 * Customers in the desktop cache, their name, phone, e-mail and notes sealed (sealed-rows.ts). The
 * only way customer rows are written: pulls through ScheduleCache, the desk's optimistic
 * `customer.create|update` through {@link CustomerStore.putCustomers} with `pending`. Every write tells
 * the listeners which ids changed (the in-memory directory re-reads them before its next search).
 */
import type { Customer } from '../../core/domain/schemas';
import type { CacheCipher } from '../cache/cache.cipher';
import type { CacheDatabase } from '../cache/cache.database';
import { preparedStatement, upsertRows } from '../cache/cache.database';
import type { SealedCustomerRow } from '../cache/sealed-rows';
import { CUSTOMER_COLUMNS, openCustomer, openCustomerName, sealCustomer } from '../cache/sealed-rows';

/** A cached customer, and whether it is the desk's own version the API has not confirmed yet. */
export type CachedCustomer = Customer & { pending: boolean };

/** Which customers a write touched: some ids, or every row (a full snapshot). */
export type CustomerChange = { ids: readonly string[] } | { all: true };

/** Ids per `IN (...)` list. */
const CHUNK = 500;

export class CustomerStore {
  private readonly listeners = new Set<(change: CustomerChange) => void>();
  /**
   * Names already opened, for the schedule's join: a day view shows hundreds of bookings and each
   * name costs an AES-GCM decryption. Every write drops the names it touched (the customer directory
   * keeps whole customers in memory the same way).
   */
  private readonly names = new Map<string, string>();

  constructor(
    private readonly db: CacheDatabase,
    private readonly cipher: CacheCipher,
  ) {}

  /**
   * Writes `rows` (sealed), replacing rows with the same id. Inside the caller's transaction when
   * called in one (better-sqlite3 nests it as a savepoint), else in its own. `pending: true` marks the
   * desk's optimistic rows (a `customer.create|update` waiting in the outbox); rows from a pull are
   * written with `pending: false`, the default.
   */
  putCustomers(rows: readonly Customer[], options: { pending?: boolean } = {}): void {
    if (rows.length === 0) return;
    const pending = options.pending ?? false;
    this.db.transaction(() =>
      upsertRows(
        this.db,
        'customers',
        CUSTOMER_COLUMNS,
        rows.map((c) => sealCustomer(this.cipher, c, pending)),
      ),
    )();
    this.changed({ ids: rows.map((c) => c.id) });
  }

  /** Removes one customer (an optimistic create the API refused, a pulled deletion). */
  deleteCustomer(id: string): void {
    this.deleteCustomers([id]);
  }

  deleteCustomers(ids: readonly string[]): void {
    if (ids.length === 0) return;
    this.db.transaction(() => {
      for (let i = 0; i < ids.length; i += CHUNK) {
        const chunk = ids.slice(i, i + CHUNK);
        this.db.prepare(`DELETE FROM customers WHERE id IN (${chunk.map(() => '?').join(', ')})`).run(chunk);
      }
    })();
    this.changed({ ids });
  }

  /** Empties the table (a full snapshot replaces it). */
  deleteAll(): void {
    this.db.prepare('DELETE FROM customers').run();
    this.changed({ all: true });
  }

  get(id: string): CachedCustomer | null {
    const row = preparedStatement(this.db, 'SELECT * FROM customers WHERE id = ?').get(id) as
      SealedCustomerRow | undefined;
    return row ? this.open(row) : null;
  }

  /** The customers of `ids` that are cached, keyed by id. */
  getMany(ids: readonly string[]): Map<string, CachedCustomer> {
    const found = new Map<string, CachedCustomer>();
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK);
      const rows = this.db
        .prepare(`SELECT * FROM customers WHERE id IN (${chunk.map(() => '?').join(', ')})`)
        .all(chunk) as SealedCustomerRow[];
      for (const row of rows) found.set(row.id, this.open(row));
    }
    return found;
  }

  /** The ids of every cached customer. */
  ids(): string[] {
    return this.db.prepare('SELECT id FROM customers').pluck().all() as string[];
  }

  /** Every cached customer, decrypted. */
  all(): CachedCustomer[] {
    return (this.db.prepare('SELECT * FROM customers').all() as SealedCustomerRow[]).map((row) =>
      this.open(row),
    );
  }

  /** Display names of the cached customers among `ids` (the schedule's join), decrypting only names. */
  namesOf(ids: Iterable<string>): Map<string, string> {
    const names = new Map<string, string>();
    const missing: string[] = [];
    for (const id of new Set(ids)) {
      const known = this.names.get(id);
      if (known === undefined) missing.push(id);
      else names.set(id, known);
    }
    for (let i = 0; i < missing.length; i += CHUNK) {
      const chunk = missing.slice(i, i + CHUNK);
      const rows = this.db
        .prepare(`SELECT id, sealed_name FROM customers WHERE id IN (${chunk.map(() => '?').join(', ')})`)
        .all(chunk) as { id: string; sealed_name: Buffer }[];
      for (const row of rows) {
        const name = openCustomerName(this.cipher, row.id, row.sealed_name);
        names.set(row.id, name);
        this.names.set(row.id, name);
      }
    }
    return names;
  }

  /** Calls `listener` after every write with the ids it touched; returns the unsubscribe function. */
  onChange(listener: (change: CustomerChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private open(row: SealedCustomerRow): CachedCustomer {
    return { ...openCustomer(this.cipher, row), pending: row.pending === 1 };
  }

  private changed(change: CustomerChange): void {
    if ('all' in change) this.names.clear();
    else for (const id of change.ids) this.names.delete(id);
    for (const listener of this.listeners) listener(change);
  }
}
