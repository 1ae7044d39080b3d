/**
 * The desk's other screens and languages in Chromium against a real API: the walk-in dialog and the
 * overlay (axe), Arrivals' one-key check-in, one staff member's week, a customer's history and edit,
 * the settings, and Persian (right to left, Persian digits, the solar hijri calendar, a week from
 * Saturday, and the date input in solar hijri), kept across a reload; the business's other location
 * picked in the header. Screenshots go to tests/e2e/screenshots/.
 */
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BookdeskApi } from '../../core/ipc/contract';
import { EVERY_DAY, expectCall } from '../frontdesk/front-desk.fixtures';
import type { FrontDeskWorld } from './support/front-desk-e2e';
import {
  bookElsewhere,
  expectAccessible,
  laneAt,
  openFrontDesk,
  quarterAfter,
  shot,
  signInFromWindow,
  STEP_MS,
  today,
  ZONE,
} from './support/front-desk-e2e';

/** True when `part` is drawn whole inside `box` (not cut at its edge), on one line. */
const within = async (part: Locator, box: Locator) => {
  const [inner, outer] = [(await part.boundingBox())!, (await box.boundingBox())!];
  const lines = await part.evaluate((el) => el.getClientRects().length);
  return (
    lines === 1 &&
    inner.x >= outer.x - 0.5 &&
    inner.x + inner.width <= outer.x + outer.width + 0.5 &&
    inner.y >= outer.y - 0.5 &&
    inner.y + inner.height <= outer.y + outer.height + 0.5
  );
};

/** A Gregorian `YYYY-MM-DD` as Intl writes it in Persian: solar hijri calendar, Persian digits. */
const persian = (date: string, parts: Intl.DateTimeFormatOptions) =>
  new Intl.DateTimeFormat('fa-IR-u-ca-persian', { timeZone: 'UTC', ...parts }).format(
    new Date(`${date}T12:00:00Z`),
  );
