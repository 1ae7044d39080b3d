/**
 * The day grid of a large salon in Chromium: forty staff, so each column is the narrowest the grid
 * draws (150 px at 1440 × 900), with 20-minute bookings and two pairs of overlapping ones drawn side
 * by side. What a receptionist reads at a glance: every customer's name, the states to act on, and
 * every staff member's whole name. Served by the local bridge from the remembered account's cache,
 * offline. Screenshots go to tests/e2e/screenshots/.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { DateTime } from 'luxon';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Booking, Customer, Staff } from '../../core/domain/schemas';
import { createDemoBusiness, demoId } from '../../core/demo/demo-business';
import type { CachedDesk } from './support/cached-desk-e2e';
import { openCachedDesk } from './support/cached-desk-e2e';

const root = resolve(import.meta.dirname, '../..');
const screenshots = join(root, 'tests', 'e2e', 'screenshots');
const ZONE = 'Europe/London';
const DATE = '2026-11-27';
/** The moment the browser's clock is frozen at: 11:05 in London. */
const NOW = new Date('2026-11-27T11:05:00Z');
const STAFF_COUNT = 40;
/** The sixth staff member's name: two lines in a 150 px head. */
const LONG_NAME = 'Marie-Claire Dubois';

/** [staff index, wall-clock start, minutes, customer, status]: the first columns on screen. */
const DAY: [number, string, number, string, Booking['status']][] = [
  [0, '11:15', 20, 'Olivia Bennett', 'booked'],
  [0, '11:40', 20, 'Mateo García', 'booked'],
  [1, '11:15', 20, 'Hannah Schmidt', 'checked_in'],
  [1, '11:40', 20, 'Daniel Kim', 'booked'],
  [2, '10:50', 20, 'Grace Adeyemi', 'in_service'],
  [2, '11:15', 20, 'Ethan Walker', 'booked'],
  [3, '10:20', 20, 'Zara Hussain', 'completed'],
  [3, '10:45', 20, 'Lucas Petit', 'no_show'],
  [3, '11:15', 20, 'Chloe Martin', 'booked'],
  // Overlapping, so drawn side by side: two half-hours, then two 20-minute bookings.
  [4, '11:15', 30, 'Isabel Costa', 'booked'],
  [4, '11:30', 30, 'Tom Fletcher', 'checked_in'],
  [5, '11:20', 20, 'Amara Obi', 'booked'],
  [5, '11:30', 20, 'Felix Braun', 'checked_in'],
  // Half an hour and more: a lone card has two rows or more, the status on the time's.
  [6, '10:50', 30, 'Nora Lindqvist', 'in_service'],
  [6, '11:30', 30, 'Yusuf Demir', 'checked_in'],
  [7, '10:30', 60, 'Ruby Clarke', 'in_service'],
  ...Array.from({ length: STAFF_COUNT - 7 }, (_, i): [number, string, number, string, Booking['status']] => [
    7 + i,
    i % 2 ? '11:15' : '11:40',
    20,
    `Customer ${i + 1}`,
    'booked',
  ]),
];

/** True when all of `name`'s text is drawn: nothing cut off at its end. */
const whole = (name: Locator) =>
  name.evaluate((el) => el.scrollWidth <= el.clientWidth && el.clientWidth > 0);

/** True when `card`'s status chip is drawn inside the card, at least 12 px wide. */
const statusShown = async (card: Locator) => {
  const chip = card.locator('.chip');
  if (!(await chip.isVisible())) return false;
  const [inner, outer] = [(await chip.boundingBox())!, (await card.boundingBox())!];
  return (
    inner.width >= 12 &&
    inner.x >= outer.x - 0.5 &&
    inner.x + inner.width <= outer.x + outer.width + 0.5 &&
    inner.y >= outer.y - 0.5 &&
    inner.y + inner.height <= outer.y + outer.height + 0.5
  );
};

/**
 * The width `name` shows its text in, and the width its first word needs there: the word and, where
 * the rest is cut, the ellipsis after it.
 */
