/**
 * The desk engine end to end against a real API on loopback (SQLite): two desks of one business,
 * live sync through the event stream, work done while the API is down, and two desks that booked
 * the same slot offline.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Booking, WalkIn } from '../../core/domain/schemas';
import { Desk } from '../../main/desk/desk';
import { EVERY_DAY, expectCall, seedShop } from '../frontdesk/front-desk.fixtures';
import type { ShopIds } from '../frontdesk/front-desk.fixtures';
import { seedTenant } from '../support/api';
import type { SeededTenant } from '../support/api';
import { eventually, LoopbackApi, openTestDesk } from './desk.fixtures';
import type { TestDesk } from './desk.fixtures';

const ZONE = 'Europe/London';
/** `days` after today at `hh:mm` in the shop's zone, as an ISO instant. */
const dayAt = (days: number, hhmm: string) => {
  const day = new Date(Date.now() + days * 86_400_000).toLocaleDateString('en-CA', { timeZone: ZONE });
  const probe = new Date(`${day}T${hhmm}:00Z`);
  const offset =
    probe.getTime() - Date.parse(probe.toLocaleString('sv-SE', { timeZone: ZONE }).replace(' ', 'T') + 'Z');
  return new Date(probe.getTime() + offset).toISOString();
};
/** Tomorrow at `hh:mm` in the shop's zone, as an ISO instant. */
const tomorrowAt = (hhmm: string) => dayAt(1, hhmm);

/** What desk `d` shows for a booking or walk-in (its cache, personal fields opened). */
const cached = <T>(d: TestDesk, table: 'bookings' | 'walk_ins', id: string): T | null =>
  (table === 'bookings' ? d.desk.cache.getBooking(id) : d.desk.cache.getWalkIn(id)) as T | null;

