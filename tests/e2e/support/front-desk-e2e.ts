/**
 * The world of the front-desk e2e suite: a real API (in process, SQLite) behind a relay that can be cut
 * like a dropped line, a business seeded through the REST API (two stylists, one service, a required
 * custom field, today's bookings), the desk's real main-process services behind the local bridge, and
 * Debian's Chromium signed in through the API's own sign-in page.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { DesktopServices } from '../../../main/app/desktop-services';
import { formSignInBrowser } from '../../../main/auth/form-sign-in';
import { LocalBridge } from '../../../main/bridge/bridge.server';
import { buildRendererIfStale } from '../../../scripts/start/renderer-build';
import { EVERY_DAY, expectCall } from '../../frontdesk/front-desk.fixtures';
import { seedTenant, startTestApp } from '../../support/api';
import type { SeededTenant, TestApp } from '../../support/api';
import type { LaunchedChromium } from '../../support/chromium';
import { launchChromium } from '../../support/chromium';
import type { CuttableProxy } from '../../support/cuttable-proxy';
import { startCuttableProxy } from '../../support/cuttable-proxy';
import { openDesktop } from '../../support/desk';

export const ROOT = resolve(import.meta.dirname, '../../..');
export const SCREENSHOTS = join(ROOT, 'tests', 'e2e', 'screenshots');
export const ZONE = 'Europe/London';
/** Pixels per minute of the day grid (renderer/schedule/ScheduleGrid.tsx). */
export const PX = 1.6;

export interface FrontDeskWorld {
  t: TestApp;
  owner: SeededTenant;
  proxy: CuttableProxy;
  services: DesktopServices;
  bridge: LocalBridge;
  browser: LaunchedChromium;
  page: Page;
  serviceId: string;
  locationId: string;
  staff: { id: string; name: string }[];
  dir: string;
  close(): Promise<void>;
}

/** Long enough for one step of a flow in a real browser on a shared machine. */
export const STEP_MS = 60_000;
/** Where a step's screenshot goes. */
export const shot = (name: string) => ({ path: join(SCREENSHOTS, `${name}.png`) });
export const hhmm = (minute: number) =>
  `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
/** A quarter-hour at least `ahead` minutes from now. */
export const quarterAfter = (ahead: number) => Math.ceil((today().minute + ahead) / 15) * 15;

/** Today's date in the business's zone, and minutes since its midnight, now. */
export function today(): { date: string; minute: number } {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date());
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return {
    date: `${get('year')}-${get('month')}-${get('day')}`,
    minute: Number(get('hour')) * 60 + Number(get('minute')),
  };
}

/** The instant of `minute` today (London is UTC in winter; the offset is read, not assumed). */
export function todayAt(minute: number): string {
  const { date } = today();
  const guess = Date.parse(`${date}T00:00:00Z`) + minute * 60_000;
  const offset = (() => {
    const local = new Intl.DateTimeFormat('en-GB', {
      timeZone: ZONE,
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .format(new Date(guess))
      .split(':')
      .map(Number);
    return (local[0]! * 60 + local[1]! - minute + 1440 * 2) % 1440;
  })();
  return new Date(guess - offset * 60_000).toISOString();
}

export async function openFrontDesk(): Promise<FrontDeskWorld> {
  await buildRendererIfStale(ROOT);
  mkdirSync(SCREENSHOTS, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), 'bookdesk-e2e-front-desk-'));
  const t = await startTestApp('sqlite');
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  const proxy = await startCuttableProxy((t.app.server.address() as AddressInfo).port);
  const owner = await seedTenant(t.platform, { name: 'Salon Aurora', timeZone: ZONE });
  const location = await expectCall<{ id: string }>(t, owner.token, 'POST', '/v1/locations', 201, {
    name: 'High Street',
    timeZone: ZONE,
    openingHours: EVERY_DAY([['00:00', '23:59']]),
  });
  const service = await expectCall<{ id: string }>(t, owner.token, 'POST', '/v1/services', 201, {
    name: 'Cut',
    durationMinutes: 30,
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 0,
    minNoticeMinutes: 0,
    maxAdvanceDays: 365,
  });
  const staff: { id: string; name: string }[] = [];
  for (const [name, color] of [
    ['Ines Duarte', '#7a5af8'],
    ['Omar Haddad', '#0e9384'],
  ] as const) {
    const made = await expectCall<{ id: string }>(t, owner.token, 'POST', '/v1/staff', 201, {
      name,
      locationId: location.id,
      color,
      serviceIds: [service.id],
      weeklyHours: EVERY_DAY([['00:00', '23:59']]),
    });
    staff.push({ id: made.id, name });
  }
  await expectCall(t, owner.token, 'POST', '/v1/custom-fields', 201, {
    key: 'allergies',
    label: 'Allergies',
    type: 'text',
    required: true,
  });

  let bridge: LocalBridge | null = null;
  const services = await openDesktop({
    dataDir: dir,
    isTrustedUrl: (url) => bridge !== null && url.startsWith(`${bridge.origin}/`),
    suggestedApiBaseUrl: () => proxy.url,
  });
  bridge = new LocalBridge({
    rendererDir: join(ROOT, 'dist', 'renderer'),
    registry: services.registry,
    events: services.events,
  });
  await bridge.start();
  const browser = await launchChromium();
  const page = await browser.context.newPage();
  // A script error in the page is a failure of the step that caused it: print it where the test fails.
  page.on('pageerror', (error) => console.error('page error:', error.message));
  await page.goto(bridge.launchUrl());
  return {
    t,
    owner,
    proxy,
    services,
    bridge,
    browser,
    page,
    serviceId: service.id,
    locationId: location.id,
    staff,
    dir,
    async close() {
      await browser.close();
      await bridge?.stop();
      await services.close();
      await proxy.close();
      await t.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Signs in from the window: the API's page opens in a tab, the person signs in there. */
export async function signInFromWindow(world: FrontDeskWorld): Promise<void> {
  const { page, browser, owner } = world;
  const opened = browser.context.waitForEvent('page');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  const tab = await opened;
  await tab.getByLabel('Email').waitFor();
  await formSignInBrowser({ email: owner.email, password: owner.password })(tab.url());
  await tab.close();
}

/** Books through the API as another desk would (its own client, online). */
export async function bookElsewhere(world: FrontDeskWorld, staffId: string, minute: number, name: string) {
  return expectCall<{ id: string }>(world.t, world.owner.token, 'POST', '/v1/bookings', 201, {
    serviceId: world.serviceId,
    staffId,
    start: todayAt(minute),
    source: 'phone',
    customer: { name },
    fields: { allergies: 'none' },
  });
}

/** No serious or critical accessibility violations on the page as it stands. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  const result = await new AxeBuilder({ page }).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    bad.map((v) => `${what}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
  ).toEqual([]);
}

/** Scrolls the day grid so `minute` is near the top, and answers the lane of `staffName`. */
export async function laneAt(page: Page, staffName: string, minute: number) {
  const lane = page.locator(`.lane[data-staff="${staffName}"]`);
  const start = Number(await lane.getAttribute('data-start-minute'));
  await page
    .locator('.grid__scroller')
    .evaluate((el, top) => (el.scrollTop = top), Math.max(0, (minute - start) * PX - 120));
  return { lane, y: (minute - start) * PX };
}
