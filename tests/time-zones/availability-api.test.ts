/**
 * The API on the days a handful of zones change their offset in 2027, on SQLite and PostgreSQL:
 * `GET /v1/availability` gives the starts of the minute-by-minute oracle (wall-clock-oracle.ts), for
 * a location open 00:00–23:59 and for a shift across the change, so the server reads a location's
 * rules as core does. In Cairo, where 23:00–23:59 happens twice on 28 October, a booking across the
 * repeated hour is accepted and holds its real duration, and the walk-in queue serves through it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WeeklyHours } from '../../core/domain/schemas';
import type { SeededTenant, TestApp } from '../support/api';
import { STORES } from '../support/db';
import { expectCall, seedClockedTenant, startClockedApp, TestClock } from '../frontdesk/front-desk.fixtures';
import {
  datesAround,
  everyDay,
  MinuteWalk,
  offsetChanges,
  shiftAround,
  WallClock,
  type LocalDate,
} from './wall-clock-oracle';

const SERVICE_MINUTES = 60;
const ZONES = [
  'Africa/Cairo',
  'America/Santiago',
  'Asia/Beirut',
  'America/Nuuk',
  'America/New_York',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'Asia/Kathmandu',
];

interface Day {
  dates: [LocalDate, LocalDate];
  pivot: number;
}

/** The days each zone's offset changes in 2027; a zone that never changes gets one ordinary day. */
function daysOf(clock: WallClock): Day[] {
  const changes = offsetChanges(clock, Date.UTC(2027, 0, 1), Date.UTC(2028, 0, 1));
  if (changes.length === 0)
    return [{ dates: ['2027-03-21', '2027-03-21'], pivot: Date.parse('2027-03-21T12:00Z') }];
  return changes.map((change) => ({ dates: datesAround(clock, change), pivot: change.at }));
}

type Slot = { start: string; end: string; staffIds: string[] };
type Shop = { locationId: string; serviceId: string; staffIds: string[] };