const firstWord = (name: Locator) =>
  name.evaluate((el) => {
    const text = el.textContent!;
    const word = text.split(' ')[0]!;
    const probe = el.cloneNode() as HTMLElement;
    probe.textContent = word === text ? word : `${word}…`;
    probe.style.cssText = 'position: absolute; visibility: hidden; width: auto; max-width: none';
    el.parentElement!.append(probe);
    const needs = probe.getBoundingClientRect().width;
    probe.remove();
    return { word: needs, shown: el.clientWidth };
  });

describe('The day grid at forty staff', () => {
  let desk: CachedDesk;
  let page: Page;
  const card = (customer: string) => page.getByRole('article', { name: new RegExp(customer) });

  beforeAll(async () => {
    const demo = createDemoBusiness({ date: DATE, timeZone: ZONE, now: NOW });
    const service = demo.services.find((s) => s.durationMinutes === 20)!;
    const staff: Staff[] = Array.from({ length: STAFF_COUNT }, (_, i) => ({
      ...demo.staff[i % demo.staff.length]!,
      id: demoId('staff', 10 + i),
      name: i === 5 ? LONG_NAME : `Stylist ${i + 1}`,
      email: `stylist${i + 1}@juniper.example.com`,
      serviceIds: [service.id],
    }));
    const customers: Customer[] = DAY.map(([, , , name], i) => ({ id: demoId('customer', 40 + i), name }));
    const bookings: Booking[] = DAY.map(([s, hhmm, minutes, , status], i) => {
      const start = DateTime.fromISO(`${DATE}T${hhmm}`, { zone: ZONE });
      return {
        id: demoId('booking', 40 + i, DATE),
        serviceId: service.id,
        staffId: staff[s]!.id,
        customerId: customers[i]!.id,
        start: start.toISO({ suppressMilliseconds: true })!,
        end: start.plus({ minutes }).toISO({ suppressMilliseconds: true })!,
        status,
        source: 'desk',
      };
    });
    desk = await openCachedDesk({
      account: { businessName: demo.business.name, userName: demo.owner.name, timeZone: ZONE },
      fill: ({ cache }) =>
        cache.putSnapshot({
          locations: [demo.location],
          services: demo.services,
          staff,
          customers,
          bookings,
          walkIns: demo.walkIns,
        }),
      now: NOW,
    });
    page = desk.page;
    await card('Olivia Bennett').waitFor();
    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: join(screenshots, 'day-forty-staff.png') });
    await page.screenshot({
      path: join(screenshots, 'day-forty-staff-cards.png'),
      clip: { x: 60, y: 200, width: 1030, height: 340 },
    });
  });

  afterAll(async () => {
    await desk?.close();
  });

  it('draws each staff column 150 px wide', async () => {
    await expect(
      page.locator('.lane[data-staff="Stylist 1"]').evaluate((el) => el.getBoundingClientRect().width),
    ).resolves.toBe(150);
  });

  it("shows the whole customer's name on a 20-minute booking, and no chip for the ordinary Booked", async () => {
    for (const name of ['Olivia Bennett', 'Mateo García', 'Daniel Kim', 'Ethan Walker', 'Chloe Martin']) {
      const customer = card(name).locator('.booking__customer');
      await expect(customer.isVisible(), name).resolves.toBe(true);
      await expect(whole(customer), name).resolves.toBe(true);
      await expect(card(name).locator('.chip').isVisible(), name).resolves.toBe(false);
    }
  });

  it('still shows the state to act on of a 20-minute booking, and its name', async () => {
    for (const [name, status] of [
      ['Hannah Schmidt', 'Checked in'],
      ['Grace Adeyemi', 'In service'],
      ['Zara Hussain', 'Completed'],
      ['Lucas Petit', 'No-show'],
    ] as const) {
      const tiny = card(name);
      await expect(tiny.getAttribute('aria-label')).resolves.toContain(status);
      await expect(statusShown(tiny), name).resolves.toBe(true);
      await expect(tiny.locator('.chip').innerText(), name).resolves.toContain(status);
      const { word, shown } = await firstWord(tiny.locator('.booking__customer'));
      expect(shown, name).toBeGreaterThanOrEqual(word);
    }
  });

  it('says every booking\'s state in its accessible name, "Booked" too', async () => {
    await expect(card('Olivia Bennett').getAttribute('aria-label')).resolves.toBe(
      '11:15 – 11:35 Olivia Bennett, Beard trim, Booked',
    );
    await expect(card('Tom Fletcher').getAttribute('aria-label')).resolves.toMatch(/, Checked in$/);
  });

  it('shows at least the first name of each of two bookings side by side', async () => {
    for (const name of ['Isabel Costa', 'Tom Fletcher', 'Amara Obi', 'Felix Braun']) {
      const customer = card(name).locator('.booking__customer');
      await expect(customer.isVisible(), name).resolves.toBe(true);
      const { word, shown } = await firstWord(customer);
      expect(shown, name).toBeGreaterThanOrEqual(word);
    }
    for (const name of ['Tom Fletcher', 'Felix Braun']) {
      await expect(statusShown(card(name)), name).resolves.toBe(true);
    }
  });

  it("keeps a longer card's status inside the card, beside its time", async () => {
    await page.locator('.grid__scroller').evaluate((el) => (el.scrollLeft = 300));
    await card('Yusuf Demir').waitFor();
    await page.screenshot({ path: join(screenshots, 'day-forty-staff-half-hours.png') });

    for (const [name, status] of [
      ['Nora Lindqvist', 'In service'],
      ['Yusuf Demir', 'Checked in'],
      ['Ruby Clarke', 'In service'],
    ] as const) {
      await expect(statusShown(card(name)), name).resolves.toBe(true);
      await expect(card(name).locator('.chip').innerText(), name).resolves.toContain(status);
      await expect(whole(card(name).locator('.booking__customer')), name).resolves.toBe(true);
      // The service after the name is drawn readably (at least a word's room) or not at all.
      const service = await card(name)
        .locator('.booking__line .booking__service')
        .evaluateAll((els) => els.map((el) => (el as HTMLElement).offsetWidth));
      for (const width of service)
        expect(width === 0 || width >= 40, `${name}: service ${width} px`).toBe(true);
    }
    await page.locator('.grid__scroller').evaluate((el) => (el.scrollLeft = 0));
  });

  it("shows each staff member's whole name and hours in the column heads", async () => {
    await page.locator('.grid__scroller').evaluate((el) => (el.scrollLeft = 150 * 8));
    const head = page
      .locator('.staffhead')
      .filter({ has: page.locator('.staffhead__name', { hasText: /^Stylist 12$/ }) });
    await head.waitFor();
    await page.screenshot({ path: join(screenshots, 'day-forty-staff-heads.png') });

    await expect(whole(head.locator('.staffhead__name'))).resolves.toBe(true);
    await expect(head.locator('.staffhead__name').innerText()).resolves.toBe('Stylist 12');
    await expect(whole(head.locator('.staffhead__meta'))).resolves.toBe(true);
    await expect(head.evaluate((el) => el.getBoundingClientRect().height)).resolves.toBeLessThanOrEqual(62);
  });

  it('gives a long staff name a second line, inside the head', async () => {
    await page.locator('.grid__scroller').evaluate((el) => (el.scrollLeft = 0));
    const head = page
      .locator('.staffhead')
      .filter({ has: page.locator('.staffhead__name', { hasText: LONG_NAME }) });
    const name = head.locator('.staffhead__name');

    await expect(name.evaluate((el) => el.getClientRects()[0]!.height)).resolves.toBeGreaterThan(20);
    await expect(whole(name)).resolves.toBe(true);
    await expect(name.evaluate((el) => el.scrollHeight <= el.clientHeight)).resolves.toBe(true);
    const [meta, box] = [
      (await head.locator('.staffhead__meta').boundingBox())!,
      (await head.boundingBox())!,
    ];
    expect(meta.y + meta.height).toBeLessThanOrEqual(box.y + box.height);
  });

  it('passes axe, colour contrast included', async () => {
    const result = await new AxeBuilder({ page }).include('.grid').analyze();
    const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  });
});
