/**
 * `customers:search` and `customers:get` over a real, sealed cache, through the IPC gate (so every
 * answer also matches the contract's schema).
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDemoBusiness } from '../../core/demo/demo-business';
import type { Customer } from '../../core/domain/schemas';
import type { CustomerDetail, CustomerSearchResult } from '../../core/ipc/customers.ipc';
import { CacheCipher } from '../cache/cache.cipher';
import type { CacheDatabase } from '../cache/cache.database';
import { openCacheDatabase } from '../cache/cache.database';
import { ScheduleCache } from '../cache/schedule.cache';
import { IpcRegistry } from '../ipc/ipc-registry';
import { CustomerDirectory } from './customer-directory';
import { CustomerService } from './customer.service';

const DATE = '2026-11-27';
const demo = createDemoBusiness({ date: DATE, timeZone: 'UTC', now: new Date(`${DATE}T12:00:00Z`) });
const named = (name: string) => demo.customers.find((c) => c.name === name)!;
const persian: Customer[] = [
  { id: randomUUID(), name: 'محمد‌رضا کریمی', phone: '۰۹۱۲ ۳۴۵ ۶۷۸۹' }, // with a zero-width non-joiner
  { id: randomUUID(), name: 'زهرا احمدی', email: 'zahra.ahmadi@example.ir' },
  { id: randomUUID(), name: 'علی رضایی', phone: '+98 935 111 2233' },
];

describe(CustomerService.name, () => {
  let db: CacheDatabase;
  let cache: ScheduleCache;
  let registry: IpcRegistry;
  let cipher: CacheCipher;
  const sender = { url: 'app://bookdesk/', isTopFrame: true };

  beforeEach(() => {
    cipher = CacheCipher.withRandomKey();
    db = openCacheDatabase(':memory:', { cipher });
    cache = new ScheduleCache(db, cipher);
    cache.putSnapshot({ ...demo, locations: [demo.location], customers: [...demo.customers, ...persian] });
    const sut = new CustomerService(db, cipher, cache.customers, new CustomerDirectory(cache.customers));
    registry = new IpcRegistry((url) => url === sender.url)
      .handle('customers:search', (args) => sut.search(args))
      .handle('customers:get', (args) => sut.get(args));
  });
  afterEach(() => db.close());

  const search = async (query: string, limit?: number) => {
    const answer = await registry.dispatch(
      'customers:search',
      { query, ...(limit ? { limit } : {}) },
      sender,
    );
    if (!answer.ok) throw new Error(answer.error.message);
    return answer.value as CustomerSearchResult;
  };
  const names = async (query: string, limit?: number) =>
    (await search(query, limit)).customers.map((c) => c.name);

  describe('customers:search', () => {
    it.each([
      ['emma', ['Emma Laurent']],
      ['LAURENT', ['Emma Laurent']],
      ['laurent emma', ['Emma Laurent']],
      ['mateo garcia', ['Mateo García']],
      ["o'connor", ['Liam O’Connor']],
      ['oconnor', ['Liam O’Connor']],
    ])('finds %j by name, whatever the case, accents or apostrophes', async (query, expected) => {
      expect(await names(query)).toEqual(expected);
    });

    it('ranks names starting with the query, then a word starting with it, then inside, then e-mail', async () => {
      expect(await names('ma')).toEqual([
        'Mateo García', // starts with "ma"
        'Chloe Martin', // a word starts with it
        'Amara Obi', // inside a name, in name order
        'Emma Laurent',
        'Omar Haddad',
        'زهرا احمدی', // only her e-mail, zahra.ahmadi@…
      ]);
    });

    it('finds by phone, however the number is typed', async () => {
      const sofia = named('Sofia Rossi'); // +44 20 7946 0105
      for (const typed of ['7946 0105', '+44 20 7946 0105', '(020) 7946-0105', '442079460105'])
        expect((await search(typed)).customers.map((c) => c.id)).toEqual([sofia.id]);
    });

    it('finds by e-mail, partly typed', async () => {
      expect(await names('emma.laurent@')).toEqual(['Emma Laurent']);
      expect(await names('HANNAH.S@EXAMPLE')).toEqual(['Hannah Schmidt']);
      expect((await names('@example.com')).length).toBe(demo.customers.filter((c) => c.email).length);
    });

    it.each([
      ['كريمي', 'Arabic kaf and yeh for Persian ones', ['محمد‌رضا کریمی']],
      ['محمدرضا', 'written without the non-joiner', ['محمد‌رضا کریمی']],
      ['محمد رضا', 'written with a space', ['محمد‌رضا کریمی']],
      ['رضا', 'a word of one name, inside another', ['علی رضایی', 'محمد‌رضا کریمی']],
      ['زهرا', 'a first name', ['زهرا احمدی']],
      ['09123456789', 'a Persian-digit phone typed in ASCII with its trunk 0', ['محمد‌رضا کریمی']],
      ['۰۹۳۵۱۱۱', 'a phone typed in Persian digits, stored as +98', ['علی رضایی']],
    ])('finds Persian names: %s (%s)', async (query, _, expected) => {
      expect(await names(query)).toEqual(expected);
    });

    it('returns at most `limit`, and says when there were more', async () => {
      const all = await search('e', 100);
      const few = await search('e', 3);

      expect(few.customers).toEqual(all.customers.slice(0, 3));
      expect(few.truncated).toBe(true);
      expect(all.truncated).toBe(false);
    });

    it('refuses an empty query at the gate', async () => {
      const answer = await registry.dispatch('customers:search', { query: '   ' }, sender);

      expect(answer).toMatchObject({ ok: false, error: { code: 'invalid_args' } });
    });

    it('sees every write from the next search on, and the pending mark of the desk’s own', async () => {
      await names('emma'); // builds the index
      const newcomer: Customer = { id: randomUUID(), name: 'Emmanuel Okoro', phone: '+44 7700 900123' };

      cache.customers.putCustomers([newcomer], { pending: true });
      expect(await search('emmanuel')).toMatchObject({ customers: [{ ...newcomer, pending: true }] });

      cache.customers.putCustomers([{ ...newcomer, name: 'Emmanuel Okafor' }]);
      expect(await search('okafor')).toMatchObject({
        customers: [{ name: 'Emmanuel Okafor', pending: false }],
      });
      expect(await names('okoro')).toEqual([]);

      cache.customers.deleteCustomer(newcomer.id);
      expect(await names('emmanuel')).toEqual([]);
    });

    it('forgets a write whose transaction rolled back', async () => {
      await names('emma');
      const ghost: Customer = { id: randomUUID(), name: 'Gaspard Ghost' };

      expect(() =>
        db.transaction(() => {
          cache.customers.putCustomers([ghost], { pending: true });
          throw new Error('the outbox insert failed');
        })(),
      ).toThrow('the outbox insert failed');

      expect(await names('gaspard')).toEqual([]);
    });

    it('follows pulls, deltas and full snapshots alike', async () => {
      await names('emma');
      const emma = named('Emma Laurent');

      cache.applyChanges([
        { entity: 'customer', op: 'put', id: emma.id, version: 9, data: { ...emma, name: 'Emma Duval' } },
      ]);
      expect(await names('duval')).toEqual(['Emma Duval']);

      cache.applyChanges(
        [{ entity: 'customer', op: 'put', id: persian[1]!.id, version: 10, data: persian[1] }],
        {
          replaceAll: true,
        },
      );
      expect(await names('e', 100)).toEqual([]);
      expect(await names('زهرا')).toEqual(['زهرا احمدی']);
    });
  });

  describe(`${CustomerDirectory.name} warming up in slices`, () => {
    it('ends with every row, including those written while it ran', async () => {
      const directory = new CustomerDirectory(cache.customers);
      const emma = named('Emma Laurent');

      const warming = directory.warmUp(5);
      cache.customers.putCustomers([{ ...emma, name: 'Emma Duval' }]);
      await warming;

      expect(directory.search('duval').customers.map((c) => c.id)).toEqual([emma.id]);
      expect(directory.search('laurent').customers.map((c) => c.name)).toEqual(['Emma Duval']); // her e-mail
      const builtAtOnce = new CustomerDirectory(cache.customers);
      for (const query of ['e', 'ma', 'کریمی', '7946'])
        expect(directory.search(query, 100)).toEqual(builtAtOnce.search(query, 100));
    });

    it('runs from the service once the cache is open', async () => {
      const sut = new CustomerService(db, cipher, cache.customers, new CustomerDirectory(cache.customers));

      await sut.warmUp();

      expect(sut.search({ query: 'emma', limit: 20 }).customers.map((c) => c.name)).toEqual(['Emma Laurent']);
    });

    it('gives way to a search that comes first, and to a full snapshot', async () => {
      const directory = new CustomerDirectory(cache.customers);

      const warming = directory.warmUp(5);
      expect(directory.search('emma').customers.map((c) => c.name)).toEqual(['Emma Laurent']);
      await warming;
      const again = directory.warmUp(5);
      cache.applyChanges(
        [{ entity: 'customer', op: 'put', id: persian[0]!.id, version: 3, data: persian[0] }],
        {
          replaceAll: true,
        },
      );
      await again;

      expect(directory.search('e', 100).customers).toEqual([]);
      expect(directory.search('کریمی').customers).toHaveLength(1);
    });
  });

  describe('customers:get', () => {
    it('returns the customer with their cached bookings, latest first, with service and staff names', async () => {
      const emma = named('Emma Laurent');
      const hers = demo.bookings.filter((b) => b.customerId === emma.id);
      const earlier = {
        ...hers[0]!,
        id: randomUUID(),
        start: '2026-10-02T09:00:00Z',
        end: '2026-10-02T09:45:00Z',
        notes: 'Asked for a trim only.',
      };
      cache.putSnapshot({ bookings: [earlier] });

      const answer = await registry.dispatch('customers:get', { id: emma.id }, sender);

      expect(answer.ok).toBe(true);
      const detail = (answer as { value: CustomerDetail }).value;
      expect(detail.customer).toEqual({ ...emma, pending: false });
      expect(detail.bookingCount).toBe(hers.length + 1);
      expect(detail.bookings.map((b) => b.id)).toEqual(
        [...hers, earlier].sort((a, b) => Date.parse(b.start) - Date.parse(a.start)).map((b) => b.id),
      );
      const last = detail.bookings.at(-1)!;
      expect(last).toMatchObject({ id: earlier.id, notes: 'Asked for a trim only.', pending: false });
      expect(last.serviceName).toBe(demo.services.find((s) => s.id === earlier.serviceId)!.name);
      expect(last.staffName).toBe(demo.staff.find((s) => s.id === earlier.staffId)!.name);
    });

    it('answers not_found for a customer the cache does not hold', async () => {
      const answer = await registry.dispatch('customers:get', { id: randomUUID() }, sender);

      expect(answer).toMatchObject({ ok: false, error: { code: 'not_found' } });
    });
  });
});
