/**
 * Times the desk recorded itself, on both stores (API.md "Walk-in queue"): a party's `arrivedAt` and
 * an action's `at`, sent late by a desk that worked offline. The queue orders by the recorded
 * arrival; call, no-show and leave keep the action's time; `start` books from it, through the same
 * conflict check as any booking (the server's bookings win). Times more than 12 hours back or more
 * than a minute ahead of the server's clock, and actions before the arrival, are 422 naming the field
 * and write nothing. The push mutations take the same fields.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readOptionalInstant } from '../../server/db/sql-dialect';
import type { SeededTenant, TestApp } from '../support/api';
import { STORES } from '../support/db';
import {
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
  arrivedAt: string;
  position: number | null;
  staffId: string | null;
  bookingId: string | null;
};
type Booking = { id: string; staffId: string; start: string; end: string; status: string; source: string };
type Problem = { type: string; status: number; errors?: { path: string }[] };
type PushResult = { id: number; status: string; problem?: Problem };

/** Monday 1 June 2026 in London (UTC+1). */
const at = (hhmm: string) => `2026-06-01T${hhmm}:00+01:00`;
const HOUR = 3_600_000;

describe.each(STORES)('walk-in times recorded by the desk on %s', (store) => {
  const clock = new TestClock(Date.parse(at('10:40')));
  let sut: TestApp;
  let owner: SeededTenant;
  let clientMutation = 0;

  beforeAll(async () => {
    sut = await startClockedApp(store, clock);
    owner = await seedClockedTenant(sut);
  });
  afterAll(async () => {
    await sut?.close();
  });

  /** A location of its own per test (its own queue), 09:00–17:00, 30-minute haircuts. */
  const shop = (staffCount = 1) => seedShop(sut, owner.token, { staffCount, durationMinutes: 30 });
  const arrive = (s: ShopIds, name: string, extra: object = {}) =>
    expectCall<WalkIn>(sut, owner.token, 'POST', '/v1/walk-ins', 201, {
      customer: { name },
      serviceId: s.serviceId,
      locationId: s.locationId,
      ...extra,
    });
  const act = (id: string, payload: object, status = 200) =>
    expectCall<WalkIn>(sut, owner.token, 'POST', `/v1/walk-ins/${id}/actions`, status, payload);
  const queue = async (s: ShopIds) =>
    (
      await expectCall<{ items: WalkIn[] }>(
        sut,
        owner.token,
        'GET',
        `/v1/walk-ins?locationId=${s.locationId}`,
        200,
      )
    ).items;
  const push = async (mutations: { name: string; args: object }[]) =>
    (
      await expectCall<{ results: PushResult[] }>(sut, owner.token, 'POST', '/v1/sync/push', 200, {
        clientId: 'offline-desk',
        mutations: mutations.map((m) => ({ id: ++clientMutation, ...m })),
      })
    ).results;
  /** The stored times of a walk-in, as ISO instants (null when unset). */
  const storedTimes = async (id: string) => {
    const [row] = await sut.db.superuserQuery<Record<string, unknown>>(
      `SELECT arrived_at, called_at, ended_at FROM walk_ins WHERE id = ${store === 'sqlite' ? '?' : '$1'}`,
      [id],
    );
    const iso = (v: unknown) => readOptionalInstant(v)?.toISOString() ?? null;
    return { arrivedAt: iso(row!.arrived_at), calledAt: iso(row!.called_at), endedAt: iso(row!.ended_at) };
  };
  const instant = (hhmm: string) => new Date(at(hhmm)).toISOString();
  const refused = async (url: string, payload: object, path: string) => {
    const response = await sut.call({ method: 'POST', url, token: owner.token, payload });
    expect(response.statusCode, `${JSON.stringify(payload)} → ${response.body}`).toBe(422);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((response.json() as Problem).errors!.map((e) => e.path)).toContain(path);
  };

  it('queues a party by the arrival the desk recorded, not by when it reached the server', async () => {
    const s = await shop();
    clock.set(at('10:20'));
    await arrive(s, 'Online Olive');
    clock.set(at('10:40'));
    // Recorded offline at 10:05, pushed at 10:40: it queues at 10:05, ahead of Olive.
    const oscar = await arrive(s, 'Offline Oscar', { arrivedAt: at('10:05') });
    expect(Date.parse(oscar.arrivedAt)).toBe(Date.parse(at('10:05')));
    expect(oscar.position).toBe(1);
    const pia = crypto.randomUUID();
    const results = await push([
      {
        name: 'walkIn.create',
        args: {
          id: pia,
          customer: { name: 'Pushed Pia' },
          serviceId: s.serviceId,
          locationId: s.locationId,
          arrivedAt: '2026-06-01T09:10:00Z', // 10:10 in London
        },
      },
    ]);
    expect(results.map((r) => r.status)).toEqual(['applied']);
    expect((await queue(s)).map((w) => [w.customerName, w.position])).toEqual([
      ['Offline Oscar', 1],
      ['Pushed Pia', 2],
      ['Online Olive', 3],
    ]);
    expect((await storedTimes(pia)).arrivedAt).toBe(instant('10:10'));
  });

  it('keeps the time of call, no_show and leave as recorded; start books from it', async () => {
    const s = await shop();
    const [anna] = s.staffIds as [string];
    clock.set(at('10:40'));
    const a = await arrive(s, 'Amy', { arrivedAt: at('10:00') });
    const b = await arrive(s, 'Bob', { arrivedAt: at('10:02') });
    const c = await arrive(s, 'Cid', { arrivedAt: at('10:03') });

    await act(a.id, { action: 'call', at: at('10:06') });
    const started = await act(a.id, { action: 'start', staffId: anna, at: at('10:08') });
    expect(started).toMatchObject({ status: 'started', staffId: anna });
    expect(await storedTimes(a.id)).toEqual({
      arrivedAt: instant('10:00'),
      calledAt: instant('10:06'),
      endedAt: instant('10:08'),
    });
    const booking = await expectCall<Booking>(
      sut,
      owner.token,
      'GET',
      `/v1/bookings/${started.bookingId}`,
      200,
    );
    expect(booking).toMatchObject({ staffId: anna, status: 'in_service', source: 'walk_in' });
    expect(Date.parse(booking.start)).toBe(Date.parse(at('10:08')));
    expect(Date.parse(booking.end)).toBe(Date.parse(at('10:38')));

    await act(b.id, { action: 'no_show', at: at('10:15') });
    expect((await storedTimes(b.id)).endedAt).toBe(instant('10:15'));
    // Without `at`: the server's clock.
    await act(c.id, { action: 'leave' });
    expect((await storedTimes(c.id)).endedAt).toBe(instant('10:40'));

    // The push mutation takes the same `at`.
    const d = await arrive(s, 'Dot', { arrivedAt: at('10:20') });
    const results = await push([
      { name: 'walkIn.action', args: { id: d.id, action: 'call', at: at('10:25') } },
    ]);
    expect(results.map((r) => r.status)).toEqual(['applied']);
    expect((await storedTimes(d.id)).calledAt).toBe(instant('10:25'));

    // A party the desk recorded a little ahead of the server's clock is never called before it arrived.
    const e = await arrive(s, 'Eve', { arrivedAt: '2026-06-01T09:40:30Z' });
    await act(e.id, { action: 'call' });
    expect((await storedTimes(e.id)).calledAt).toBe('2026-06-01T09:40:30.000Z');
  });

  it('refuses a start recorded in the past when the staff member has been booked since: the server decides', async () => {
    const s = await shop();
    const [anna] = s.staffIds as [string];
    clock.set(at('10:00'));
    // Booked online while the desk was offline: Anna 10:30–11:00.
    const phone = await expectCall<Booking>(sut, owner.token, 'POST', '/v1/bookings', 201, {
      serviceId: s.serviceId,
      staffId: anna,
      customer: { name: 'Phone Pat' },
      start: at('10:30'),
      source: 'phone',
    });
    clock.set(at('10:40'));
    const w1 = await arrive(s, 'Walker One', { arrivedAt: at('10:00') });
    const w2 = await arrive(s, 'Walker Two', { arrivedAt: at('10:01') });
    const bookingsOfAnna = async () =>
      (
        await expectCall<{ items: Booking[] }>(
          sut,
          owner.token,
          'GET',
          `/v1/bookings?from=${encodeURIComponent(at('09:00'))}&to=${encodeURIComponent(at('17:00'))}&staffId=${anna}`,
          200,
        )
      ).items.map((b) => b.id);

    // Started at 10:20 on the desk: 10:20–10:50 runs into the phone booking.
    const conflict = await sut.call({
      method: 'POST',
      url: `/v1/walk-ins/${w1.id}/actions`,
      token: owner.token,
      payload: { action: 'start', staffId: anna, at: at('10:20') },
    });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json().type).toMatch(/\/slot-taken$/);
    expect(await bookingsOfAnna()).toEqual([phone.id]);
    expect((await queue(s)).map((w) => [w.customerName, w.status])).toEqual([
      ['Walker One', 'waiting'],
      ['Walker Two', 'waiting'],
    ]);

    // Started at 10:00: 10:00–10:30 was free, and still is.
    const started = await act(w1.id, { action: 'start', staffId: anna, at: at('10:00') });
    expect(
      Date.parse(
        (await expectCall<Booking>(sut, owner.token, 'GET', `/v1/bookings/${started.bookingId}`, 200)).start,
      ),
    ).toBe(Date.parse(at('10:00')));
    // Walker Two started at 10:01 on Anna too (a second desk, offline): refused, Walker One has her.
    const pushed = await push([
      { name: 'walkIn.action', args: { id: w2.id, action: 'start', staffId: anna, at: at('10:01') } },
    ]);
    expect(pushed[0]).toMatchObject({ status: 'rejected', problem: { status: 409 } });
    expect(pushed[0]!.problem!.type).toMatch(/\/slot-taken$/);
    expect((await bookingsOfAnna()).sort()).toEqual([phone.id, started.bookingId].sort());
  });

  it('refuses times out of bounds or before the arrival, naming the field, and writes nothing', async () => {
    const s = await shop();
    clock.set(at('10:40'));
    const waiting = await arrive(s, 'Wanda', { arrivedAt: at('10:30') });
    const now = Date.parse(at('10:40'));
    const iso = (ms: number) => new Date(ms).toISOString();
    const body = (extra: object) => ({
      customer: { name: 'Refused' },
      serviceId: s.serviceId,
      locationId: s.locationId,
      ...extra,
    });
    const before = await sut.db.snapshotTenant(owner.tenantId);

    await refused('/v1/walk-ins', body({ arrivedAt: iso(now - 12 * HOUR - 1000) }), 'body.arrivedAt');
    await refused('/v1/walk-ins', body({ arrivedAt: iso(now + 61_000) }), 'body.arrivedAt');
    await refused('/v1/walk-ins', body({ arrivedAt: '10:05' }), 'body.arrivedAt');
    const actions = `/v1/walk-ins/${waiting.id}/actions`;
    await refused(actions, { action: 'call', at: iso(now - 12 * HOUR - 1000) }, 'body.at');
    await refused(actions, { action: 'leave', at: iso(now + 61_000) }, 'body.at');
    await refused(actions, { action: 'start', at: at('10:29') }, 'body.at');
    await refused(actions, { action: 'no_show', at: 'yesterday' }, 'body.at');
    expect(await sut.db.snapshotTenant(owner.tenantId)).toEqual(before);

    // Pushed, the same refusals (the push records only the client's mutation id).
    const results = await push([
      { name: 'walkIn.create', args: body({ arrivedAt: iso(now + 5 * 60_000) }) },
      { name: 'walkIn.action', args: { id: waiting.id, action: 'call', at: iso(now - 13 * HOUR) } },
    ]);
    expect(results.map((r) => [r.status, r.problem?.status, r.problem?.errors?.map((e) => e.path)])).toEqual([
      ['rejected', 422, ['body.arrivedAt']],
      ['rejected', 422, ['body.at']],
    ]);
    expect((await queue(s)).map((w) => [w.customerName, w.status])).toEqual([['Wanda', 'waiting']]);

    // The bounds themselves are accepted: exactly 12 hours back, exactly a minute ahead.
    await arrive(s, 'Twelve hours', { arrivedAt: iso(now - 12 * HOUR) });
    await arrive(s, 'Minute ahead', { arrivedAt: iso(now + 60_000) });
    await act(waiting.id, { action: 'call', at: at('10:30') });
  });
});
