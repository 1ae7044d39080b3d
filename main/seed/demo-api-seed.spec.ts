/**
 * The demo day created through the real REST API (in-process, SQLite) at midday: what is still ahead
 * is booked, what is already over is recorded after the fact, and only what has been in the chair
 * since before now is left out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoBusiness } from '../../core/demo/demo-business';
import type { DemoBusiness } from '../../core/demo/demo-business';
import type { Booking } from '../../core/domain/schemas';
import {
  expectCall,
  seedClockedTenant,
  startClockedApp,
  TestClock,
} from '../../tests/frontdesk/front-desk.fixtures';
import type { SeededTenant, TestApp } from '../../tests/support/api';
import type { ApiClient, ApiResult } from '../api/api.client';
import { DemoApiSeeder } from './demo-api-seed';
import type { DemoApiSeedResult } from './demo-api-seed';

const DATE = '2026-03-02';
const NOW = new Date(`${DATE}T12:10:00Z`);

describe(DemoApiSeeder.name, () => {
  const clock = new TestClock(NOW.getTime());
  let t: TestApp;
  let owner: SeededTenant;
  let demo: DemoBusiness;
  let result: DemoApiSeedResult;

  beforeAll(async () => {
    t = await startClockedApp('sqlite', clock);
    owner = await seedClockedTenant(t);
    demo = createDemoBusiness({ date: DATE, timeZone: 'Europe/London', now: NOW });
    // The API called in-process: the same routes, schemas and services as over HTTP.
    const api: Pick<ApiClient, 'call'> = {
      call: async <T>(method: string, url: string, token: string, body?: unknown) => {
        const response = await t.call({ method: method as 'GET', url, token, payload: body as object });
        return (
          response.statusCode < 300
            ? { ok: true, value: response.body ? response.json() : null }
            : { ok: false, status: response.statusCode, problem: response.json() }
        ) as ApiResult<T>;
      },
    };
    result = await new DemoApiSeeder(api, owner.token).seed(demo, owner.locationId, clock.now());
  }, 60_000);
  afterAll(async () => t?.close());

  it('records every booking of the day but those in service since before now', async () => {
    const listed = await expectCall<{ items: Booking[] }>(
      t,
      owner.token,
      'GET',
      `/v1/bookings?from=${DATE}T00:00:00Z&to=${DATE}T23:59:00Z&limit=200`,
      200,
    );
    const inServiceSinceBefore = demo.bookings.filter(
      (b) => b.status === 'in_service' && Date.parse(b.start) < NOW.getTime(),
    );
    const expected = demo.bookings.filter((b) => !inServiceSinceBefore.includes(b));
    const shape = (b: Booking) => [b.id, Date.parse(b.start), Date.parse(b.end), b.staffId, b.status];

    expect(inServiceSinceBefore.length).toBeGreaterThan(0);
    expect(listed.items.map(shape).sort()).toEqual(expected.map(shape).sort());
    expect(result).toMatchObject({
      bookings: expected.length,
      pastBookings: inServiceSinceBefore.length,
      recordedAfterTheFact: demo.bookings.filter((b) => b.status === 'completed' || b.status === 'no_show')
        .length,
      refused: [],
    });
  });

  it('gives the services the demo minimum notice back once the day is booked', async () => {
    const services = await expectCall<{ items: { id: string; minNoticeMinutes: number }[] }>(
      t,
      owner.token,
      'GET',
      '/v1/services',
      200,
    );

    expect(Object.fromEntries(services.items.map((s) => [s.id, s.minNoticeMinutes]))).toEqual(
      Object.fromEntries(demo.services.map((s) => [s.id, s.minNoticeMinutes])),
    );
  });
});