describe.each(STORES)('time zones through the API on %s', (store) => {
  const clock = new TestClock(Date.parse('2027-01-01T00:00:00Z'));
  let sut: TestApp;
  let owner: SeededTenant;

  beforeAll(async () => {
    sut = await startClockedApp(store, clock);
    owner = await seedClockedTenant(sut);
  });
  afterAll(async () => {
    await sut?.close();
  });

  /** A location in `timeZone` with its own 60-minute service and one staff member per entry of `staffHours`. */
  async function seedLocation(
    timeZone: string,
    openingHours: WeeklyHours,
    staffHours: WeeklyHours[],
  ): Promise<Shop> {
    const location = await expectCall<{ id: string }>(sut, owner.token, 'POST', '/v1/locations', 201, {
      name: `Open in ${timeZone}`,
      timeZone,
      openingHours,
    });
    const service = await expectCall<{ id: string }>(sut, owner.token, 'POST', '/v1/services', 201, {
      name: 'Consultation',
      durationMinutes: SERVICE_MINUTES,
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 0,
      minNoticeMinutes: 0,
      maxAdvanceDays: 730,
    });
    const staffIds: string[] = [];
    for (const [i, weeklyHours] of staffHours.entries()) {
      const staff = await expectCall<{ id: string }>(sut, owner.token, 'POST', '/v1/staff', 201, {
        name: `Staff ${i + 1}`,
        locationId: location.id,
        color: '#336699',
        serviceIds: [service.id],
        weeklyHours,
      });
      staffIds.push(staff.id);
    }
    return { locationId: location.id, serviceId: service.id, staffIds };
  }

  const startsFromApi = async (shop: Shop, walk: MinuteWalk, staffId: string) => {
    const query = new URLSearchParams({
      serviceId: shop.serviceId,
      staffId,
      from: new Date(walk.from).toISOString(),
      to: new Date(walk.to).toISOString(),
    });
    const { slots } = await expectCall<{ slots: Slot[] }>(
      sut,
      owner.token,
      'GET',
      `/v1/availability?${query}`,
      200,
    );
    return slots.map((s) => new Date(Date.parse(s.start)).toISOString());
  };
  const iso = (t: number) => new Date(t).toISOString();

  it.each(ZONES)("%s: availability on the days the offset changes is the oracle's", async (zone) => {
    const wallClock = new WallClock(zone);
    const days = daysOf(wallClock);
    const allDay = everyDay([['00:00', '23:59']]);
    const open = await seedLocation(zone, allDay, [allDay]);
    const shifts = days.map((day) => shiftAround(wallClock, day.pivot).staffHours);
    const shiftShop = await seedLocation(zone, everyDay([['00:00', '24:00']]), shifts);
    expect(days.length).toBeGreaterThan(0);
    for (const [i, day] of days.entries()) {
      const walk = new MinuteWalk(wallClock, day.dates[0], day.dates[1], SERVICE_MINUTES);
      const label = `${zone} ${day.dates.join('/')}`;
      expect(await startsFromApi(open, walk, open.staffIds[0]!), `${label} open 00:00–23:59`).toEqual(
        walk
          .slotStarts({
            openingHours: allDay,
            staffHours: allDay,
            durationMinutes: SERVICE_MINUTES,
            stepMinutes: 15,
          })
          .map(iso),
      );
      expect(
        await startsFromApi(shiftShop, walk, shiftShop.staffIds[i]!),
        `${label} shift ${JSON.stringify(shifts[i])}`,
      ).toEqual(
        walk
          .slotStarts({
            openingHours: everyDay([['00:00', '24:00']]),
            staffHours: shifts[i]!,
            durationMinutes: SERVICE_MINUTES,
            stepMinutes: 15,
          })
          .map(iso),
      );
    }
  });

  describe('Cairo on 28 October 2027, when 23:00–23:59 happens twice', () => {
    let shop: Shop;
    let staffId: string;
    const at = (hhmm: string, offset: '+03:00' | '+02:00') => `2027-10-28T${hhmm}:00${offset}`;
    const book = (start: string) =>
      sut.call({
        method: 'POST',
        url: '/v1/bookings',
        token: owner.token,
        payload: {
          serviceId: shop.serviceId,
          staffId,
          customer: { name: 'Late client' },
          start,
          source: 'desk',
        },
      });

    beforeAll(async () => {
      shop = await seedLocation('Africa/Cairo', everyDay([['00:00', '23:59']]), [
        { thu: [['22:00', '23:59']] },
      ]);
      staffId = shop.staffIds[0]!;
    });

    it('books an hour from the first 23:00 to the second, and refuses what overlaps it or runs past 23:59', async () => {
      const created = await book(at('23:00', '+03:00'));
      expect(created.statusCode, created.body).toBe(201);
      expect(Date.parse(created.json().end)).toBe(Date.parse(at('23:00', '+02:00')));
      // It holds one real hour across the change: 22:30 (+03) would overlap it.
      expect((await book(at('22:30', '+03:00'))).statusCode).toBe(409);
      // The second 23:00 is free, but an hour from it would end at 00:00, after 23:59.
      expect((await book(at('23:00', '+02:00'))).statusCode).toBe(422);
      const from = encodeURIComponent(at('22:00', '+03:00'));
      const to = encodeURIComponent(at('23:59', '+02:00'));
      const { slots } = await expectCall<{ slots: Slot[] }>(
        sut,
        owner.token,
        'GET',
        `/v1/availability?serviceId=${shop.serviceId}&from=${from}&to=${to}`,
        200,
      );
      expect(slots.map((s) => Date.parse(s.start))).toEqual([Date.parse(at('22:00', '+03:00'))]);
    });

    it('serves a walk-in arriving at the first 23:10 by the second', async () => {
      const desk = await seedLocation('Africa/Cairo', everyDay([['00:00', '23:59']]), [
        { thu: [['22:00', '23:59']] },
      ]);
      const arrive = () =>
        expectCall<{ estimatedWaitMinutes: number | null; likelyStaffId: string | null }>(
          sut,
          owner.token,
          'POST',
          '/v1/walk-ins',
          201,
          { customer: { name: 'Walk-in' }, serviceId: desk.serviceId, locationId: desk.locationId },
        );
      clock.set(at('23:10', '+03:00'));
      try {
        // An hour from now ends at 23:10 (+02), inside the day; a second hour would end after 23:59.
        expect(await arrive()).toMatchObject({ estimatedWaitMinutes: 0, likelyStaffId: desk.staffIds[0] });
        expect(await arrive()).toMatchObject({ estimatedWaitMinutes: null, likelyStaffId: null });
      } finally {
        clock.set('2027-01-01T00:00:00Z');
      }
    });
  });
});