const PERSIAN_LONG = { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' } as const;

describe('Front desk screens and Persian in Chromium', () => {
  let w: FrontDeskWorld;
  let noraId: string;
  let maxId: string;
  const ottoBreak = today().minute >= 120 ? 60 : 23 * 60;

  beforeAll(async () => {
    w = await openFrontDesk();
    noraId = (await bookElsewhere(w, w.staff[0]!.id, quarterAfter(30), 'Nora Quick')).id;
    await bookElsewhere(w, w.staff[0]!.id, quarterAfter(60), 'Zoe Live');
    // A staff member whose shifts today are over (or not begun, just after midnight): off, not free.
    // Their break is centred on the hour, where the hour line runs.
    await expectCall(w.t, w.owner.token, 'POST', '/v1/staff', 201, {
      name: 'Otto Early',
      locationId: w.locationId,
      color: '#dd2590',
      serviceIds: [w.serviceId],
      weeklyHours: EVERY_DAY(
        ottoBreak === 60
          ? [
              ['00:00', '00:30'],
              ['01:30', '02:00'],
            ]
          : [
              ['22:00', '22:30'],
              ['23:30', '23:45'],
            ],
      ),
    });
    await expectCall(w.t, w.owner.token, 'POST', '/v1/walk-ins', 201, {
      customer: { name: 'Offline Walker' },
      serviceId: w.serviceId,
      locationId: w.locationId,
    });
    await w.page.getByRole('heading', { name: 'Sign in to Bookdesk' }).waitFor();
    await signInFromWindow(w);
    await w.page.getByRole('article', { name: /Zoe Live/ }).waitFor();
  }, 120_000);

  afterAll(async () => {
    await w?.close();
  });

  it(
    'lays overlapping bookings of one staff member side by side, every name readable',
    async () => {
      // A no-show holds no time, so a booking can be moved over it: the two overlap by 15 minutes.
      const at = quarterAfter(120);
      const noShow = await bookElsewhere(w, w.staff[1]!.id, at, 'Nell Noshow');
      await expectCall(w.t, w.owner.token, 'PATCH', `/v1/bookings/${noShow.id}`, 200, { status: 'no_show' });
      maxId = (await bookElsewhere(w, w.staff[1]!.id, at - 15, 'Max Moved')).id;
      const moved = w.page.getByRole('article', { name: /Max Moved/ });
      const nell = w.page.getByRole('article', { name: /Nell Noshow/ });
      await nell.filter({ hasText: 'No-show' }).waitFor();
      await moved.scrollIntoViewIfNeeded();

      const [a, b] = [(await moved.boundingBox())!, (await nell.boundingBox())!];
      expect(a.x + a.width <= b.x || b.x + b.width <= a.x).toBe(true);
      for (const [card, name] of [
        [moved, 'Max Moved'],
        [nell, 'Nell Noshow'],
      ] as const) {
        const text = card.locator('.booking__customer');
        await expect(text.innerText()).resolves.toBe(name);
        await expect(text.evaluate((el) => el.scrollWidth <= el.clientWidth)).resolves.toBe(true);
        // Not covered by the other card: the name's own middle is the topmost thing there.
        const box = (await text.boundingBox())!;
        const hit = await w.page.evaluate(
          ([x, y]) => document.elementFromPoint(x!, y!)?.closest('article')?.getAttribute('aria-label'),
          [box.x + Math.min(box.width / 2, 20), box.y + box.height / 2],
        );
        expect(hit).toContain(name);
      }
      await w.page.screenshot(shot('day-overlap'));

      // In narrower columns a half-hour card keeps its status on the time's row (shortened if need
      // be), so the customer's line stays inside the card.
      await w.page.setViewportSize({ width: 1100, height: 900 });
      for (const card of [moved, nell]) {
        await card.scrollIntoViewIfNeeded();
        const name = card.locator('.booking__customer');
        await expect(within(name, card)).resolves.toBe(true);
        await expect(name.evaluate((el) => el.scrollWidth <= el.clientWidth)).resolves.toBe(true);
      }
      await w.page.screenshot(shot('day-overlap-narrow'));
      await w.page.setViewportSize({ width: 1440, height: 900 });
    },
    STEP_MS,
  );

  it(
    'draws times and statuses large enough on a half-hour card, and the break label above the hour line',
    async () => {
      const nora = w.page.getByRole('article', { name: /Nora Quick/ });
      await nora.scrollIntoViewIfNeeded();
      const size = (selector: string) =>
        nora.locator(selector).evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
      await expect(size('.booking__time')).resolves.toBeGreaterThanOrEqual(13);
      await expect(size('.chip')).resolves.toBeGreaterThanOrEqual(12);
      await expect(nora.evaluate((el) => el.scrollHeight <= el.clientHeight)).resolves.toBe(true);

      await laneAt(w.page, 'Otto Early', ottoBreak);
      const label = w.page.locator('.lane[data-staff="Otto Early"] .off--break span');
      const box = (await label.boundingBox())!;
      // The hour line lets clicks through; made hit-testable here, what is on top at its height shows.
      const onTop = await w.page.evaluate(
        ([x, top, bottom]) => {
          const lines = Array.from(document.querySelectorAll<HTMLElement>('.hourline'));
          const line = lines.find((l) => {
            const y = l.getBoundingClientRect().top;
            return y >= top! && y <= bottom!;
          });
          if (!line) return 'no hour line across the label';
          line.style.pointerEvents = 'auto';
          const hit = document.elementFromPoint(x!, line.getBoundingClientRect().top + 0.5);
          line.style.pointerEvents = '';
          return hit?.closest('.off--break') ? 'label' : hit?.className;
        },
        [box.x + box.width / 2, box.y, box.y + box.height],
      );
      expect(onTop).toBe('label');
    },
    STEP_MS,
  );

  it(
    'shows the walk-in dialog and the overlay accessibly',
    async () => {
      await w.page.keyboard.press('n');
      await w.page.getByRole('dialog', { name: 'New walk-in' }).waitFor();
      await w.page.screenshot(shot('walk-in-dialog'));
      await expectAccessible(w.page, 'walk-in dialog');
      await w.page.keyboard.press('Escape');

      const overlay = await w.browser.context.newPage();
      await overlay.setViewportSize({ width: 360, height: 520 });
      await overlay.goto(`${w.bridge.origin}/#/overlay`);
      await overlay.locator('[data-staff="Ines Duarte"]').waitFor();
      await overlay.getByText(/walk-ins? waiting · next Offline Walker/).waitFor();
      await overlay.locator('[data-staff="Otto Early"]').getByText('Off', { exact: true }).waitFor();

      // Max Moved (checked in) is Omar's next: the name and the status are whole, inside the card.
      await expectCall(w.t, w.owner.token, 'PATCH', `/v1/bookings/${maxId}`, 200, { status: 'checked_in' });
      const omar = overlay.locator('[data-staff="Omar Haddad"]');
      await omar.locator('.ostaff__here').waitFor();
      await expect(omar.innerText()).resolves.toMatch(/Next\s*\d\d:\d\d Max Moved · here\s*· Cut/i);
      const line = omar.locator('.ostaff__row:has(.ostaff__here) .ostaff__value');
      for (const part of ['.ostaff__customer', '.ostaff__here', '.ostaff__time']) {
        await expect(within(line.locator(part), line), part).resolves.toBe(true);
      }
      // Legible at a metre: names and times at least 16 px.
      for (const part of ['.ostaff__name', '.ostaff__customer', '.ostaff__time']) {
        const size = await omar
          .locator(part)
          .first()
          .evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
        expect(size, part).toBeGreaterThanOrEqual(16);
      }
      await overlay.screenshot(shot('overlay'));
      await expectAccessible(overlay, 'overlay');
      await overlay.close();
    },
    STEP_MS,
  );

  it(
    "keeps today's walk-in queue beside another day, and names the day summarised",
    async () => {
      await w.page.getByRole('button', { name: 'Next day' }).click();
      await w.page.getByRole('article', { name: /Zoe Live/ }).waitFor({ state: 'detached' });
      const tomorrow = new Date(Date.parse(`${today().date}T12:00:00Z`) + 86_400_000).getUTCDate();
      const summary = w.page.getByRole('region', { name: new RegExp(`\\b${tomorrow}\\b.* at a glance$`) });
      await summary.getByRole('heading', { name: /at a glance$/ }).waitFor();
      await expect(w.page.getByRole('region', { name: 'Today at a glance' }).count()).resolves.toBe(0);
      const queue = w.page.getByRole('region', { name: 'Walk-in queue' });
      await queue.getByRole('listitem').filter({ hasText: 'Offline Walker' }).waitFor();
      await w.page.screenshot(shot('next-day-queue'));

      await w.page.getByRole('button', { name: 'Today' }).click();
      await w.page.getByRole('region', { name: 'Today at a glance' }).waitFor();
    },
    STEP_MS,
  );

  it(
    'checks in from Arrivals with one key and the next arrival with the keyboard alone, and shows the week, a customer and the settings',
    async () => {
      await w.page.getByRole('link', { name: 'Arrivals' }).click();
      const noraRow = w.page.getByRole('listitem', { name: /Nora Quick/ });
      const zoe = w.page.getByRole('listitem', { name: /Zoe Live/ });
      /** Waits until the keyboard is on the element `selector` (a CSS selector) names. */
      const focusOn = (selector: string) =>
        w.page.waitForFunction((s) => document.activeElement?.matches(s) ?? false, selector, {
          timeout: 10_000,
        });
      await zoe.getByRole('button', { name: 'Check in' }).waitFor();
      await noraRow.focus();
      await w.page.keyboard.press('i');
      await noraRow.filter({ hasText: 'Checked in' }).waitFor();
      // The keyboard has moved on to the next one still to check in: I again checks Zoe in.
      await focusOn('.rows__item[aria-label$="Zoe Live"]');
      await w.page.screenshot(shot('arrivals-next-focused'));
      await w.page.keyboard.press('i');
      await zoe.filter({ hasText: 'Checked in' }).waitFor();
      // Checked in or further on, a row offers no check-in: it shows its state alone.
      await expect(zoe.getByRole('button', { name: 'Check in' }).count()).resolves.toBe(0);
      // No one left to check in (Max Moved is here already): the list has the keyboard.
      await focusOn('ul.rows');
      await w.page.screenshot(shot('arrivals-after-check-in'));
      await expectCall(w.t, w.owner.token, 'PATCH', `/v1/bookings/${noraId}`, 200, { status: 'in_service' });
      await noraRow.filter({ hasText: 'In service' }).waitFor();
      await expect(noraRow.getByRole('button', { name: 'Check in' }).count()).resolves.toBe(0);
      await w.page.screenshot(shot('arrivals'));

      await w.page.getByRole('link', { name: 'Week' }).click();
      await w.page.getByRole('combobox', { name: 'Staff' }).selectOption({ label: 'Ines Duarte' });
      await w.page.locator('.week__day').filter({ hasText: 'Zoe Live' }).waitFor();
      await w.page.screenshot(shot('week'));

      await w.page.getByRole('link', { name: 'Customers' }).click();
      await w.page.getByRole('searchbox', { name: 'Search customers' }).fill('nora');
      await w.page.getByRole('button', { name: /Nora Quick/ }).click();
      const nora = w.page.getByRole('region', { name: 'Nora Quick' });
      await nora.getByText('History (1)').waitFor();
      await nora.getByRole('textbox', { name: 'Phone' }).fill('07700 900456');
      await nora.getByRole('button', { name: 'Save customer' }).click();
      await w.page.getByRole('status').filter({ hasText: 'All changes saved' }).waitFor();
      await w.page.screenshot(shot('customers'));

      await w.page.getByRole('link', { name: 'Settings' }).click();
      await w.page.getByRole('button', { name: 'Sign out' }).waitFor();
      await w.page.screenshot(shot('settings'));
      await expectAccessible(w.page, 'settings');
    },
    STEP_MS,
  );

  it(
    'switches to Persian: right to left, Persian digits and the solar hijri calendar, kept',
    async () => {
      await w.page.getByRole('link', { name: 'Settings' }).click();
      await w.page.getByRole('combobox', { name: 'Language' }).selectOption('fa');
      await w.page.getByRole('link', { name: 'روز' }).click();

      await expect(w.page.locator('html').getAttribute('dir')).resolves.toBe('rtl');
      const persianDate = persian(today().date, PERSIAN_LONG);
      await expect(w.page.locator('.datenav__date').innerText()).resolves.toBe(persianDate);
      expect(persianDate).toMatch(/[۰-۹]/);
      await w.page.getByRole('region', { name: 'صف مراجعان حضوری' }).waitFor();
      await w.page.getByRole('article', { name: /Zoe Live/ }).waitFor();
      // A booking is read out in Persian: Persian digits and commas, its service and status after.
      await expect(
        w.page.getByRole('article', { name: /Zoe Live/ }).getAttribute('aria-label'),
      ).resolves.toMatch(/^[۰-۹]{2}:[۰-۹]{2}.* Zoe Live، [^،,]+، [^،,]+$/);
      await w.page.screenshot(shot('persian-day'));
      await expectAccessible(w.page, 'Persian day');

      // The overlay in Persian: right to left, the next customer's name whole (its start not cut).
      const overlay = await w.browser.context.newPage();
      await overlay.setViewportSize({ width: 360, height: 520 });
      await overlay.goto(`${w.bridge.origin}/#/overlay`);
      const next = overlay.locator(
        '[data-staff="Omar Haddad"] .ostaff__row:has(.ostaff__here) .ostaff__value',
      );
      await expect(next.locator('.ostaff__customer').innerText()).resolves.toBe('Max Moved');
      await expect(within(next.locator('.ostaff__customer'), next)).resolves.toBe(true);
      await expect(within(next.locator('.ostaff__here'), next)).resolves.toBe(true);
      await overlay.getByText('خارج از شیفت').waitFor();
      await overlay.screenshot(shot('persian-overlay'));
      await overlay.close();

      // The header's date input is solar hijri too: today's day, month and year in Persian.
      const picker = w.page.getByRole('group', { name: 'رفتن به تاریخ' });
      const chosen = (part: 'روز' | 'ماه' | 'سال') =>
        picker.getByRole('combobox', { name: part }).locator('option:checked').textContent();
      await expect(chosen('روز')).resolves.toBe(persian(today().date, { day: 'numeric' }));
      await expect(chosen('ماه')).resolves.toBe(persian(today().date, { month: 'long' }));
      await expect(chosen('سال')).resolves.toBe(persian(today().date, { year: 'numeric' }));
      await w.page.locator('header').screenshot(shot('persian-date-field'));
      // Choosing another day of the month there opens that day: the first of the month, or the second.
      const dayOfMonth = Number(
        new Intl.DateTimeFormat('en-u-ca-persian-nu-latn', { timeZone: 'UTC', day: 'numeric' }).format(
          new Date(`${today().date}T12:00:00Z`),
        ),
      );
      const target = dayOfMonth === 1 ? 2 : 1;
      const gregorian = new Date(Date.parse(`${today().date}T12:00:00Z`) + (target - dayOfMonth) * 86_400_000)
        .toISOString()
        .slice(0, 10);
      await picker
        .getByRole('combobox', { name: 'روز' })
        .selectOption({ label: persian(gregorian, { day: 'numeric' }) });
      await w.page.locator('.datenav__date', { hasText: persian(gregorian, PERSIAN_LONG) }).waitFor();
      await w.page.getByRole('article', { name: /Zoe Live/ }).waitFor({ state: 'detached' });
      await expect(chosen('روز')).resolves.toBe(persian(gregorian, { day: 'numeric' }));
      await w.page.getByRole('button', { name: 'امروز' }).click();
      await w.page.getByRole('article', { name: /Zoe Live/ }).waitFor();

      await w.page.keyboard.press('b');
      await w.page
        .getByRole('dialog', { name: 'نوبت تازه' })
        .getByRole('button', { name: 'ذخیرهٔ نوبت' })
        .waitFor();
      await expect(
        w.page
          .getByRole('dialog', { name: 'نوبت تازه' })
          .getByRole('group', { name: 'تاریخ' })
          .getByRole('combobox', { name: 'ماه' })
          .locator('option:checked')
          .textContent(),
      ).resolves.toBe(persian(today().date, { month: 'long' }));
      await w.page.screenshot(shot('persian-booking-dialog'));
      await expectAccessible(w.page, 'Persian booking dialog');
      await w.page.keyboard.press('Escape');
      await w.page.getByRole('link', { name: 'هفته' }).click();
      await expect(w.page.locator('.week__date').first().innerText()).resolves.toMatch(/^شنبه/);
      await w.page.getByRole('link', { name: 'روز' }).click();

      await w.page.reload();
      await w.page.getByRole('link', { name: 'تنظیمات' }).click();
      await expect(w.page.locator('html').getAttribute('dir')).resolves.toBe('rtl');
      await w.page.getByRole('combobox', { name: 'زبان' }).selectOption('en');
      await w.page.getByRole('link', { name: 'Day' }).waitFor();
    },
    STEP_MS,
  );

  it(
    "says main's refusals in the language chosen, Persian or English",
    async () => {
      // Nora is in service (Arrivals above): taking her back to booked is refused by the desk itself.
      const refuse = () =>
        w.page.evaluate(
          async (id) =>
            (window as unknown as { bookdesk: BookdeskApi }).bookdesk.bookings.setStatus({
              id,
              status: 'booked',
            }),
          noraId,
        );
      await w.page.getByRole('link', { name: 'Settings' }).click();
      await w.page.getByRole('combobox', { name: 'Language' }).selectOption('fa');
      await w.page.getByRole('link', { name: 'روز' }).waitFor();
      await expect(refuse()).resolves.toEqual({
        ok: false,
        error: { code: 'conflict', message: 'نوبتِ در حال خدمت نمی‌تواند رزرو شده شود.' },
      });
      await w.page.getByRole('combobox', { name: 'زبان' }).selectOption('en');
      await w.page.getByRole('link', { name: 'Day' }).waitFor();
      await expect(refuse()).resolves.toEqual({
        ok: false,
        error: { code: 'conflict', message: 'A in service booking cannot become booked.' },
      });
    },
    STEP_MS,
  );

  it(
    "switches to the business's other location and sees its bookings and queue, kept",
    async () => {
      // One location with staff (the sign-up one stays empty): its name, and no picker.
      await w.page.getByRole('link', { name: 'Day' }).click();
      const banner = w.page.getByRole('banner');
      await banner.getByText('High Street').waitFor();
      await expect(banner.getByRole('combobox', { name: 'Location' }).count()).resolves.toBe(0);

      const riverside = await expectCall<{ id: string }>(w.t, w.owner.token, 'POST', '/v1/locations', 201, {
        name: 'Riverside',
        timeZone: ZONE,
        openingHours: EVERY_DAY([['00:00', '23:59']]),
      });
      const rita = await expectCall<{ id: string }>(w.t, w.owner.token, 'POST', '/v1/staff', 201, {
        name: 'Rita Rivera',
        locationId: riverside.id,
        color: '#c4320a',
        serviceIds: [w.serviceId],
        weeklyHours: EVERY_DAY([['00:00', '23:59']]),
      });
      await bookElsewhere(w, rita.id, quarterAfter(90), 'River Rose');
      await expectCall(w.t, w.owner.token, 'POST', '/v1/walk-ins', 201, {
        customer: { name: 'River Walker' },
        serviceId: w.serviceId,
        locationId: riverside.id,
      });

      const picker = banner.getByRole('combobox', { name: 'Location' });
      await picker.locator('option', { hasText: 'Riverside' }).waitFor({ state: 'attached' });
      await expect(picker.inputValue()).resolves.toBe(w.locationId);
      // Switched while one staff member's week is open: the week shows the new location's staff.
      await w.page.getByRole('link', { name: 'Week' }).click();
      await w.page.getByRole('combobox', { name: 'Staff' }).selectOption({ label: 'Ines Duarte' });
      await picker.selectOption({ label: 'Riverside' });
      await w.page.locator('.week__day').filter({ hasText: 'River Rose' }).waitFor();
      await expect(w.page.getByRole('combobox', { name: 'Staff' }).inputValue()).resolves.not.toBe(
        w.staff[0]!.id,
      );

      await w.page.getByRole('link', { name: 'Day' }).click();
      await w.page.getByRole('article', { name: /River Rose/ }).waitFor();
      const queue = w.page.getByRole('region', { name: 'Walk-in queue' });
      await queue.getByRole('listitem').filter({ hasText: 'River Walker' }).waitFor();
      await expect(queue.getByRole('listitem').filter({ hasText: 'Offline Walker' }).count()).resolves.toBe(
        0,
      );
      await expect(w.page.getByRole('article', { name: /Zoe Live/ }).count()).resolves.toBe(0);
      await expect(w.page.locator('.lane[data-staff="Ines Duarte"]').count()).resolves.toBe(0);
      await w.page.screenshot(shot('other-location'));

      await w.page.reload();
      await w.page.getByRole('article', { name: /River Rose/ }).waitFor();
      await expect(picker.inputValue()).resolves.toBe(riverside.id);
      await picker.selectOption({ label: 'High Street' });
      await w.page.getByRole('article', { name: /Zoe Live/ }).waitFor();
      await expect(w.page.getByRole('article', { name: /River Rose/ }).count()).resolves.toBe(0);
    },
    STEP_MS,
  );
});
