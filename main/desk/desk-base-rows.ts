/**
 * The server's own version of every row a pending mutation changed (`desk_base_rows`; data NULL: the
 * server has no such row), kept the first time a mutation writes over it, so a pull or a refusal can
 * put the server's rows back before the remaining mutations are applied again on top (the rebase).
 * Base rows hold customer names, phones and notes: sealed like the rows themselves.
 */
import type { DeskRows, RowChange } from '../../core/domain/desk-mutations';
import type { Booking, Customer, WalkIn } from '../../core/domain/schemas';
import type { CacheCipher } from '../cache/cache.cipher';
import type { CacheDatabase } from '../cache/cache.database';
import type { ScheduleCache } from '../cache/schedule.cache';

type Entity = RowChange['entity'];
type DeskRow = Booking | WalkIn | Customer;
const TABLE_OF: Record<Entity, string> = { booking: 'bookings', walkIn: 'walk_ins', customer: 'customers' };

export class DeskBaseRows {
  constructor(
    private readonly db: CacheDatabase,
    private readonly cache: Pick<ScheduleCache, 'putSnapshot' | 'customers'>,
    private readonly cipher: CacheCipher,
    /** The rows the desk shows now. */
    private readonly shown: () => Pick<DeskRows, 'booking' | 'walkIn' | 'customer'>,
  ) {}

  /**
   * Writes a mutation's rows as pending, keeping each row's server version first (once per row);
   * returns the epoch ms of every start/arrival it touched (old and new).
   */
  writeOver(changes: readonly RowChange[]): number[] {
    const touched: number[] = [];
    const keepBase = this.db.prepare(
      `INSERT INTO desk_base_rows (entity, id, data) VALUES (?, ?, ?) ON CONFLICT(entity, id) DO NOTHING`,
    );
    for (const change of changes) {
      const current = this.current(change.entity, change.id);
      keepBase.run(
        change.entity,
        change.id,
        current ? this.sealBase(change.entity, change.id, current) : null,
      );
      if (current) touched.push(...instantsOfRow(change.entity, current));
      this.writeRow(change.entity, change.id, change.row, true);
      if (change.row) touched.push(...instantsOfRow(change.entity, change.row));
    }
    return touched;
  }

  /** Puts every row a pending mutation changed back to what the server said; returns what it touched. */
  restore(): number[] {
    const rows = this.db.prepare('SELECT entity, id, data FROM desk_base_rows').all() as {
      entity: Entity;
      id: string;
      data: Buffer | null;
    }[];
    const touched: number[] = [];
    for (const r of rows) {
      const shown = this.current(r.entity, r.id);
      if (shown) touched.push(...instantsOfRow(r.entity, shown));
      this.writeRow(r.entity, r.id, r.data === null ? null : this.openBase(r.entity, r.id, r.data), false);
    }
    this.db.prepare('DELETE FROM desk_base_rows').run();
    return touched;
  }

  private writeRow(entity: Entity, id: string, row: DeskRow | null, pending: boolean): void {
    const table = TABLE_OF[entity];
    if (entity === 'customer') {
      if (row === null) this.cache.customers.deleteCustomer(id);
      else this.cache.customers.putCustomers([row as Customer], { pending });
      return;
    }
    if (row === null) {
      this.db.prepare(`DELETE FROM ${table} WHERE id = ?`).run(id);
      return;
    }
    if (entity === 'booking') this.cache.putSnapshot({ bookings: [row as Booking] });
    else this.cache.putSnapshot({ walkIns: [row as WalkIn] });
    this.db.prepare(`UPDATE ${table} SET pending = ? WHERE id = ?`).run(pending ? 1 : 0, id);
  }

  private current(entity: Entity, id: string): DeskRow | null {
    const shown = this.shown();
    if (entity === 'booking') return shown.booking(id);
    if (entity === 'walkIn') return shown.walkIn(id);
    return shown.customer(id);
  }

  private sealBase(entity: Entity, id: string, row: unknown): Buffer {
    return this.cipher.encrypt(JSON.stringify(row), {
      table: 'desk_base_rows',
      column: 'data',
      rowId: `${entity}:${id}`,
    });
  }

  private openBase<T>(entity: Entity, id: string, sealed: Buffer): T {
    const at = { table: 'desk_base_rows', column: 'data', rowId: `${entity}:${id}` };
    return JSON.parse(this.cipher.decrypt(sealed, at)) as T;
  }
}

function instantsOfRow(entity: Entity, row: unknown): number[] {
  if (entity === 'booking') return [Date.parse((row as Booking).start)];
  if (entity === 'walkIn') return [Date.parse((row as WalkIn).arrivedAt)];
  return [];
}
