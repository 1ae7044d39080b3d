/**
 * Double booking is refused by the database, under real concurrency: 100 simultaneous requests for
 * the same staff member and slot yield exactly one 201 and 99 409s, round after round, on SQLite, on
 * PostgreSQL and across two API instances sharing one PostgreSQL database; PostgreSQL's exclusion
 * constraint refuses overlapping active bookings even from a superuser's raw INSERT; and random
 * creates, moves and cancels, run concurrently, never leave two active overlapping bookings.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readInstant } from '../../server/db/sql-dialect';
import type { SeededTenant, TestApp } from '../support/api';
import { STORES } from '../support/db';
import { seedClockedTenant, seedShop, startClockedApp, TestClock } from './front-desk.fixtures';
import type { ShopIds } from './front-desk.fixtures';

const ROUNDS = 20;
const CONCURRENT = 100;

/** The slot of round `r`: on the hour from 09:00 to 16:00, day after day. */
function slotOf(round: number): string {
  const day = 10 + Math.floor(round / 8);
  const hour = 9 + (round % 8);
  return `2026-03-${day}T${String(hour).padStart(2, '0')}:00:00Z`;
}

/** Fires CONCURRENT identical booking requests at once, spread over `apps`, and counts the statuses. */
async function race(
  apps: TestApp[],
  token: string,
  shop: ShopIds,
  start: string,
): Promise<Record<number, number>> {
  const responses = await Promise.all(
    Array.from({ length: CONCURRENT }, (_, i) =>
      apps[i % apps.length]!.call({
        method: 'POST',
        url: '/v1/bookings',
        token,
        payload: { serviceId: shop.serviceId, staffId: shop.staffIds[0], start, source: 'online' },
      }),
    ),
  );
  const counts: Record<number, number> = {};
  for (const r of responses) counts[r.statusCode] = (counts[r.statusCode] ?? 0) + 1;
  for (const r of responses.filter((r) => r.statusCode === 409))
    expect(r.json().type).toMatch(/\/slot-taken$/);
  return counts;
}

/** Active bookings of `staffIds` as stored, read with full privileges. */
async function activeSpans(t: TestApp, tenantId: string, staffIds: readonly string[]) {
  const p = (i: number) => (t.db.store === 'sqlite' ? '?' : `$${i}`);
  const rows = await t.db.superuserQuery<{
    id: string;
    staff_id: string;
    busy_from: unknown;
    busy_to: unknown;
  }>(
    `SELECT id, staff_id, busy_from, busy_to FROM bookings
      WHERE tenant_id = ${p(1)} AND status IN ('booked', 'checked_in', 'in_service')
        AND staff_id IN (${staffIds.map((_, i) => p(i + 2)).join(', ')})`,
    [tenantId, ...staffIds],
  );
  return rows.map((r) => ({
    id: r.id,
    staffId: r.staff_id,
    from: readInstant(r.busy_from).getTime(),
    to: readInstant(r.busy_to).getTime(),
  }));
}

function overlappingPairs(spans: { id: string; staffId: string; from: number; to: number }[]): string[] {
  const pairs: string[] = [];
  for (let i = 0; i < spans.length; i++) {
    for (let j = i + 1; j < spans.length; j++) {
      const a = spans[i]!;
      const b = spans[j]!;
      if (a.staffId === b.staffId && a.from < b.to && b.from < a.to) pairs.push(`${a.id}/${b.id}`);
    }
  }
  return pairs;
}

