/**
 * The conflict check reads only the bookings near the proposed span (server/bookings/held-time.sql.ts:
 * on SQLite from the latest active booking starting at or before it, on PostgreSQL through the
 * exclusion constraint's range index). These cases would slip through a wrong bound: a long booking
 * that started well before the span, hidden behind cancelled bookings that start later.
 */
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
});
