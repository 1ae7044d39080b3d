/** The version primitive: per-tenant, gap-free version numbers taken inside the writer's transaction. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantTransaction } from '../../server/db/tenant-scope';
import { ChangeFeed } from '../../server/sync/change-feed';
import { ChangeFeedRepository } from '../../server/sync/change-feed.repository';
import { seedTenant, startTestApp } from '../support/api';
import type { SeededTenant, TestApp } from '../support/api';
import { STORES } from '../support/db';

describe.each(STORES)('ChangeFeed on %s', (store) => {
  let t: TestApp;
  let a: SeededTenant;
  let b: SeededTenant;

  beforeAll(async () => {
    t = await startTestApp(store);
    a = await seedTenant(t.platform);
    b = await seedTenant(t.platform);
  });
  afterAll(async () => t?.close());

  const inTenant = <T>(tenant: SeededTenant, fn: (tx: TenantTransaction) => Promise<T>) =>
    t.platform.scopes.forTenant(tenant.tenantId).transaction(fn);

  it('numbers the changes of each tenant 1, 2, 3… independently of other tenants', async () => {
    const start = await inTenant(a, (tx) => tx.get(ChangeFeedRepository).currentVersion());
    const first = await inTenant(a, (tx) => ChangeFeed.recordPut(tx, 'customer', crypto.randomUUID()));
    const other = await inTenant(b, (tx) => ChangeFeed.recordPut(tx, 'customer', crypto.randomUUID()));
    const second = await inTenant(a, (tx) => ChangeFeed.recordDelete(tx, 'customer', crypto.randomUUID()));
    expect([first, second]).toEqual([start + 1, start + 2]);
    expect(other).toBeGreaterThan(0);
  });

  it('gives every change of one transaction its own version and keeps one row per entity', async () => {
    const id = crypto.randomUUID();
    const before = await inTenant(a, (tx) => tx.get(ChangeFeedRepository).currentVersion());
    const last = await inTenant(a, (tx) =>
      ChangeFeed.record(tx, [
        { entity: 'booking', id, op: 'put' },
        { entity: 'customer', id: crypto.randomUUID(), op: 'put' },
        { entity: 'booking', id, op: 'del' },
      ]),
    );
    expect(last).toBe(before + 2);
  });

  it('hands concurrent writers distinct, gap-free versions', async () => {
    const before = await inTenant(a, (tx) => tx.get(ChangeFeedRepository).currentVersion());
    const versions = await Promise.all(
      Array.from({ length: 20 }, () =>
        inTenant(a, (tx) => ChangeFeed.recordPut(tx, 'customer', crypto.randomUUID())),
      ),
    );
    expect([...versions].sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => before + i + 1));
  });

  it('holds a later writer of the tenant until the earlier one commits, so versions become visible in order', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let first = 0;
    const firstTx = inTenant(a, async (tx) => {
      first = await ChangeFeed.recordPut(tx, 'customer', crypto.randomUUID());
      await held;
    });
    while (first === 0) await new Promise((r) => setTimeout(r, 5));
    let second = 0;
    const secondTx = inTenant(a, async (tx) => {
      second = await ChangeFeed.recordPut(tx, 'customer', crypto.randomUUID());
    });
    // Whatever the wait, the second writer cannot take a version while the first is open.
    await new Promise((r) => setTimeout(r, 150));
    expect(second).toBe(0);
    if (store === 'postgres') {
      // Only this tenant's writers queue (SQLite has a single writer for everything anyway).
      const other = await inTenant(b, (tx) => ChangeFeed.recordPut(tx, 'customer', crypto.randomUUID()));
      expect(other).toBeGreaterThan(0);
    }
    release();
    await Promise.all([firstTx, secondTx]);
    expect(second).toBe(first + 1);
  });

  it('takes no version when the transaction rolls back', async () => {
    const before = await inTenant(a, (tx) => tx.get(ChangeFeedRepository).currentVersion());
    await expect(
      inTenant(a, async (tx) => {
        await ChangeFeed.recordPut(tx, 'customer', crypto.randomUUID());
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await inTenant(a, (tx) => tx.get(ChangeFeedRepository).currentVersion())).toBe(before);
  });
});
