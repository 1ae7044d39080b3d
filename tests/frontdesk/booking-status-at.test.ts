/**
 * A booking status move's `at` on both stores (API.md "Front desk": `PATCH` `status` and the push
 * mutation `booking.setStatus` take the same optional `at` as the walk-in actions): when the desk
 * recorded the move, kept as the booking's `status_changed_at` (the server's clock without `at`, and
 * for a cancellation). It moves neither the start nor the end. Out of bounds (more than 12 hours back,
 * more than a minute ahead) or without `status`: 422 naming `body.at`, nothing written. A staff user
 * may send it with the status of their own booking.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readOptionalInstant } from '../../server/db/sql-dialect';
import type { SeededTenant, TestApp } from '../support/api';
import { STORES } from '../support/db';
import {
  addClockedUser,
  expectCall,
  seedClockedTenant,
  seedShop,
  startClockedApp,
  TestClock,
} from './front-desk.fixtures';
import type { ShopIds } from './front-desk.fixtures';

type Booking = { id: string; start: string; end: string; status: string };
type Problem = { status: number; type: string; errors?: { path: string }[] };

/** Tuesday 10 March 2026 in London (UTC). */
const at = (hhmm: string) => `2026-03-10T${hhmm}:00Z`;
const HOUR = 3_600_000;

describe.each(STORES)('booking status moves with `at` on %s', (store) => {
  const clock = new TestClock(Date.parse(at('08:00')));
  let sut: TestApp;
  let owner: SeededTenant;
  let shop: ShopIds;
  let mutationId = 0;

  beforeAll(async () => {
    sut = await startClockedApp(store, clock);
    owner = await seedClockedTenant(sut);
    shop = await seedShop(sut, owner.token, { staffCount: 2 });
  });
  afterAll(async () => {
    await sut?.close();
  });

  /** A booking made at 08:00 for `start` on the first staff member; the clock is then at `now`. */
  const book = async (start: string, now: string, staffId = shop.staffIds[0]) => {
    clock.set(at('08:00'));
    const booking = await expectCall<Booking>(sut, owner.token, 'POST', '/v1/bookings', 201, {
      serviceId: shop.serviceId,
      staffId,
      start: at(start),
      source: 'desk',
    });
    clock.set(at(now));
    return booking;
  };
  const patch = (id: string, payload: object, token = owner.token) =>
    sut.call({ method: 'PATCH', url: `/v1/bookings/${id}`, token, payload });
  const statusChangedAt = async (id: string) => {
    const [row] = await sut.db.superuserQuery<{ status_changed_at: unknown }>(
      `SELECT status_changed_at FROM bookings WHERE id = ${store === 'sqlite' ? '?' : '$1'}`,
      [id],
    );
    return readOptionalInstant(row!.status_changed_at)?.toISOString() ?? null;
  };
  const push = async (mutations: { name: string; args: object }[]) =>
    (
      await expectCall<{ results: { status: string; problem?: Problem }[] }>(
        sut,
        owner.token,
        'POST',
        '/v1/sync/push',
        200,
        { clientId: 'desk-status', mutations: mutations.map((m) => ({ id: ++mutationId, ...m })) },
      )
    ).results;

  it('keeps the recorded time of each status move, and leaves the booking where it is', async () => {
    const booking = await book('10:00', '10:40');
    expect(await statusChangedAt(booking.id)).toBeNull();

    const checkedIn = await patch(booking.id, { status: 'checked_in', at: at('09:58') });
    expect(checkedIn.statusCode, checkedIn.body).toBe(200);
    expect(await statusChangedAt(booking.id)).toBe(new Date(at('09:58')).toISOString());

    // Pushed by a desk that was offline: in service since 10:03.
    const pushed = await push([
      { name: 'booking.setStatus', args: { id: booking.id, status: 'in_service', at: at('10:03') } },
    ]);
    expect(pushed.map((r) => r.status)).toEqual(['applied']);
    expect(await statusChangedAt(booking.id)).toBe(new Date(at('10:03')).toISOString());

    // Without `at`: the server's clock.
    expect((await patch(booking.id, { status: 'completed' })).statusCode).toBe(200);
    expect(await statusChangedAt(booking.id)).toBe(new Date(at('10:40')).toISOString());
    const after = await expectCall<Booking>(sut, owner.token, 'GET', `/v1/bookings/${booking.id}`, 200);
    expect(after).toMatchObject({ status: 'completed', start: booking.start, end: booking.end });

    // A cancellation (DELETE) is a status move at the server's clock.
    const other = await book('11:00', '10:45');
    await expectCall(sut, owner.token, 'DELETE', `/v1/bookings/${other.id}`, 204);
    expect(await statusChangedAt(other.id)).toBe(new Date(at('10:45')).toISOString());
  });

  it('refuses `at` out of bounds or without a status, naming body.at, and writes nothing', async () => {
    const booking = await book('12:00', '12:30');
    const now = Date.parse(at('12:30'));
    const iso = (ms: number) => new Date(ms).toISOString();
    const before = await sut.db.snapshotTenant(owner.tenantId);
    for (const payload of [
      { status: 'checked_in', at: iso(now - 12 * HOUR - 1000) },
      { status: 'checked_in', at: iso(now + 61_000) },
      { status: 'checked_in', at: 'half past twelve' },
      { notes: 'late', at: at('12:25') },
    ]) {
      const response = await patch(booking.id, payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(422);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect((response.json() as Problem).errors!.map((e) => e.path)).toContain('body.at');
    }
    expect(await sut.db.snapshotTenant(owner.tenantId)).toEqual(before);

    const results = await push([
      { name: 'booking.setStatus', args: { id: booking.id, status: 'checked_in', at: iso(now - 13 * HOUR) } },
      { name: 'booking.setStatus', args: { id: booking.id, status: 'checked_in', at: 'noon' } },
    ]);
    expect(results.map((r) => [r.status, r.problem?.status])).toEqual([
      ['rejected', 422],
      ['rejected', 422],
    ]);
    expect(results[0]!.problem!.errors!.map((e) => e.path)).toEqual(['body.at']);
    expect(results[1]!.problem!.errors!.map((e) => e.path)).toEqual(['args.at']);
    expect(
      (await expectCall<Booking>(sut, owner.token, 'GET', `/v1/bookings/${booking.id}`, 200)).status,
    ).toBe('booked');
    expect(await statusChangedAt(booking.id)).toBeNull();

    // The bounds themselves are accepted.
    expect((await patch(booking.id, { status: 'checked_in', at: iso(now - 12 * HOUR) })).statusCode).toBe(
      200,
    );
    expect((await patch(booking.id, { status: 'in_service', at: iso(now + 60_000) })).statusCode).toBe(200);
  });

  it('lets a staff user send `at` with the status of their own booking, and nothing else', async () => {
    const user = await addClockedUser(sut, owner.tenantId, 'staff');
    await expectCall(sut, owner.token, 'PATCH', `/v1/staff/${shop.staffIds[1]}`, 200, { email: user.email });
    const own = await book('14:00', '14:05', shop.staffIds[1]);
    expect((await patch(own.id, { status: 'checked_in', at: at('14:01') }, user.token)).statusCode).toBe(200);
    expect(await statusChangedAt(own.id)).toBe(new Date(at('14:01')).toISOString());
    expect((await patch(own.id, { notes: 'no', at: at('14:02') }, user.token)).statusCode).toBe(403);
  });
});
