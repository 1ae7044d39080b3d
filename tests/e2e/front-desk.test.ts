/**
 * The front desk end to end, in Debian's Chromium on the UI served by the local bridge, against a real
 * API started here: signing in through the API's page, the seeded day, walk-ins by keyboard, booking
 * from a free time with a required custom field, status moves, moving by drag and by keyboard, another
 * desk's booking arriving live, working through a dropped line and catching up, a conflict made
 * offline, and an accessibility check of the day and the booking dialog. The other screens, the overlay
 * and Persian: front-desk-screens.test.ts. Screenshots go to tests/e2e/screenshots/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectCall } from '../frontdesk/front-desk.fixtures';
import type { FrontDeskWorld } from './support/front-desk-e2e';
import {
  bookElsewhere,
  expectAccessible,
  laneAt,
  hhmm,
  openFrontDesk,
  quarterAfter,
  shot,
  signInFromWindow,
  STEP_MS,
} from './support/front-desk-e2e';

describe('Front desk in Chromium against the real API', () => {
  let w: FrontDeskWorld;
  const times = { book: 0, seed: 0, other: 0, live: 0, conflict: 0 };
  const ines = () => w.page.locator('.lane[data-staff="Ines Duarte"]');
  const omar = () => w.page.locator('.lane[data-staff="Omar Haddad"]');
  const queue = () => w.page.getByRole('region', { name: 'Walk-in queue' });
  /** "Try again" after the line is back; the desk may have reconnected by itself first (its own retry). */
  const retryNow = async () => {
    const button = w.page.getByRole('button', { name: 'Try again' });
    if (await button.isVisible()) await button.click({ timeout: 2_000 }).catch(() => undefined);
  };
  const card = (name: string) => w.page.getByRole('article', { name: new RegExp(name) });

  beforeAll(async () => {
    w = await openFrontDesk();
    times.book = quarterAfter(30);
    times.seed = quarterAfter(60);
    times.other = quarterAfter(90);
    times.live = quarterAfter(120);
    times.conflict = quarterAfter(150);
    await bookElsewhere(w, w.staff[0]!.id, times.seed, 'Mia Park');
    await bookElsewhere(w, w.staff[1]!.id, times.other, 'Leo Grant');
  }, 120_000);

  afterAll(async () => {
    await w?.close();
  });

  it(
    'signs in through the API’s own sign-in page',
    async () => {
      await w.page.getByRole('heading', { name: 'Sign in to Bookdesk' }).waitFor();
      await expect(w.page.getByLabel('Server').inputValue()).resolves.toBe(w.proxy.url);

      await signInFromWindow(w);

      await w.page.locator('.brand__business', { hasText: 'Salon Aurora' }).waitFor();
    },
    STEP_MS,
  );

  it(
    'shows the seeded day by staff, with the connection state in words',
    async () => {
      await card('Mia Park').waitFor();
      await expect(
        ines()
          .getByRole('article', { name: /Mia Park/ })
          .count(),
      ).resolves.toBe(1);
      await expect(
        omar()
          .getByRole('article', { name: /Leo Grant/ })
          .count(),
      ).resolves.toBe(1);
      await w.page
        .getByRole('status')
        .filter({ hasText: /Online\s*·\s*All changes saved/ })
        .waitFor();
      await expect(w.page.getByRole('region', { name: 'Schedule' }).isVisible()).resolves.toBe(true);
    },
    STEP_MS,
  );

  it(
    'adds a walk-in by keyboard alone in under 5 seconds',
    async () => {
      const began = Date.now();
      await w.page.keyboard.press('n');
      await w.page.getByRole('dialog', { name: 'New walk-in' }).waitFor();
      await w.page.keyboard.type('Walker One');
      await w.page.keyboard.press('Tab');
      await w.page.keyboard.type('07700 900123');
      await w.page.keyboard.press('Enter');
      await queue().getByRole('listitem').filter({ hasText: 'Walker One' }).waitFor();

      expect(Date.now() - began).toBeLessThan(5_000);
      await expect(w.page.getByRole('dialog').count()).resolves.toBe(0);
    },
    STEP_MS,
  );

  it(
    'starts the walk-in with a chosen staff member: an in-service booking',
    async () => {
      const item = queue().getByRole('listitem').filter({ hasText: 'Walker One' });
      await item.getByRole('button', { name: 'Start', exact: true }).click();
      await item.getByRole('combobox').selectOption({ label: 'Omar Haddad' });
      await item.getByRole('button', { name: 'Start service' }).click();

      await omar()
        .getByRole('article', { name: /Walker One/ })
        .filter({ hasText: 'In service' })
        .waitFor();
      await queue().getByRole('listitem').filter({ hasText: 'Walker One' }).waitFor({ state: 'detached' });
    },
    STEP_MS,
  );

  it(
    'books from a free time, asking for the required custom field',
    async () => {
      const { lane, y } = await laneAt(w.page, 'Ines Duarte', times.book);
      await lane.click({ position: { x: 40, y: y + 4 } });
      const dialog = w.page.getByRole('dialog', { name: 'New booking' });
      await dialog.waitFor();
      await expect(dialog.getByLabel('Staff').inputValue()).resolves.toBe(w.staff[0]!.id);
      await dialog
        .getByLabel('Time')
        .locator('option:checked', { hasText: hhmm(times.book) })
        .waitFor({ state: 'attached' });
      await dialog.getByRole('button', { name: 'New customer' }).click();
      await dialog.getByRole('textbox', { name: 'Name' }).fill('Nora Quick');
      await dialog.getByRole('button', { name: 'Save booking' }).click();
      await dialog.getByText('Required').waitFor();

      await dialog.getByLabel('Allergies').fill('Latex');
      await w.page.screenshot(shot('booking-dialog'));
      await expectAccessible(w.page, 'booking dialog');
      await dialog.getByRole('button', { name: 'Save booking' }).click();

      await ines()
        .getByRole('article', { name: new RegExp(`^${hhmm(times.book)} .* Nora Quick`) })
        .waitFor();
      await w.page.getByRole('status').filter({ hasText: 'All changes saved' }).waitFor();
    },
    STEP_MS,
  );

  it(
    'shows customer notes, and books from the keyboard cursor on a quarter hour with a customer picked from the list',
    async () => {
      await expectCall(w.t, w.owner.token, 'POST', '/v1/customers', 201, {
        name: 'Kit Noted',
        phone: '+44 20 7946 0111',
        notes: 'Patch test done in October.',
      });
      // The customer card shows the notes, once the customer made at the API has reached the desk.
      await w.page.getByRole('link', { name: 'Customers' }).click();
      const found = w.page.getByRole('button', { name: /Kit Noted/ });
      for (let tries = 0; !(await found.isVisible()) && tries < 40; tries++) {
        await w.page.getByRole('searchbox', { name: 'Search customers' }).fill('');
        await w.page.getByRole('searchbox', { name: 'Search customers' }).fill('Kit Not');
        await found.waitFor({ timeout: 500 }).catch(() => undefined);
      }
      await found.locator('bdi[dir="ltr"]', { hasText: '+44 20 7946 0111' }).waitFor();
      await found.click();
      const kit = w.page.getByRole('region', { name: 'Kit Noted' });
      await expect(kit.getByRole('textbox', { name: 'Notes' }).inputValue()).resolves.toBe(
        'Patch test done in October.',
      );
      await w.page.getByRole('link', { name: 'Day' }).click();

      await ines().focus();
      await w.page.keyboard.press('Enter');
      const dialog = w.page.getByRole('dialog', { name: 'New booking' });
      await dialog.waitFor();
      // The cursor starts on the quarter hour now falls in, as a click there would.
      await expect(dialog.getByLabel('Time').locator('option:checked').textContent()).resolves.toMatch(
        /^\d\d:(00|15|30|45)$/,
      );

      const search = dialog.getByRole('combobox', { name: 'Search customers' });
      const matches = dialog.getByRole('listbox', { name: 'Matching customers' });
      await search.fill('Kit Not');
      await matches.getByRole('option', { name: /Kit Noted/ }).waitFor();
      await matches.locator('bdi[dir="ltr"]', { hasText: '+44 20 7946 0111' }).waitFor();
      await w.page.keyboard.press('Escape');
      await matches.waitFor({ state: 'hidden' });
      await expect(dialog.isVisible()).resolves.toBe(true);

      // Enter in the search box with nothing highlighted picks nothing and saves nothing.
      await w.page.keyboard.press('Enter');
      await dialog.getByRole('button', { name: 'Save booking' }).click();
      await dialog.getByRole('alert').filter({ hasText: 'Choose or add a customer.' }).waitFor();
      await expect(dialog.isVisible()).resolves.toBe(true);

      await search.focus();
      await w.page.keyboard.press('ArrowDown');
      await matches.getByRole('option', { name: /Kit Noted/, selected: true }).waitFor();
      await dialog.screenshot(shot('booking-customer-list'));
      await w.page.keyboard.press('Enter');
      await dialog.getByText('Kit Noted', { exact: true }).waitFor();
      const notes = dialog.getByRole('note', { name: 'Customer notes' });
      await expect(notes.innerText()).resolves.toContain('Patch test done in October.');
      // Drawn as the dialog's warnings are (.form__warn): amber words in a pale amber box, lines kept.
      await expect(
        notes.evaluate((el) => {
          const s = getComputedStyle(el);
          return [s.color, s.backgroundColor, s.borderTopColor, s.borderRadius, s.padding, s.whiteSpace];
        }),
      ).resolves.toEqual([
        'rgb(147, 55, 13)',
        'rgb(255, 250, 235)',
        'rgb(254, 223, 137)',
        '8px',
        '6px 10px',
        'pre-wrap',
      ]);
      await expect(dialog.getByText('Choose or add a customer.').count()).resolves.toBe(0);
      await dialog.screenshot(shot('booking-customer-notes'));
      await w.page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
    },
    STEP_MS,
  );

  it(
    'checks in from the booking menu and completes by keyboard',
    async () => {
      const nora = card('Nora Quick');
      await nora.click();
      await w.page.getByRole('menu').getByRole('menuitem', { name: 'Check in' }).click();
      await nora.filter({ hasText: 'Checked in' }).waitFor();

      await nora.focus();
      await w.page.keyboard.press('s');
      await nora.filter({ hasText: 'In service' }).waitFor();
      await w.page.keyboard.press('c');
      await nora.filter({ hasText: 'Completed' }).waitFor();
    },
    STEP_MS,
  );

  it(
    'moves a booking to another staff member by dragging it',
    async () => {
      await laneAt(w.page, 'Ines Duarte', times.seed);
      const from = await ines()
        .getByRole('article', { name: /Mia Park/ })
        .boundingBox();
      const to = await omar().boundingBox();
      await w.page.mouse.move(from!.x + 30, from!.y + 10);
      await w.page.mouse.down();
      await w.page.mouse.move(from!.x + 60, from!.y + 10, { steps: 3 });
      await w.page.mouse.move(to!.x + 30, from!.y + 10, { steps: 8 });
      await w.page.mouse.up();

      await omar()
        .getByRole('article', { name: new RegExp(`^${hhmm(times.seed)} .* Mia Park`) })
        .waitFor();
      await expect(
        ines()
          .getByRole('article', { name: /Mia Park/ })
          .count(),
      ).resolves.toBe(0);
    },
    STEP_MS,
  );

  it(
    'moves a booking to another time by keyboard, through “Move…” in its menu',
    async () => {
      const mia = card('Mia Park');
      await mia.focus();
      await w.page.keyboard.press('Enter');
      await w.page.getByRole('menu').waitFor();
      await w.page.keyboard.press('m');
      const dialog = w.page.getByRole('dialog', { name: 'Move booking of Mia Park' });
      await dialog.waitFor();
      await dialog.getByLabel('Time').selectOption({ label: hhmm(times.live + 60) });
      await dialog.getByRole('button', { name: 'Move booking' }).press('Enter');

      await omar()
        .getByRole('article', { name: new RegExp(`^${hhmm(times.live + 60)} .* Mia Park`) })
        .waitFor();
    },
    STEP_MS,
  );

  it(
    'shows a booking made at another desk, live',
    async () => {
      await bookElsewhere(w, w.staff[0]!.id, times.live, 'Zoe Live');

      await ines()
        .getByRole('article', { name: /Zoe Live/ })
        .waitFor({ timeout: 10_000 });
      await w.page.screenshot(shot('day-view'));
      await expectAccessible(w.page, 'day view');
    },
    STEP_MS,
  );

  it(
    'keeps viewing, queueing and booking while the API is unreachable, with changes waiting',
    async () => {
      w.proxy.cut();
      await w.page
        .getByRole('status')
        .filter({ hasText: /Offline since \d\d:\d\d/ })
        .waitFor({ timeout: 20_000 });

      await w.page.getByRole('button', { name: 'Next day' }).click();
      await w.page.getByRole('button', { name: 'Previous day' }).click();
      await card('Zoe Live').waitFor();

      await w.page.keyboard.press('n');
      await w.page.keyboard.type('Offline Walker');
      await w.page.keyboard.press('Enter');
      await queue().getByRole('listitem').filter({ hasText: 'Offline Walker' }).waitFor();

      await w.page.keyboard.press('b');
      const dialog = w.page.getByRole('dialog', { name: 'New booking' });
      await dialog.getByText('the booking will be confirmed when the line is back').waitFor();
      await dialog.getByLabel('Staff').selectOption({ label: 'Omar Haddad' });
      await dialog.getByLabel('Time').selectOption({ label: hhmm(times.conflict + 60) });
      await dialog.getByRole('button', { name: 'New customer' }).click();
      await dialog.getByRole('textbox', { name: 'Name' }).fill('Offline Booker');
      await dialog.getByLabel('Allergies').fill('None');
      await dialog.getByRole('button', { name: 'Save booking' }).click();
      await card('Offline Booker').waitFor();

      await w.page
        .getByRole('status')
        .filter({ hasText: /Offline since \d\d:\d\d · 3 changes waiting/ })
        .waitFor();
      await w.page.locator('header').screenshot(shot('offline-header'));
    },
    STEP_MS,
  );

  it(
    'confirms everything once the API is back',
    async () => {
      w.proxy.restore();
      await retryNow();

      await w.page
        .getByRole('status')
        .filter({ hasText: /Online\s*·\s*All changes saved/ })
        .waitFor({ timeout: 30_000 });
      // The status is told at once; the day is read again just after it, so the marks go a moment later.
      await expect.poll(() => w.page.locator('.booking--pending').count(), { timeout: 10_000 }).toBe(0);
      const walkIns = await w.t.call({ method: 'GET', url: '/v1/walk-ins', token: w.owner.token });
      expect(JSON.stringify(walkIns.json())).toContain('Offline Walker');
    },
    STEP_MS,
  );

  it(
    'shows the problem of a conflict made offline, and lets it be dismissed',
    async () => {
      w.proxy.cut();
      await w.page
        .getByRole('status')
        .filter({ hasText: /Offline since/ })
        .waitFor({ timeout: 20_000 });
      const { lane, y } = await laneAt(w.page, 'Ines Duarte', times.conflict);
      await lane.click({ position: { x: 40, y: y + 4 } });
      const dialog = w.page.getByRole('dialog', { name: 'New booking' });
      await dialog.getByRole('button', { name: 'New customer' }).click();
      await dialog.getByRole('textbox', { name: 'Name' }).fill('Desk Conflict');
      await dialog.getByLabel('Allergies').fill('None');
      await dialog.getByRole('button', { name: 'Save booking' }).click();
      await card('Desk Conflict').waitFor();
      await bookElsewhere(w, w.staff[0]!.id, times.conflict, 'Phone Conflict');

      w.proxy.restore();
      await retryNow();
      const problems = w.page.getByRole('button', { name: '1 problem' });
      await problems.waitFor({ timeout: 30_000 });
      await problems.click();
      const list = w.page.getByRole('region', { name: 'Changes the server refused' });
      await expect(list.innerText()).resolves.toMatch(/taken|overlap|conflict/i);
      await card('Phone Conflict').waitFor();
      await expect(card('Desk Conflict').count()).resolves.toBe(0);
      const [from, to] = [hhmm(times.conflict), hhmm(times.conflict + 30)];
      await list.getByText(`Slot taken: Ines Duarte already has ${from}–${to}`).waitFor();

      // Main's words for it follow the language: Persian (digits too) once switched, then English again.
      await problems.click();
      await w.page.getByRole('link', { name: 'Settings' }).click();
      await w.page.getByRole('combobox', { name: 'Language' }).selectOption('fa');
      const nextCount = w.page.getByRole('combobox', { name: 'نوبت‌های پس از نوبت کنونی' });
      await expect(nextCount.locator('option:checked').textContent()).resolves.toMatch(/^[۰-۹]$/);
      await w.page.getByRole('button', { name: '۱ مشکل' }).click();
      const persian = (time: string) => time.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]!);
      await w.page
        .getByRole('region', { name: 'تغییرهایی که کارساز نپذیرفت' })
        .getByText(`زمان پر است: Ines Duarte از ${persian(from)} تا ${persian(to)} نوبت دارد`)
        .waitFor();
      await w.page.getByRole('button', { name: '۱ مشکل' }).click();
      await w.page.getByRole('combobox', { name: 'زبان' }).selectOption('en');
      await w.page.getByRole('link', { name: 'Day' }).click();
      await problems.click();

      await list.getByRole('button', { name: /^Dismiss/ }).click();
      await problems.waitFor({ state: 'detached' });
    },
    STEP_MS,
  );
});
