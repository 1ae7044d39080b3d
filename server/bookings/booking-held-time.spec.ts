/**
 * The conflict check reads only the bookings near the proposed span (server/bookings/held-time.sql.ts:
 * from the latest active booking starting at or before it, through the index of active bookings by
 * staff member and start). These cases would slip through a wrong bound: a long booking that
 * started well before the span, hidden behind cancelled bookings that start later. On PostgreSQL, the
 * pages a check reads do not grow with the staff member's history.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SeededTenant, TestApp } from '../../tests/support/api';
import { STORES } from '../../tests/support/db';
import {
  seedClockedTenant,
  seedShop,
  startClockedApp,
  TestClock,
} from '../../tests/frontdesk/front-desk.fixtures';
import type { ShopIds } from '../../tests/frontdesk/front-desk.fixtures';
import { heldTimeFor, loadBookingContext } from './booking-context';
import { BookingRepository } from './booking.repository';
import { bookingHeldTimeSql, heldTimeSql, NOTHING_HELD_SQL, nothingHeldParameters } from './held-time.sql';

describe.each(STORES)(`${BookingRepository.name} held time on %s`, (store) => {
  const clock = new TestClock(Date.parse('2026-03-01T12:00:00Z'));
  let sut: TestApp;
  let owner: SeededTenant;
  let shop: ShopIds;

  beforeAll(async () => {
    sut = await startClockedApp(store, clock);
    owner = await seedClockedTenant(sut);
    // Four-hour appointments, a 15-minute buffer after each, open 06:00–22:00.
    shop = await seedShop(sut, owner.token, {
      durationMinutes: 240,
      bufferAfterMinutes: 15,
      hours: [['06:00', '22:00']],
    });
  });
  afterAll(async () => {
    await sut?.close();
  });

  const book = async (start: string) => {
    const response = await sut.call({
      method: 'POST',
      url: '/v1/bookings',
      token: owner.token,
      payload: { serviceId: shop.serviceId, staffId: shop.staffIds[0], start, source: 'desk' },
    });
    return { status: response.statusCode, id: (response.json() as { id?: string }).id };
  };
  const cancel = async (id: string) => {
    const response = await sut.call({ method: 'DELETE', url: `/v1/bookings/${id}`, token: owner.token });
    expect(response.statusCode).toBe(204);
  };

  it('refuses a slot inside a long booking that started earlier, behind later cancelled bookings', async () => {
    // Cancelled first, so that the long booking can take their time: they start after it.
    for (const start of ['2026-03-10T09:00:00Z', '2026-03-10T10:30:00Z']) {
      const cancelled = await book(start);
      expect(cancelled.status).toBe(201);
      await cancel(cancelled.id!);
    }
    expect((await book('2026-03-10T08:00:00Z')).status).toBe(201); // holds 08:00–12:15

    expect((await book('2026-03-10T11:00:00Z')).status).toBe(409);
    expect((await book('2026-03-10T12:00:00Z')).status).toBe(409); // only the buffer overlaps
    expect((await book('2026-03-10T12:15:00Z')).status).toBe(201); // right after the buffer
  });

  it('refuses a slot starting exactly where an active booking starts, and one ending inside it', async () => {
    expect((await book('2026-03-11T10:00:00Z')).status).toBe(201); // holds 10:00–14:15
    expect((await book('2026-03-11T10:00:00Z')).status).toBe(409);
    expect((await book('2026-03-11T07:00:00Z')).status).toBe(409); // holds 07:00–11:15
    expect((await book('2026-03-11T14:15:00Z')).status).toBe(201);
  });

  it('reads, with the context of a create, the held time of its candidates over exactly its span', async () => {
    expect((await book('2026-03-12T10:00:00Z')).status).toBe(201); // holds 10:00–14:15
    const start = new Date('2026-03-12T13:00:00Z');
    const context = await sut.platform.scopes
      .forTenant(owner.tenantId)
      .transaction((tx) =>
        loadBookingContext(tx, { serviceId: shop.serviceId, staffId: shop.staffIds[0], start }),
      );
    const span = { from: start, to: new Date('2026-03-12T17:15:00Z') };
    const held = heldTimeFor(context, [shop.staffIds[0]!], span);
    if (store === 'postgres') {
      // Read in the same round trip as the context (else the create reads it again itself).
      expect(context.heldFor).toEqual({ staffIds: [shop.staffIds[0]], ...span });
      expect(held?.map((h) => [h.kind, h.start.toISOString()])).toEqual([
        ['booking', '2026-03-12T10:00:00.000Z'],
      ]);
    } else {
      expect(held).toBeUndefined();
    }
  });

  if (store === 'postgres') {
    it('reads a handful of pages for a check, however many bookings the staff member has', async () => {
      // 2,400 active four-hour bookings back to back from 2026-05-01, straight into the table.
      await sut.db.superuserQuery(
        `INSERT INTO bookings (tenant_id, id, location_id, service_id, staff_id, start_at, end_at, busy_from, busy_to,
           status, source, created_at, updated_at)
         SELECT $1, gen_random_uuid(), $2, $3, $4, s, s + interval '4 hours', s, s + interval '4 hours',
                'booked', 'desk', now(), now()
           FROM generate_series(timestamptz '2026-05-01T00:00:00Z', timestamptz '2026-05-01T00:00:00Z' + interval '9596 hours',
                                interval '4 hours') s`,
        [owner.tenantId, shop.locationId, shop.serviceId, shop.staffIds[0]],
      );
      // The span 2026-06-15 10:00-14:15 meets the bookings from 08:00 and from 12:00.
      const start = new Date('2026-06-15T10:00:00Z');
      const [from, to] = [start, new Date('2026-06-15T14:15:00Z')];
      const t = owner.tenantId;
      const staffId = shop.staffIds[0]!;
      const heldBookings = (rows: { kind: string; start_at: Date }[]) =>
        expect(rows.filter((r) => r.kind === 'booking').map((r) => r.start_at.toISOString())).toEqual([
          '2026-06-15T08:00:00.000Z',
          '2026-06-15T12:00:00.000Z',
        ]);
      const reads = [
        {
          sql: bookingHeldTimeSql(true),
          parameters: [start, start, t, shop.serviceId, t, staffId],
          check: heldBookings,
        },
        { sql: heldTimeSql('postgres', 1), parameters: [t, [staffId], from, to], check: heldBookings },
        {
          // The guard of a cached create (BookingRepository.guardedInsertStatement).
          sql: `SELECT ${NOTHING_HELD_SQL} AS free`,
          parameters: nothingHeldParameters(t, staffId, from, to),
          check: (rows: { free?: boolean }[]) => expect(rows).toEqual([{ free: false }]),
        },
      ];
      const client = new pg.Client({ connectionString: sut.db.appUrl });
      await client.connect();
      try {
        await client.query(`SELECT set_config('app.tenant_id', $1, false)`, [t]);
        for (const read of reads) {
          let n = 0;
          const sql = read.sql.replace(/\?/g, () => `$${++n}`);
          read.check(
            (await client.query<{ kind: string; start_at: Date; free?: boolean }>(sql, read.parameters)).rows,
          );
          const [plan] = (
            await client.query<{
              'QUERY PLAN': [{ Plan: { 'Shared Hit Blocks': number; 'Shared Read Blocks': number } }];
            }>(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`, read.parameters)
          ).rows[0]!['QUERY PLAN'];
          // Searching the GiST index by tenant and staff member alone, or the table, reads over 100.
          expect(plan.Plan['Shared Hit Blocks'] + plan.Plan['Shared Read Blocks']).toBeLessThan(20);
        }
      } finally {
        await client.end();
      }
    });
  }
});
