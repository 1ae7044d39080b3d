/**
 * The version primitive: per-tenant increasing version numbers taken inside the writer's transaction
 * (SQLite: gap-free per tenant; PostgreSQL: from one sequence, with its COMMIT), and a pull that never
 * moves past a version still being committed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantTransaction } from '../../server/db/tenant-scope';
import { ChangeFeed } from '../../server/sync/change-feed';
import pg from 'pg';
import { ChangeFeedRepository, REGISTER_DRAW_SQL } from '../../server/sync/change-feed.repository';
import { encodeCursor } from '../../server/sync/sync-cursor';
import type { SyncEntity } from '../../server/sync/sync-entities';
import { SyncReadRepository } from '../../server/sync/sync-read.repository';
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

  /** The feed's version of each id of `entity` (committed rows only, as a pull sees them). */
  const versionsOf = (tenant: SeededTenant, entity: SyncEntity, ids: string[]) =>
    inTenant(tenant, (tx) => tx.get(SyncReadRepository).versions(entity, ids));
  const currentVersion = (tenant: SeededTenant) =>
    inTenant(tenant, (tx) => tx.get(ChangeFeedRepository).currentVersion());
  const putCustomer = (tenant: SeededTenant, id = crypto.randomUUID()) =>
    inTenant(tenant, (tx) => ChangeFeed.recordPut(tx, 'customer', id)).then(() => id);

  /** SQLite numbers each tenant 1, 2, 3…; PostgreSQL's one sequence leaves gaps (other tenants). */
  const expectIncreasing = (versions: number[], after: number) => {
    expect(versions.every((v, i) => v > (i === 0 ? after : versions[i - 1]!))).toBe(true);
    if (store === 'sqlite') expect(versions).toEqual(versions.map((_, i) => after + i + 1));
  };

  it('numbers the changes of each tenant in order, independently of other tenants', async () => {
    const start = await currentVersion(a);
    const first = await putCustomer(a);
    const other = await putCustomer(b);
    const second = crypto.randomUUID();
    await inTenant(a, (tx) => ChangeFeed.recordDelete(tx, 'customer', second));
    const versions = await versionsOf(a, 'customer', [first, second]);
    expectIncreasing([versions.get(first)!, versions.get(second)!], start);
    expect(await currentVersion(a)).toBeGreaterThanOrEqual(versions.get(second)!);
    expect((await versionsOf(b, 'customer', [other])).get(other)).toBeGreaterThan(0);
  });

  it('gives every change of one transaction its own version, in the order recorded, one row per entity', async () => {
    const booking = crypto.randomUUID();
    const customer = crypto.randomUUID();
    const before = await currentVersion(a);
    await inTenant(a, (tx) =>
      ChangeFeed.record(tx, [
        { entity: 'booking', id: booking, op: 'put' },
        { entity: 'customer', id: customer, op: 'put' },
        { entity: 'booking', id: booking, op: 'del' },
      ]),
    );
    const rows = await inTenant(a, (tx) => tx.get(SyncReadRepository).changesAfter(before, 10));
    expect(rows.map(({ entity, id, op }) => ({ entity, id, op }))).toEqual([
      { entity: 'customer', id: customer, op: 'put' },
      { entity: 'booking', id: booking, op: 'del' },
    ]);
    expectIncreasing(
      rows.map((r) => r.version),
      before,
    );
  });

  it('numbers a large batch of one transaction in order, after the changes recorded before it', async () => {
    const first = crypto.randomUUID();
    const ids = Array.from({ length: 2500 }, () => crypto.randomUUID());
    const before = await currentVersion(a);
    await inTenant(a, async (tx) => {
      await ChangeFeed.recordPut(tx, 'customer', first);
      await ChangeFeed.recordMany(tx, 'externalBusy', ids, 'put');
    });
    const rows = await inTenant(a, (tx) => tx.get(SyncReadRepository).changesAfter(before, ids.length + 10));
    expect(rows.map((r) => r.id)).toEqual([first, ...ids]);
    expectIncreasing(
      rows.map((r) => r.version),
      before,
    );
  });

  it('hands concurrent writers distinct versions (on SQLite also gap-free)', async () => {
    const before = await currentVersion(a);
    const ids = await Promise.all(Array.from({ length: 20 }, () => putCustomer(a)));
    const versions = await versionsOf(a, 'customer', ids);
    expectIncreasing(
      ids.map((id) => versions.get(id)!).sort((x, y) => x - y),
      before,
    );
  });

  it('numbers transactions in the order they commit, so a pull never sees version n+1 before n', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let recorded = false;
    const early = crypto.randomUUID();
    const late = crypto.randomUUID();
    const before = await currentVersion(a);
    const firstTx = inTenant(a, async (tx) => {
      await ChangeFeed.recordPut(tx, 'customer', early);
      recorded = true;
      await held;
    });
    while (!recorded) await new Promise((r) => setTimeout(r, 5));
    const secondTx = putCustomer(a, late);
    if (store === 'postgres') {
      // The open transaction holds nothing the second writer needs: it commits first, and the first
      // one's change is not visible (nor numbered: that happens with its COMMIT) yet.
      await secondTx;
      const lateVersion = (await versionsOf(a, 'customer', [late])).get(late)!;
      expect(lateVersion).toBeGreaterThan(before);
      expect((await versionsOf(a, 'customer', [early])).has(early)).toBe(false);
      release();
      await firstTx;
      expect((await versionsOf(a, 'customer', [early])).get(early)).toBeGreaterThan(lateVersion);
    } else {
      // SQLite has one writer at a time: the second waits for the first to commit.
      await new Promise((r) => setTimeout(r, 100));
      expect(await Promise.race([secondTx.then(() => 'done'), Promise.resolve('waiting')])).toBe('waiting');
      release();
      await Promise.all([firstTx, secondTx]);
      const versions = await versionsOf(a, 'customer', [early, late]);
      expect([versions.get(early), versions.get(late)]).toEqual([before + 1, before + 2]);
    }
  });

  it('takes no version when the transaction rolls back', async () => {
    const before = await currentVersion(a);
    const id = crypto.randomUUID();
    await expect(
      inTenant(a, async (tx) => {
        await ChangeFeed.recordPut(tx, 'customer', id);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await currentVersion(a)).toBe(before);
    expect((await versionsOf(a, 'customer', [id])).has(id)).toBe(false);
    const next = await putCustomer(a);
    expectIncreasing([(await versionsOf(a, 'customer', [next])).get(next)!], before);
  });

  if (store === 'postgres') {
    it('serves no version above one still being committed, and serves both once it is committed', async () => {
      // A transaction caught between drawing its version and the end of its commit (normally the
      // commit's own round trip): registered and drawn by hand on a raw connection, left open.
      const raw = new pg.Client({ connectionString: t.db.appUrl });
      await raw.connect();
      try {
        const slow = crypto.randomUUID();
        const fast = crypto.randomUUID();
        const before = await currentVersion(a);
        await raw.query('BEGIN');
        await raw.query(`SELECT set_config('app.tenant_id', $1, true)`, [a.tenantId]);
        await raw.query(REGISTER_DRAW_SQL);
        await raw.query(
          `INSERT INTO sync_changes (tenant_id, entity, entity_id, op, version)
           VALUES ($1, 'customer', $2, 'put', nextval('sync_versions'))`,
          [a.tenantId, slow],
        );
        await putCustomer(a, fast);
        expect((await versionsOf(a, 'customer', [fast])).get(fast)).toBeGreaterThan(before);

        // The later version is committed and visible, but a pull must not move past the earlier one.
        expect(await currentVersion(a)).toBe(before);
        const cursor = encodeCursor({ p: 'd', v: before });
        const waiting = await t.platform.sync.pull.pull(t.platform.scopes.forTenant(a.tenantId), {
          cursor,
          limit: 100,
        });
        expect(waiting.changes.map((c) => c.id)).toEqual([]);
        expect(waiting.hasMore).toBe(true);

        await raw.query('COMMIT');
        const served = await t.platform.sync.pull.pull(t.platform.scopes.forTenant(a.tenantId), {
          cursor,
          limit: 100,
        });
        expect(served.changes.map((c) => c.id)).toEqual([slow, fast]);
        expect(served.hasMore).toBe(false);
      } finally {
        await raw.end();
      }
    });
  }
});
