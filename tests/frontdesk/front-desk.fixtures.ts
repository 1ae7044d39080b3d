/**
 * Seeding front-desk data through the public API, for the front-desk suites: a location in a zone,
 * services and staff with weekly hours, all created with the owner's token.
 */
import { expect } from 'vitest';
import type { TestApp } from '../support/api';

export const EVERY_DAY = (ranges: [string, string][]) =>
  Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, ranges]));

/** Calls the app and expects `status`, returning the parsed body. */
export async function expectCall<T = Record<string, unknown>>(
  t: TestApp,
  token: string,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  status: number,
  payload?: unknown,
): Promise<T> {
  const response = await t.call({
    method,
    url,
    token,
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  expect(response.statusCode, `${method} ${url} → ${response.body}`).toBe(status);
  return (response.body ? response.json() : undefined) as T;
}

export interface ShopIds {
  locationId: string;
  serviceId: string;
  staffIds: string[];
}

/** A location open 09:00–17:00 every day in `timeZone`, one service and `staffCount` staff working all opening hours. */
export async function seedShop(
  t: TestApp,
  token: string,
  options: {
    timeZone?: string;
    staffCount?: number;
    durationMinutes?: number;
    bufferBeforeMinutes?: number;
    bufferAfterMinutes?: number;
    minNoticeMinutes?: number;
    maxAdvanceDays?: number;
    hours?: [string, string][];
  } = {},
): Promise<ShopIds> {
  const hours = options.hours ?? [['09:00', '17:00']];
  const location = await expectCall<{ id: string }>(t, token, 'POST', '/v1/locations', 201, {
    name: 'Main street',
    timeZone: options.timeZone ?? 'Europe/London',
    openingHours: EVERY_DAY(hours),
  });
  const service = await expectCall<{ id: string }>(t, token, 'POST', '/v1/services', 201, {
    name: 'Haircut',
    durationMinutes: options.durationMinutes ?? 30,
    bufferBeforeMinutes: options.bufferBeforeMinutes ?? 0,
    bufferAfterMinutes: options.bufferAfterMinutes ?? 0,
    minNoticeMinutes: options.minNoticeMinutes ?? 0,
    maxAdvanceDays: options.maxAdvanceDays ?? 730,
  });
  const staffIds: string[] = [];
  for (let i = 0; i < (options.staffCount ?? 1); i++) {
    const staff = await expectCall<{ id: string }>(t, token, 'POST', '/v1/staff', 201, {
      name: `Stylist ${String.fromCharCode(65 + i)}`,
      locationId: location.id,
      color: '#336699',
      serviceIds: [service.id],
      weeklyHours: EVERY_DAY(hours),
    });
    staffIds.push(staff.id);
  }
  return { locationId: location.id, serviceId: service.id, staffIds };
}
