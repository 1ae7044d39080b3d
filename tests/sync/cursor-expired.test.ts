/**
 * Tombstone retention and `410 /cursor-expired` on both stores (API.md "Sync", server/sync/README.md
 * "Retention"). `platform.sync.retention.prune` deletes tombstones once they are older than the
 * retention period (measured from the mark an earlier prune left) and raises the tenant's floor; a
 * pull from a cursor below the floor (delta or mid-snapshot) is answered 410 with problem+json type
 * `/cursor-expired`, while a current cursor, another tenant's old cursor and a fresh snapshot are
 * served as before. Live rows are never pruned, and a tombstone younger than the retention stays.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SeededTenant, TestApp } from '../support/api';
import { STORES } from '../support/db';
import { expectCall, seedClockedTenant, startClockedApp, TestClock } from '../frontdesk/front-desk.fixtures';
import { PullClient } from './sync.fixtures';

const DAY = 86_400_000;
const NOW = Date.parse('2026-03-02T08:00:00Z');

describe.each(STORES)('sync cursors older than the change log on %s', (store) => {
  const clock = new TestClock(NOW);
  let t: TestApp;
  let owner: SeededTenant;
  let other: SeededTenant;

  beforeAll(async () => {
    t = await startClockedApp(store, clock);
    owner = await seedClockedTenant(t);
    other = await seedClockedTenant(t);
  });
  afterAll(async () => t?.close());

  const prune = () => t.platform.sync.retention.prune(t.platform.scopes, t.platform.maintenance);
  const afterRetention = () => {
    clock.ms += (t.platform.sync.retention.retentionDays + 1) * DAY;
  };
  const pull = (token: string, cursor: string | undefined) =>
    t.call({ method: 'POST', url: '/v1/sync/pull', token, payload: cursor ? { cursor } : {} });
  const customer = async (name: string) =>
    (await expectCall<{ id: string }>(t, owner.token, 'POST', '/v1/customers', 201, { name })).id;
  const rowsOf = (tenantId: string) =>
    t.db.superuserQuery<{ op: string; entity_id: string }>(
      `SELECT op, entity_id FROM sync_changes WHERE tenant_id = ${store === 'sqlite' ? '?' : '$1'}`,
      [tenantId],
    );

  it('answers 410 /cursor-expired below the pruned tombstones, and serves current cursors', async () => {
    await customer('Kept from the start');
    const old = new PullClient(t, owner.token);
    await old.pullAll();
    const midSnapshot = new PullClient(t, owner.token, 1);
    expect((await midSnapshot.pullOnce()).hasMore).toBe(true);
    const otherOld = new PullClient(t, other.token);
    await otherOld.pullAll();

    const gone = await customer('Gone');
    await expectCall(t, owner.token, 'DELETE', `/v1/customers/${gone}`, 204);
    const kept = await customer('Kept');
    const current = new PullClient(t, owner.token);
    await current.pullAll();

    // Nothing pruned yet: the old cursor still gets the tombstone.
    const before = await pull(owner.token, old.cursor);
    expect(before.statusCode).toBe(200);
    expect(before.json().changes).toContainEqual(expect.objectContaining({ op: 'del', id: gone }));
    // The first prune only marks where the log stands; nothing is old enough.
    expect(await prune()).toMatchObject({ deleted: 0 });
    expect((await pull(owner.token, old.cursor)).statusCode).toBe(200);

    afterRetention();
    expect(await prune()).toMatchObject({ deleted: 1 });
    expect((await rowsOf(owner.tenantId)).filter((r) => r.op === 'del')).toEqual([]);
    expect((await rowsOf(owner.tenantId)).map((r) => r.entity_id)).toContain(kept);

    for (const cursor of [old.cursor, midSnapshot.cursor]) {
      const expired = await pull(owner.token, cursor);
      expect(expired.statusCode, expired.body).toBe(410);
      expect(expired.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(expired.json()).toMatchObject({ status: 410, type: expect.stringMatching(/\/cursor-expired$/) });
    }
    // A cursor past the pruned tombstone lost nothing; another tenant's floor did not move.
    expect((await current.pullOnce()).changes).toEqual([]);
    expect((await pull(other.token, otherOld.cursor)).statusCode).toBe(200);
    // What the client does with a 410: a fresh snapshot, without the deleted customer.
    const fresh = new PullClient(t, owner.token, 2);
    await fresh.pullAll();
    expect(fresh.state.has(`customer:${kept}`)).toBe(true);
    expect(fresh.state.has(`customer:${gone}`)).toBe(false);
    expect((await fresh.pullOnce()).changes).toEqual([]);
  });

  it('keeps a tombstone younger than the retention period, and prunes it once it is older', async () => {
    const client = new PullClient(t, owner.token);
    await client.pullAll();
    const id = await customer('Deleted lately');
    const watcher = new PullClient(t, owner.token);
    await watcher.pullAll();
    await expectCall(t, owner.token, 'DELETE', `/v1/customers/${id}`, 204);

    // The last prune's mark predates nothing of this: the tombstone stays.
    expect(await prune()).toMatchObject({ deleted: 0 });
    expect((await client.pullOnce()).changes).toContainEqual(expect.objectContaining({ op: 'del', id }));

    afterRetention();
    await prune(); // marks past the tombstone (the previous mark was taken before it)
    afterRetention();
    expect(await prune()).toMatchObject({ deleted: 1 });
    // `client` had pulled the tombstone: its cursor is at the floor, still served.
    expect((await pull(owner.token, client.cursor)).statusCode).toBe(200);
    // `watcher` had not: it would miss the deletion.
    expect((await pull(owner.token, watcher.cursor)).statusCode).toBe(410);
  });
});
