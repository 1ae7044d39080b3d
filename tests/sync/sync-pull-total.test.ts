/**
 * `total` of `POST /v1/sync/pull` on both stores (API.md "Sync"): the first page of a snapshot (no
 * cursor) says how many rows the snapshot sends, for a progress bar. A business with every synced
 * entity, some inside and some outside the working window (bookings from 30 days back to 90 ahead,
 * time off and busy blocks overlapping it, walk-ins of the last 26 hours), is pulled in small pages:
 * `total` equals the rows the snapshot pages deliver, and only the first page carries it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SeededTenant, TestApp } from '../support/api';
import { STORES } from '../support/db';
import {
  addBusyBlock,
  expectCall,
  seedClockedTenant,
  seedShop,
  startClockedApp,
  TestClock,
} from '../frontdesk/front-desk.fixtures';
import type { ShopIds } from '../frontdesk/front-desk.fixtures';
import { PullClient } from './sync.fixtures';
import type { PullPage } from './sync.fixtures';

const DAY = 86_400_000;
const NOW = Date.parse('2026-03-02T08:00:00Z');
/** 10:00 UTC (London, winter) `days` after NOW's date. */
const tenOClock = (days: number) => new Date(NOW + days * DAY + 2 * 3_600_000).toISOString();

type TotalPage = PullPage & { total?: number };

