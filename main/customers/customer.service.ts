/**
 * The `customers:*` channels: search over the in-memory directory and one customer's card with the
 * bookings the cache holds for them. Both read only the local cache; they never wait for the network.
 */
import type { Booking } from '../../core/domain/schemas';
import type { CustomerBooking, CustomerDetail, CustomerSearchResult } from '../../core/ipc/customers.ipc';
import { CUSTOMER_HISTORY_LIMIT } from '../../core/ipc/customers.ipc';
import type { CacheCipher } from '../cache/cache.cipher';
import type { CacheDatabase } from '../cache/cache.database';
import { preparedStatement } from '../cache/cache.database';
import { openBooking } from '../cache/sealed-rows';
import { deskText } from '../../core/i18n/desk-texts';
import { IpcFailure } from '../ipc/ipc-registry';
import type { CustomerDirectory } from './customer-directory';
import type { CustomerStore } from './customer.store';

interface HistoryRow {
  id: string;
  data: string;
  sealed: Buffer | null;
  pending: number;
  serviceName: string | null;
  staffName: string | null;
}

export class CustomerService {
  constructor(
    private readonly db: CacheDatabase,
    private readonly cipher: CacheCipher,
    private readonly store: Pick<CustomerStore, 'get'>,
    private readonly directory: Pick<CustomerDirectory, 'search' | 'warmUp'>,
  ) {}

  /**
   * Decrypts the customers into the search index in the background, a slice at a time (call once the
   * cache is open), so the first search does not pay for it.
   */
  warmUp(): Promise<void> {
    return this.directory.warmUp();
  }

  search({ query, limit }: { query: string; limit: number }): CustomerSearchResult {
    return this.directory.search(query, limit);
  }

  get({ id }: { id: string }): CustomerDetail {
    const customer = this.store.get(id);
    if (!customer) throw new IpcFailure('not_found', deskText('desk.customerNotCached'));
    const rows = preparedStatement(
      this.db,
      `SELECT b.id, b.data, b.sealed, b.pending,
              json_extract(s.data, '$.name') AS serviceName, json_extract(st.data, '$.name') AS staffName
       FROM bookings b
       LEFT JOIN services s ON s.id = json_extract(b.data, '$.serviceId')
       LEFT JOIN staff st ON st.id = b.staff_id
       WHERE b.customer_id = ? ORDER BY b.start_ms DESC, b.id LIMIT ?`,
    ).all(id, CUSTOMER_HISTORY_LIMIT) as HistoryRow[];
    const { n } = preparedStatement(this.db, 'SELECT COUNT(*) AS n FROM bookings WHERE customer_id = ?').get(
      id,
    ) as { n: number };
    const bookings: CustomerBooking[] = rows.map((r) => ({
      ...(openBooking(this.cipher, r.id, r) satisfies Booking),
      serviceName: r.serviceName,
      staffName: r.staffName,
      pending: r.pending === 1,
    }));
    return { customer, bookings, bookingCount: n };
  }
}