describe.each(STORES)('double booking on %s', (store) => {
  const clock = new TestClock(Date.parse('2026-03-01T12:00:00Z'));
  let sut: TestApp;
  let tenant: SeededTenant;

  beforeAll(async () => {
    sut = await startClockedApp(store, clock);
    tenant = await seedClockedTenant(sut);
  });
  afterAll(async () => {
    await sut?.close();
  });

  it(`lets exactly one of ${CONCURRENT} simultaneous requests for one slot through, ${ROUNDS} rounds`, async () => {
    const shop = await seedShop(sut, tenant.token, { bufferAfterMinutes: 10 });
    for (let round = 0; round < ROUNDS; round++) {
      expect(await race([sut], tenant.token, shop, slotOf(round)), `round ${round}`).toEqual({
        201: 1,
        409: CONCURRENT - 1,
      });
    }
    const spans = await activeSpans(sut, tenant.tenantId, shop.staffIds);
    expect(spans).toHaveLength(ROUNDS);
    expect(overlappingPairs(spans)).toEqual([]);
  });

  it('never leaves two active overlapping bookings after random concurrent creates, moves and cancels', async () => {
    const op = fc.oneof(
      fc.record({
        kind: fc.constant('create' as const),
        staff: fc.nat(1),
        slot: fc.nat(15),
        auto: fc.boolean(),
      }),
      fc.record({
        kind: fc.constant('move' as const),
        booking: fc.nat(20),
        slot: fc.nat(15),
        staff: fc.nat(1),
      }),
      fc.record({ kind: fc.constant('cancel' as const), booking: fc.nat(20) }),
    );
    // 20-minute slots every 20 minutes with a 10-minute buffer after: neighbours collide, so moves and creates fight.
    const at = (slot: number) =>
      new Date(Date.parse('2026-03-12T09:00:00Z') + slot * 20 * 60_000).toISOString();
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(op, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 6 }),
        async (batches) => {
          const shop = await seedShop(sut, tenant.token, {
            staffCount: 2,
            durationMinutes: 20,
            bufferAfterMinutes: 10,
          });
          const ids: string[] = [];
          const statuses = new Set<number>();
          for (const batch of batches) {
            const responses = await Promise.all(
              batch.map((o) => {
                if (o.kind === 'create') {
                  return sut.call({
                    method: 'POST',
                    url: '/v1/bookings',
                    token: tenant.token,
                    payload: {
                      serviceId: shop.serviceId,
                      start: at(o.slot),
                      source: 'desk',
                      ...(o.auto ? {} : { staffId: shop.staffIds[o.staff] }),
                    },
                  });
                }
                const id = ids.length > 0 ? ids[o.booking % ids.length]! : crypto.randomUUID();
                if (o.kind === 'move') {
                  return sut.call({
                    method: 'PATCH',
                    url: `/v1/bookings/${id}`,
                    token: tenant.token,
                    payload: { start: at(o.slot), staffId: shop.staffIds[o.staff] },
                  });
                }
                return sut.call({ method: 'DELETE', url: `/v1/bookings/${id}`, token: tenant.token });
              }),
            );
            for (const r of responses) {
              statuses.add(r.statusCode);
              if (r.statusCode === 201) ids.push(r.json().id);
            }
          }
          expect([...statuses].filter((s) => s >= 500)).toEqual([]);
          expect(overlappingPairs(await activeSpans(sut, tenant.tenantId, shop.staffIds))).toEqual([]);
        },
      ),
      { numRuns: 25 },
    );
  });

  if (store === 'postgres') {
    it('refuses overlapping active bookings in the database itself (exclusion constraint, SQLSTATE 23P01)', async () => {
      const shop = await seedShop(sut, tenant.token);
      const [location] = await sut.db.superuserQuery<{ location_id: string }>(
        `SELECT location_id FROM staff WHERE tenant_id = $1 AND id = $2`,
        [tenant.tenantId, shop.staffIds[0]],
      );
      const insert = (id: string, from: string, to: string, status = 'booked') =>
        sut.db.superuserQuery(
          `INSERT INTO bookings (tenant_id, id, location_id, service_id, staff_id, start_at, end_at, busy_from, busy_to, status, source, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $6, $7, $8, 'desk', now(), now())`,
          [tenant.tenantId, id, location!.location_id, shop.serviceId, shop.staffIds[0], from, to, status],
        );
      await insert(crypto.randomUUID(), '2026-04-01T10:00:00Z', '2026-04-01T11:00:00Z');
      await expect(
        insert(crypto.randomUUID(), '2026-04-01T10:30:00Z', '2026-04-01T11:30:00Z'),
      ).rejects.toMatchObject({ code: '23P01' });
      // Inactive bookings and touching spans are allowed.
      await insert(crypto.randomUUID(), '2026-04-01T10:30:00Z', '2026-04-01T11:30:00Z', 'cancelled');
      await insert(crypto.randomUUID(), '2026-04-01T11:00:00Z', '2026-04-01T12:00:00Z');
    });

    describe('across two API instances sharing the database', () => {
      let second: TestApp;
      beforeAll(async () => {
        second = await startClockedApp(store, clock, sut.db);
      });
      afterAll(async () => {
        await second?.close();
      });

      it(`lets exactly one of ${CONCURRENT} simultaneous requests through, ${ROUNDS} rounds`, async () => {
        const shop = await seedShop(sut, tenant.token);
        for (let round = 0; round < ROUNDS; round++) {
          expect(await race([sut, second], tenant.token, shop, slotOf(round)), `round ${round}`).toEqual({
            201: 1,
            409: CONCURRENT - 1,
          });
        }
        expect(overlappingPairs(await activeSpans(sut, tenant.tenantId, shop.staffIds))).toEqual([]);
      });
    });
  }
});
