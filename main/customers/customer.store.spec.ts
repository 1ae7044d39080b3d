import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CacheCipher } from '../cache/cache.cipher';
import type { CacheDatabase } from '../cache/cache.database';
import { openCacheDatabase } from '../cache/cache.database';
import { CustomerStore } from './customer.store';

describe(CustomerStore.name, () => {
  let db: CacheDatabase;
  let sut: CustomerStore;
  const ann = randomUUID();
  const bo = randomUUID();

  beforeEach(() => {
    db = openCacheDatabase(':memory:');
    sut = new CustomerStore(db, CacheCipher.withRandomKey());
    sut.putCustomers([
      { id: ann, name: 'Ann Lee' },
      { id: bo, name: 'Bo Chen' },
    ]);
  });
  afterEach(() => db.close());

  describe('namesOf', () => {
    it('gives each cached name, and none for an id it does not hold', () => {
      const names = sut.namesOf([ann, bo, randomUUID()]);

      expect(Object.fromEntries(names)).toEqual({ [ann]: 'Ann Lee', [bo]: 'Bo Chen' });
    });

    it('gives the new name once a customer is written again', () => {
      sut.namesOf([ann, bo]);

      sut.putCustomers([{ id: ann, name: 'Ann Lee-Park' }], { pending: true });

      expect(sut.namesOf([ann, bo]).get(ann)).toBe('Ann Lee-Park');
    });

    it('gives no name for a customer deleted one by one or with all the others', () => {
      sut.namesOf([ann, bo]);

      sut.deleteCustomer(ann);
      expect(sut.namesOf([ann, bo]).has(ann)).toBe(false);
      sut.deleteAll();
      expect(sut.namesOf([ann, bo]).size).toBe(0);
    });
  });
});