describe.each(STORES)('the total of a sync snapshot on %s', (store) => {
  const clock = new TestClock(NOW);
  let t: TestApp;
  let owner: SeededTenant;
  let shop: ShopIds;
  const outside: string[] = [];

  /** Every page of a snapshot with `limit`, the first page's `total`, and whether any later page had one. */
  const snapshot = async (token: string, limit: number) => {
    const client = new PullClient(t, token, limit);
    const pages: TotalPage[] = [];
    for (;;) {
      const page: TotalPage = await client.pullOnce();
      pages.push(page);
      if (!page.hasMore) break;
    }
    return { client, pages, rows: pages.flatMap((p) => p.changes) };
  };

  beforeAll(async () => {
    t = await startClockedApp(store, clock);
    // 40 days ago: a booking and a walk-in that a snapshot today leaves out, one booking it keeps.
    clock.ms = NOW - 40 * DAY;
    owner = await seedClockedTenant(t);
    shop = await seedShop(t, owner.token, { staffCount: 2 });
    const [anna, ben] = shop.staffIds as [string, string];
    const book = async (start: string, staffId: string) =>
      (
        await expectCall<{ id: string }>(t, owner.token, 'POST', '/v1/bookings', 201, {
          serviceId: shop.serviceId,
          staffId,
          start,
          source: 'phone',
          customer: { name: `Customer ${start}` },
        })
      ).id;
    outside.push(await book(tenOClock(-39), anna));
    await book(tenOClock(-25), anna);
    await book(tenOClock(-2), ben);
    const oldWalkIn = await expectCall<{ id: string }>(t, owner.token, 'POST', '/v1/walk-ins', 201, {
      customer: { name: 'Long gone' },
      serviceId: shop.serviceId,
      locationId: shop.locationId,
    });
    outside.push(oldWalkIn.id);

    clock.ms = NOW;
    await book(tenOClock(0), ben);
    await book(tenOClock(0), anna);
    await book(tenOClock(1), ben);
    await book(tenOClock(1), anna);
    await book(tenOClock(4), ben);
    outside.push(await book(tenOClock(100), ben));
    await book(tenOClock(3), anna);
    await expectCall(t, owner.token, 'POST', '/v1/custom-fields', 201, {
      key: 'allergies',
      label: 'Allergies',
      type: 'text',
      required: false,
    });
    await expectCall(t, owner.token, 'POST', '/v1/customers', 201, { name: 'No bookings yet' });
    for (const [start, end] of [
      [tenOClock(5), tenOClock(6)],
      [tenOClock(120), tenOClock(121)],
    ] as const) {
      await expectCall(t, owner.token, 'POST', `/v1/staff/${anna}/time-off`, 201, { start, end });
    }
    await addBusyBlock(t, owner.tenantId, { staffId: ben, start: tenOClock(2), end: tenOClock(2.1) });
    outside.push(
      await addBusyBlock(t, owner.tenantId, { staffId: ben, start: tenOClock(-45), end: tenOClock(-44.9) }),
    );
    for (const name of ['Walker One', 'Walker Two']) {
      await expectCall(t, owner.token, 'POST', '/v1/walk-ins', 201, {
        customer: { name },
        serviceId: shop.serviceId,
        locationId: shop.locationId,
      });
    }
  });
  afterAll(async () => t?.close());

  it('carries on its first page the number of rows the snapshot pages deliver', async () => {
    const { client, pages, rows } = await snapshot(owner.token, 4);
    expect(pages.length).toBeGreaterThan(5);
    expect(pages[0]!.total).toBe(rows.length);
    expect(pages.slice(1).map((p) => p.total)).toEqual(pages.slice(1).map(() => undefined));
    // Nothing changed while paging: every row is a snapshot row, each sent once.
    expect(rows.every((r) => r.op === 'put')).toBe(true);
    expect(client.state.size).toBe(rows.length);
    // The working window left these out, and the total does not count them.
    for (const id of outside) expect(rows.map((r) => r.id)).not.toContain(id);
    const entities = new Set(rows.map((r) => r.entity));
    for (const entity of [
      'location',
      'staff',
      'timeOff',
      'service',
      'customField',
      'customer',
      'booking',
      'walkIn',
      'externalBusy',
    ])
      expect(entities, entity).toContain(entity);

    // One page holding the whole snapshot says the same; a pull with a cursor carries no total.
    const single = await snapshot(owner.token, 5000);
    expect(single.pages).toHaveLength(1);
    expect(single.pages[0]!.total).toBe(rows.length);
    const delta: TotalPage = await client.pullOnce();
    expect(delta.total).toBeUndefined();
  });

  it('sends the bookings of the near days before the rest of the window', async () => {
    const { client, rows } = await snapshot(owner.token, 3);
    const bookings = rows.filter((r) => r.entity === 'booking');
    const starts = bookings.map((r) => Date.parse((r.data as { start: string }).start));
    // A day back to two ahead of the snapshot's start: today and tomorrow in every zone.
    const near = starts.map((ms) => ms >= NOW - DAY && ms < NOW + 2 * DAY);
    expect(near.filter(Boolean)).toHaveLength(4);
    expect(near.filter((n) => !n)).toHaveLength(4);
    expect(near.lastIndexOf(true)).toBeLessThan(near.indexOf(false));
    // The near bookings arrive with the settings they need, before the rest of the window.
    const firstFar = rows.indexOf(bookings[near.indexOf(false)]!);
    for (const entity of ['location', 'staff', 'service', 'customer', 'walkIn'])
      expect(rows.findIndex((r) => r.entity === entity), entity).toBeLessThan(firstFar);
    // Still each row once, and the same rows as one page.
    expect(client.state.size).toBe(rows.length);
    const single = await snapshot(owner.token, 5000);
    expect(new Set(rows.map((r) => `${r.entity}:${r.id}`))).toEqual(
      new Set(single.rows.map((r) => `${r.entity}:${r.id}`)),
    );
  });

  it('finishes a snapshot begun before the near-days order in one pass, missing nothing', async () => {
    const whole = await snapshot(owner.token, 5000);
    // The cursor a server before the two passes issued at the start of a snapshot (no `r`).
    const { v } = JSON.parse(Buffer.from(whole.pages.at(-1)!.cursor, 'base64url').toString()) as { v: number };
    const legacy = { p: 's', v, t: NOW, e: 'location', a: null };
    const client = new PullClient(t, owner.token, 3);
    client.cursor = Buffer.from(JSON.stringify(legacy)).toString('base64url');
    const rows = [];
    for (;;) {
      const page = await client.pullOnce();
      rows.push(...page.changes.filter((c) => c.op === 'put'));
      if (!page.hasMore) break;
    }
    const keys = (list: { entity: string; id: string }[]) => new Set(list.map((r) => `${r.entity}:${r.id}`));
    expect(keys(rows)).toEqual(keys(whole.rows));
    // One pass: the bookings in id order, near and far days mixed as the ids fall.
    const ids = rows.filter((r) => r.entity === 'booking').map((r) => r.id);
    expect(ids).toEqual([...ids].sort());
  });

  it('counts only the caller’s tenant', async () => {
    const other = await seedClockedTenant(t);
    const { pages, rows } = await snapshot(other.token, 2);
    // What signup created (its location), none of the first business's rows.
    expect(rows.map((r) => r.entity)).toContain('location');
    expect(rows.length).toBeLessThan(5);
    expect(pages[0]!.total).toBe(rows.length);
  });
});