describe(Desk.name, () => {
  let api: LoopbackApi;
  let owner: SeededTenant;
  let shop: ShopIds;
  let a: TestDesk;
  let b: TestDesk;

  beforeAll(async () => {
    api = await LoopbackApi.start('sqlite');
    owner = await seedTenant(api.t.platform, { timeZone: ZONE });
    const all: [string, string][] = [['00:00', '23:59']];
    shop = await seedShop(api.t, owner.token, {
      timeZone: ZONE,
      staffCount: 2,
      hours: all,
      durationMinutes: 30,
    });
    await expectCall(api.t, owner.token, 'PATCH', `/v1/locations/${shop.locationId}`, 200, {
      openingHours: EVERY_DAY(all),
    });
    a = openTestDesk(api.url, owner.token);
    b = openTestDesk(api.url, owner.token);
    await eventually(
      () => a.desk.status().connection.state === 'online' && b.desk.status().connection.state === 'online',
    );
  }, 60_000);

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await api?.close();
  });

  it('shows a booking made at desk A in desk B through the event stream, and prints how fast', async () => {
    await eventually(() => b.desk.store.allStaff().length === 2);
    const started = performance.now();
    const receipt = a.desk.actions.createBooking({
      serviceId: shop.serviceId,
      staffId: shop.staffIds[0]!,
      start: tomorrowAt('09:00'),
      source: 'desk',
      customer: { name: 'Ana Live' },
    });
    expect(receipt).toMatchObject({ pending: true });
    expect(cached<Booking>(a, 'bookings', receipt.id)).toMatchObject({ status: 'booked' });

    await eventually(() => cached<Booking>(b, 'bookings', receipt.id));
    const elapsed = performance.now() - started;
    console.log(`desk A -> desk B: booking visible after ${elapsed.toFixed(0)} ms`);
    // Measured and printed, not asserted: timing thresholds flake on shared machines (bench: desk-live).
    await eventually(() => a.desk.status().waiting === 0);
    expect(a.events.some((e) => e.name === 'schedule:changed')).toBe(true);
  });

  it('offers a booking being moved the times its own slot overlaps', () => {
    const booked = a.desk.actions.createBooking({
      serviceId: shop.serviceId,
      staffId: shop.staffIds[0]!,
      start: tomorrowAt('05:00'),
      source: 'desk',
    });
    const window = {
      serviceId: shop.serviceId,
      staffId: shop.staffIds[0]!,
      from: tomorrowAt('04:45'),
      to: tomorrowAt('05:30'),
    };
    const starts = (extra = {}) =>
      a.desk.actions.slots({ ...window, ...extra }).slots.map((slot) => Date.parse(slot.start));
    expect(starts()).toEqual([]);
    expect(starts({ movingBookingId: booked.id })).toEqual(
      ['04:45', '05:00', '05:15'].map((hhmm) => Date.parse(tomorrowAt(hhmm))),
    );
  });

  it('offers free times from its cache that leave out time off pulled from the API', async () => {
    const staffId = shop.staffIds[1]!;
    const window = { serviceId: shop.serviceId, staffId, from: tomorrowAt('06:00'), to: tomorrowAt('08:00') };
    const starts = () => a.desk.actions.slots(window).slots.map((slot) => Date.parse(slot.start));
    expect(starts()).toContain(Date.parse(tomorrowAt('07:00')));
    await expectCall(api.t, owner.token, 'POST', `/v1/staff/${staffId}/time-off`, 201, {
      start: tomorrowAt('06:30'),
      end: tomorrowAt('07:30'),
      reason: 'dentist',
    });
    await eventually(() => !starts().includes(Date.parse(tomorrowAt('07:00'))));
    expect(starts()).toEqual([tomorrowAt('06:00'), tomorrowAt('07:30'), tomorrowAt('07:45')].map(Date.parse));
    expect(() =>
      a.desk.actions.createBooking({
        serviceId: shop.serviceId,
        staffId,
        start: tomorrowAt('07:00'),
        source: 'desk',
      }),
    ).toThrow('Stylist B is not working then.');
  });

  it("keeps a local pending change when a pull brings another desk's change (rebase)", async () => {
    await api.down();
    await eventually(() => a.desk.status().connection.state === 'offline');
    const mine = a.desk.actions.createWalkIn({
      serviceId: shop.serviceId,
      customer: { name: 'Ben Offline' },
    });
    expect(a.desk.status().waiting).toBe(1);
    await api.up();
    // Another desk (through REST) books meanwhile; A sees both its own walk-in and that booking.
    const theirs = await expectCall<Booking>(api.t, owner.token, 'POST', '/v1/bookings', 201, {
      serviceId: shop.serviceId,
      staffId: shop.staffIds[1]!,
      start: tomorrowAt('11:00'),
      source: 'phone',
      customer: { name: 'Cara Phone' },
    });
    await eventually(() => cached<Booking>(a, 'bookings', theirs.id) && a.desk.status().waiting === 0);
    expect(cached<WalkIn>(a, 'walk_ins', mine.id)).toMatchObject({
      customerName: 'Ben Offline',
      status: 'waiting',
    });
  });

  it("takes 20 walk-ins, 3 bookings and 2 status moves offline and delivers each once, in order, with the desk's times", async () => {
    const existing: Booking[] = [];
    for (const hhmm of ['13:00', '13:30']) {
      existing.push(
        await expectCall<Booking>(api.t, owner.token, 'POST', '/v1/bookings', 201, {
          serviceId: shop.serviceId,
          staffId: shop.staffIds[1]!,
          start: tomorrowAt(hhmm),
          source: 'desk',
          customer: { name: `Existing ${hhmm}` },
        }),
      );
    }
    await eventually(() => existing.every((e) => cached(a, 'bookings', e.id)));
    await api.down();
    await eventually(() => a.desk.status().connection.state === 'offline');

    const walkIns: { id: string; arrivedAt: string }[] = [];
    for (let i = 0; i < 20; i++) {
      const receipt = a.desk.actions.createWalkIn({
        serviceId: shop.serviceId,
        customer: { name: `Walk-in ${i}` },
      });
      expect(receipt.toBeConfirmed).toBe(true);
      walkIns.push({ id: receipt.id, arrivedAt: cached<WalkIn>(a, 'walk_ins', receipt.id)!.arrivedAt });
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const bookings = ['15:00', '15:30', '16:00'].map(
      (hhmm) =>
        a.desk.actions.createBooking({
          serviceId: shop.serviceId,
          staffId: shop.staffIds[0]!,
          start: tomorrowAt(hhmm),
          source: 'desk',
          customer: { name: `Booked ${hhmm}` },
        }).id,
    );
    for (const e of existing) a.desk.actions.setBookingStatus({ id: e.id, status: 'cancelled' });
    expect(a.desk.status()).toMatchObject({ waiting: 28, connection: { state: 'offline' } }); // 3 bookings carry a new customer each

    await api.up();
    await eventually(() => a.desk.status().waiting === 0, 15_000);

    const queue = await expectCall<{ items: WalkIn[] }>(api.t, owner.token, 'GET', '/v1/walk-ins', 200);
    const queued = queue.items.filter((w) => walkIns.some((x) => x.id === w.id));
    expect(queued.map((w) => w.id)).toEqual(walkIns.map((w) => w.id));
    expect(queued.map((w) => Date.parse(w.arrivedAt))).toEqual(walkIns.map((w) => Date.parse(w.arrivedAt)));
    for (const id of bookings) {
      expect(await expectCall<Booking>(api.t, owner.token, 'GET', `/v1/bookings/${id}`, 200)).toMatchObject({
        status: 'booked',
      });
    }
    for (const e of existing) {
      expect(await expectCall<Booking>(api.t, owner.token, 'GET', `/v1/bookings/${e.id}`, 200)).toMatchObject(
        { status: 'cancelled' },
      );
    }
    const rows = await api.t.db.superuserQuery<{ n: number }>(
      `SELECT COUNT(*) AS n FROM walk_ins WHERE tenant_id = ?`,
      [owner.tenantId],
    );
    expect(Number(rows[0]!.n)).toBe(21); // the 20 above and the rebase test's one: nothing doubled
    expect(a.desk.store.problems()).toEqual([]);
  });

  it('lets exactly one of two offline desks have a slot both booked, and shows the other its problem', async () => {
    await api.down();
    await eventually(
      () => a.desk.status().connection.state === 'offline' && b.desk.status().connection.state === 'offline',
    );
    const slot = {
      serviceId: shop.serviceId,
      staffId: shop.staffIds[0]!,
      start: tomorrowAt('18:00'),
      source: 'desk' as const,
    };
    const fromA = a.desk.actions.createBooking({ ...slot, customer: { name: 'Dee From A' } });
    const fromB = b.desk.actions.createBooking({ ...slot, customer: { name: 'Eve From B' } });
    await api.up();
    await eventually(() => a.desk.status().waiting === 0 && b.desk.status().waiting === 0, 15_000);
    await eventually(
      () => cached(a, 'bookings', fromB.id) === null || cached(b, 'bookings', fromA.id) === null,
    );

    const listed = await expectCall<{ items: Booking[] }>(
      api.t,
      owner.token,
      'GET',
      `/v1/bookings?from=${encodeURIComponent(slot.start)}&to=${encodeURIComponent(new Date(Date.parse(slot.start) + 1_800_000).toISOString())}&status=booked`,
      200,
    );
    expect(listed.items.map((x) => x.id).filter((id) => id === fromA.id || id === fromB.id)).toHaveLength(1);
    const [winner, loser, lost] = listed.items.some((x) => x.id === fromA.id) ? [a, b, fromB] : [b, a, fromA];
    await eventually(() => cached(loser, 'bookings', lost.id) === null);
    expect(loser.desk.store.problems()).toEqual([
      expect.objectContaining({
        mutation: 'booking.create',
        reason: expect.stringMatching(/^Slot taken: Stylist A already has \d\d:00–\d\d:30$/),
      }),
    ]);
    expect(winner.desk.store.problems()).toEqual([]);
  });

  it('has tomorrow complete before the rest of a first snapshot has arrived', async () => {
    const book = async (days: number, hhmm: string) =>
      (
        await expectCall<Booking>(api.t, owner.token, 'POST', '/v1/bookings', 201, {
          serviceId: shop.serviceId,
          staffId: shop.staffIds[1]!,
          start: dayAt(days, hhmm),
          source: 'phone',
        })
      ).id;
    const near = [await book(1, '20:00'), await book(1, '20:30'), await book(1, '21:00')];
    const far: string[] = [];
    for (let days = 5; days < 17; days++) far.push(await book(days, '20:00'));

    // A new desk pulling 3 rows a page: what it holds each time a page is stored part-way through.
    const seen: { near: number; far: number }[] = [];
    const c = openTestDesk(api.url, owner.token, undefined, {
      pullPageSize: 3,
      onEvent: (event, desk) => {
        if (event.name !== 'sync:progress' || event.payload.done >= event.payload.total) return;
        const held = (ids: string[]) => ids.filter((id) => desk.cache.getBooking(id) !== null).length;
        seen.push({ near: held(near), far: held(far) });
      },
    });
    try {
      await eventually(() => c.desk.status().connection.state === 'online', 20_000);
      expect(seen.length).toBeGreaterThan(5);
      // The near days were all there while far days were still to come.
      expect(seen.some((s) => s.near === near.length && s.far < far.length)).toBe(true);
      expect(seen.every((s) => s.far === 0 || s.near === near.length)).toBe(true);
      expect(far.every((id) => c.desk.cache.getBooking(id) !== null)).toBe(true);
    } finally {
      await c.close();
    }
  });

  it('shows why the server refused a change whose answer was lost on the way', async () => {
    // While `cut`: pulls fail, and pushes reach the API but their answers never come back.
    let cut = false;
    let lostAnswers = 0;
    const fetchFn: typeof fetch = async (input, init) => {
      const path = new URL(input instanceof Request ? input.url : String(input)).pathname;
      if (cut && path === '/v1/sync/pull') throw new TypeError('fetch failed');
      const response = await fetch(input, init);
      if (cut && path === '/v1/sync/push') {
        await response.text();
        lostAnswers++;
        throw new TypeError('fetch failed');
      }
      return response;
    };
    const c = openTestDesk(api.url, owner.token, undefined, { fetchFn });
    try {
      await eventually(() => c.desk.status().connection.state === 'online' && c.desk.store.allStaff().length);
      cut = true;
      const slot = { serviceId: shop.serviceId, staffId: shop.staffIds[1]!, start: tomorrowAt('14:00') };
      // Another desk takes the slot; this desk cannot pull, so it does not know.
      await expectCall(api.t, owner.token, 'POST', '/v1/bookings', 201, { ...slot, source: 'phone' });
      const mine = c.desk.actions.createBooking({ ...slot, source: 'desk', customer: { name: 'Lost Answer' } });
      await eventually(() => lostAnswers > 0);
      cut = false;
      // Sent again, the API answers "duplicate" with the problem it refused it with.
      await eventually(() => c.desk.store.problems().length > 0 && c.desk.status().waiting === 0);
      expect(c.desk.store.problems()).toEqual([
        expect.objectContaining({
          mutation: 'booking.create',
          reason: expect.stringMatching(/^Slot taken: Stylist B already has \d\d:00–\d\d:30$/),
        }),
      ]);
      expect(cached(c, 'bookings', mine.id)).toBeNull();
    } finally {
      await c.close();
    }
  });
});
