/**
 * The walk-in queue on both stores, against a hand-computed day: two stylists (A busy with a 90-minute
 * colour until 11:30, B free), three 30-minute haircut walk-ins arriving at 10:00. Positions, waits and
 * likely staff are checked after every change; start makes an in_service booking (409 when the staff
 * member is busy), invalid moves are 409, roles and bad input are refused with nothing written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SeededTenant, TestApp } from '../support/api';
import { STORES } from '../support/db';
import {
  addClockedUser,
  expectCall,
  seedClockedTenant,
  seedShop,
  startClockedApp,
  TestClock,
} from '../frontdesk/front-desk.fixtures';
import type { ShopIds } from '../frontdesk/front-desk.fixtures';

type WalkIn = {
  id: string;
  customerName: string;
  status: string;
  position: number | null;
  estimatedWaitMinutes: number | null;
  likelyStaffId: string | null;
  staffId: string | null;
  bookingId: string | null;
};
type Booking = { id: string; staffId: string; start: string; end: string; status: string; source: string };

/** Monday 1 June 2026 in London (UTC+1). */
const at = (hhmm: string) => `2026-06-01T${hhmm}:00+01:00`;

describe.each(STORES)('WalkInService on %s', (store) => {
  const clock = new TestClock(Date.parse(at('09:00')));
  let sut: TestApp;
  let owner: SeededTenant;
  let shop: ShopIds;
  let anna: string;
  let ben: string;

  const queue = async (token = owner.token) =>
    (
      await expectCall<{ items: WalkIn[] }>(
        sut,
        token,
        'GET',
        `/v1/walk-ins?locationId=${shop.locationId}`,
        200,
      )
    ).items;
  /** What the front desk sees: name, position, wait, likely staff. */
  const board = async () =>
    (await queue()).map((w) => [w.customerName, w.position, w.estimatedWaitMinutes, w.likelyStaffId]);
  const act = (id: string, payload: object, status = 200) =>
    expectCall<WalkIn>(sut, owner.token, 'POST', `/v1/walk-ins/${id}/actions`, status, payload);
  const arrive = (name: string, extra: object = {}) =>
    expectCall<WalkIn>(sut, owner.token, 'POST', '/v1/walk-ins', 201, {
      customer: { name },
      serviceId: shop.serviceId,
      locationId: shop.locationId,
      ...extra,
    });

  beforeAll(async () => {
    sut = await startClockedApp(store, clock);
    owner = await seedClockedTenant(sut);
    shop = await seedShop(sut, owner.token, { staffCount: 2, durationMinutes: 30 });
    [anna, ben] = shop.staffIds as [string, string];
    const colour = await expectCall<{ id: string }>(sut, owner.token, 'POST', '/v1/services', 201, {
      name: 'Colour',
      durationMinutes: 90,
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 0,
      minNoticeMinutes: 0,
      maxAdvanceDays: 30,
    });
    await expectCall(sut, owner.token, 'PATCH', `/v1/staff/${anna}`, 200, {
      serviceIds: [shop.serviceId, colour.id],
    });
    const booking = await expectCall<Booking>(sut, owner.token, 'POST', '/v1/bookings', 201, {
      serviceId: colour.id,
      staffId: anna,
      customer: { name: 'Colour client' },
      start: at('10:00'),
      source: 'phone',
    });
    clock.set(at('10:00'));
    await expectCall(sut, owner.token, 'PATCH', `/v1/bookings/${booking.id}`, 200, { status: 'checked_in' });
    await expectCall(sut, owner.token, 'PATCH', `/v1/bookings/${booking.id}`, 200, { status: 'in_service' });
  });
  afterAll(async () => {
    await sut?.close();
  });

  it('estimates, starts and removes parties as the desk works through the queue', async () => {
    expect(await queue()).toEqual([]);
    const w1 = await arrive('Walker One');
    expect(w1).toMatchObject({ status: 'waiting', position: 1, estimatedWaitMinutes: 0, likelyStaffId: ben });
    const w2 = await arrive('Walker Two');
    await arrive('Walker Three');
    // Ben takes them back to back (10:00, 10:30, 11:00); Anna is busy with the colour until 11:30.
    expect(await board()).toEqual([
      ['Walker One', 1, 0, ben],
      ['Walker Two', 2, 30, ben],
      ['Walker Three', 3, 60, ben],
    ]);

    expect(await act(w1.id, { action: 'call' })).toMatchObject({ status: 'called', position: 1 });
    expect(await board()).toEqual([
      ['Walker One', 1, 0, ben],
      ['Walker Two', 2, 30, ben],
      ['Walker Three', 3, 60, ben],
    ]);

    const started = await act(w1.id, { action: 'start' });
    expect(started).toMatchObject({
      status: 'started',
      position: null,
      estimatedWaitMinutes: null,
      staffId: ben,
    });
    const booking = await expectCall<Booking>(
      sut,
      owner.token,
      'GET',
      `/v1/bookings/${started.bookingId}`,
      200,
    );
    expect(booking).toMatchObject({ staffId: ben, status: 'in_service', source: 'walk_in' });
    expect(Date.parse(booking.start)).toBe(Date.parse(at('10:00')));
    expect(Date.parse(booking.end)).toBe(Date.parse(at('10:30')));
    expect(await board()).toEqual([
      ['Walker Two', 1, 30, ben],
      ['Walker Three', 2, 60, ben],
    ]);

    // Anna is mid-colour: starting on her now is a conflict, and nothing changes.
    const refused = await sut.call({
      method: 'POST',
      url: `/v1/walk-ins/${w2.id}/actions`,
      token: owner.token,
      payload: { action: 'start', staffId: anna },
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().type).toMatch(/\/slot-taken$/);
    // Ben is busy with Walker One too: nobody is free now.
    const nobodyFree = await sut.call({
      method: 'POST',
      url: `/v1/walk-ins/${w2.id}/actions`,
      token: owner.token,
      payload: { action: 'start' },
    });
    expect(nobodyFree.statusCode).toBe(409);
    expect(await board()).toEqual([
      ['Walker Two', 1, 30, ben],
      ['Walker Three', 2, 60, ben],
    ]);

    expect(await act(w2.id, { action: 'leave' })).toMatchObject({ status: 'left', position: null });
    expect(await board()).toEqual([['Walker Three', 1, 30, ben]]);

    const w4 = await arrive('Walker Four', { staffId: anna });
    expect(await board()).toEqual([
      ['Walker Three', 1, 30, ben],
      ['Walker Four', 2, 90, anna],
    ]);

    clock.set(at('10:10'));
    expect(await board()).toEqual([
      ['Walker Three', 1, 20, ben],
      ['Walker Four', 2, 80, anna],
    ]);

    expect(await act(w4.id, { action: 'no_show' })).toMatchObject({ status: 'no_show' });
    expect(await board()).toEqual([['Walker Three', 1, 20, ben]]);
  });

  it('refuses moves of a party that left the queue, and calling twice, with 409 /invalid-transition', async () => {
    const w = await arrive('Walker Five');
    await act(w.id, { action: 'call' });
    for (const action of ['call']) {
      const response = await sut.call({
        method: 'POST',
        url: `/v1/walk-ins/${w.id}/actions`,
        token: owner.token,
        payload: { action },
      });
      expect(response.statusCode).toBe(409);
      expect(response.json().type).toMatch(/\/invalid-transition$/);
    }
    await act(w.id, { action: 'leave' });
    for (const action of ['call', 'start', 'no_show', 'leave']) {
      const response = await sut.call({
        method: 'POST',
        url: `/v1/walk-ins/${w.id}/actions`,
        token: owner.token,
        payload: { action },
      });
      expect(response.statusCode, action).toBe(409);
      expect(response.json().type).toMatch(/\/invalid-transition$/);
    }
  });

  it('creates the customer given inline, so the desk finds them', async () => {
    await arrive('Quentin Inline', { partySize: 1, notes: 'prefers the window seat' });
    const found = await expectCall<{ items: { name: string }[] }>(
      sut,
      owner.token,
      'GET',
      '/v1/customers?q=quentin',
      200,
    );
    expect(found.items.map((c) => c.name)).toEqual(['Quentin Inline']);
  });

  it('lets staff read the queue but not change it', async () => {
    const staff = await addClockedUser(sut, owner.tenantId, 'staff');
    const receptionist = await addClockedUser(sut, owner.tenantId, 'receptionist');
    expect((await queue(staff.token)).length).toBeGreaterThan(0);
    const [first] = await queue();
    for (const [url, payload] of [
      ['/v1/walk-ins', { customer: { name: 'Nope' }, serviceId: shop.serviceId }],
      [`/v1/walk-ins/${first!.id}/actions`, { action: 'call' }],
    ] as const) {
      const response = await sut.call({ method: 'POST', url, token: staff.token, payload });
      expect(response.statusCode, url).toBe(403);
    }
    // The staff member named decides the location.
    const byDesk = await sut.call({
      method: 'POST',
      url: '/v1/walk-ins',
      token: receptionist.token,
      payload: { customer: { name: 'Desk Added' }, serviceId: shop.serviceId, staffId: ben },
    });
    expect(byDesk.statusCode, byDesk.body).toBe(201);
  });

  it('refuses bad input naming the field, and writes nothing', async () => {
    const before = await queue();
    const cases: [object, string][] = [
      [{ customer: { name: 'X' } }, 'body.serviceId'],
      [{ customer: { name: 'X' }, serviceId: crypto.randomUUID() }, 'body.serviceId'],
      [{ customerId: crypto.randomUUID(), serviceId: shop.serviceId }, 'body.customerId'],
      [{ customer: { name: 'X' }, serviceId: shop.serviceId, partySize: 0 }, 'body.partySize'],
      [{ customer: { name: 'X' }, serviceId: shop.serviceId, staffId: crypto.randomUUID() }, 'body.staffId'],
      [{ serviceId: shop.serviceId }, 'body.customer'],
      // The business has two locations (signup's and the shop): which queue must be said.
      [{ customer: { name: 'X' }, serviceId: shop.serviceId, locationId: undefined }, 'body.locationId'],
    ];
    for (const [payload, path] of cases) {
      const response = await sut.call({
        method: 'POST',
        url: '/v1/walk-ins',
        token: owner.token,
        payload: { locationId: shop.locationId, ...payload },
      });
      expect(response.statusCode, JSON.stringify(payload)).toBe(422);
      expect(response.json().errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    const badAction = await sut.call({
      method: 'POST',
      url: `/v1/walk-ins/${before[0]!.id}/actions`,
      token: owner.token,
      payload: { action: 'teleport' },
    });
    expect(badAction.statusCode).toBe(422);
    expect(badAction.json().errors[0].path).toBe('body.action');
    expect(await queue()).toEqual(before);
  });

  it("starts a party's booking on the whole minute, so the next quarter-hour stays bookable", async () => {
    const party = await arrive('Seconds Walker', { staffId: ben });
    clock.ms = Date.parse(at('11:45')) + 18_500;
    const started = await act(party.id, { action: 'start' });
    const booking = await expectCall<Booking>(
      sut,
      owner.token,
      'GET',
      `/v1/bookings/${started.bookingId}`,
      200,
    );
    expect([booking.start, booking.end].map(Date.parse)).toEqual([at('11:45'), at('12:15')].map(Date.parse));
    // Ben's 12:15 is free: a 30-minute service started at 11:45:18 used to hold him until 12:15:18.
    await expectCall(sut, owner.token, 'POST', '/v1/bookings', 201, {
      serviceId: shop.serviceId,
      staffId: ben,
      customer: { name: 'Next Quarter' },
      start: at('12:15'),
      source: 'phone',
    });
  });
});
