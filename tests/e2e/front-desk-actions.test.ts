/**
 * The desk's actions that cannot be taken back, and the keyboard around them, in Chromium against a
 * real API: cancel and no-show ask first (and no-show waits for the start time), the walk-in queue's
 * No-show and Left too, its buttons keep their places, Start offers only staff working now, a start
 * refused for the hours is said in words, the problems list stays in the window and closes with
 * Escape, shortcuts work with a Persian keyboard layout, and the keyboard stays where the action was.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deskText } from '../../core/i18n/desk-texts';
import type { BookdeskApi } from '../../core/ipc/contract';
import { DeskProblems } from '../../main/desk/desk-problems';
import { EVERY_DAY, expectCall } from '../frontdesk/front-desk.fixtures';
import type { FrontDeskWorld } from './support/front-desk-e2e';
import {
  bookElsewhere,
  hhmm,
  openFrontDesk,
  quarterAfter,
  shot,
  signInFromWindow,
  STEP_MS,
  today,
} from './support/front-desk-e2e';

describe('Front desk actions and keyboard in Chromium', () => {
  let w: FrontDeskWorld;
  let later = 0;
  let patId = '';
  const card = (name: string) => w.page.getByRole('article', { name: new RegExp(name) });
  const queue = () => w.page.getByRole('region', { name: 'Walk-in queue' });
  const party = (name: string) => queue().getByRole('listitem', { name });
  /** The screen tabs (Day, Week, ...) something else is drawn over, at their middle: none, or their names. */
  const coveredTabs = () =>
    w.page.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLElement>('.screens__link'))
        .filter((tab) => {
          const r = tab.getBoundingClientRect();
          return !tab.contains(document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2));
        })
        .map((tab) => tab.textContent),
    );
  /** Whether the keyboard is on `selector`'s element (a CSS selector), waiting until it is. */
  const focusOn = (selector: string) =>
    w.page.waitForFunction((s) => document.activeElement?.matches(s) ?? false, selector);

  beforeAll(async () => {
    w = await openFrontDesk();
    later = quarterAfter(60);
    // A stylist whose shift ended an hour ago (or starts in two hours, just after midnight)...
    const now = today().minute;
    const hours: [string, string] = now > 120 ? ['00:00', hhmm(now - 60)] : [hhmm(now + 120), '23:59'];
    patId = (
      await expectCall<{ id: string }>(w.t, w.owner.token, 'POST', '/v1/staff', 201, {
        name: 'Pat Early',
        locationId: w.locationId,
        color: '#c4320a',
        serviceIds: [w.serviceId],
        weeklyHours: EVERY_DAY([hours]),
      })
    ).id;
    // And one on all-day hours who is off this afternoon.
    const tia = await expectCall<{ id: string }>(w.t, w.owner.token, 'POST', '/v1/staff', 201, {
      name: 'Tia Away',
      locationId: w.locationId,
      color: '#0e9384',
      serviceIds: [w.serviceId],
      weeklyHours: EVERY_DAY([['00:00', '23:59']]),
    });
    await expectCall(w.t, w.owner.token, 'POST', `/v1/staff/${tia.id}/time-off`, 201, {
      start: new Date(Date.now() - 3_600_000).toISOString(),
      end: new Date(Date.now() + 3 * 3_600_000).toISOString(),
    });
    await bookElsewhere(w, w.staff[0]!.id, later, 'Cara Later');
    // Omar's next booking starts within a quarter of an hour: a 30-minute walk-in is Ines's now.
    await bookElsewhere(w, w.staff[1]!.id, quarterAfter(1), 'Omar Soon');
    for (const name of ['Wendy Waits', 'Xavi Next', 'Yara Last'])
      await expectCall(w.t, w.owner.token, 'POST', '/v1/walk-ins', 201, {
        customer: { name },
        serviceId: w.serviceId,
        locationId: w.locationId,
      });
    await w.page.getByRole('heading', { name: 'Sign in to Bookdesk' }).waitFor();
    await signInFromWindow(w);
    await card('Cara Later').waitFor();
    await party('Yara Last').waitFor();
  }, 120_000);

  afterAll(async () => {
    await w?.close();
  });

  it(
    'asks before cancelling a booking, offers no no-show before its start, and keeps the keyboard on it',
    async () => {
      const cara = card('Cara Later');
      await cara.click();
      const menu = w.page.getByRole('menu');
      const noShow = menu.getByRole('menuitem', { name: 'No-show' });
      await expect(noShow.isDisabled()).resolves.toBe(true);
      await expect(noShow.getAttribute('title')).resolves.toMatch(/start time/);
      // The item with the keyboard is highlighted, though the menu was opened by a click.
      const background = () =>
        w.page.evaluate(() => getComputedStyle(document.activeElement!).backgroundColor);
      await expect(background()).resolves.not.toBe('rgba(0, 0, 0, 0)');
      await w.page.keyboard.press('Escape');
      await menu.waitFor({ state: 'detached' });
      await focusOn('.booking[aria-label*="Cara Later"]');
      // A command from the menu, or a dialog it opened, gives the keyboard back to the booking.
      await cara.click();
      await menu.getByRole('menuitem', { name: 'Check in' }).click();
      await cara.filter({ hasText: 'Checked in' }).waitFor();
      await focusOn('.booking[aria-label*="Cara Later"]');
      await w.page.keyboard.press('Enter');
      await w.page.keyboard.press('m');
      const move = w.page.getByRole('dialog', { name: 'Move booking of Cara Later' });
      await move.waitFor();
      await w.page.keyboard.press('Escape');
      await move.waitFor({ state: 'detached' });
      await focusOn('.booking[aria-label*="Cara Later"]');

      await w.page.keyboard.press('o');
      await w.page.keyboard.press('Delete');
      const ask = w.page.getByRole('dialog', { name: `Cancel the booking of Cara Later (${hhmm(later)})?` });
      await ask.waitFor();
      await expect(w.page.getByRole('dialog').count()).resolves.toBe(1);
      await focusOn('dialog .btn--danger');
      await w.page.keyboard.press('Escape');
      await ask.waitFor({ state: 'detached' });
      await focusOn('.booking[aria-label*="Cara Later"]');
      await expect(cara.filter({ hasText: 'Checked in' }).count()).resolves.toBe(1);

      await w.page.keyboard.press('Delete');
      await ask.waitFor();
      await w.page.keyboard.press('Enter');
      await cara.waitFor({ state: 'detached' });
      await focusOn(`.lane[data-staff-id="${w.staff[0]!.id}"]`);
    },
    STEP_MS,
  );

  it(
    'opens the new walk-in with N on a Persian keyboard layout, and keeps the keyboard on the party added',
    async () => {
      await w.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await w.page.locator('body').dispatchEvent('keydown', { key: 'د', code: 'KeyN' });
      const dialog = w.page.getByRole('dialog', { name: 'New walk-in' });
      await dialog.waitFor();
      await w.page.keyboard.type('Zed Added');
      await w.page.keyboard.press('Enter');
      await dialog.waitFor({ state: 'detached' });
      await focusOn('.walkin[aria-label="Zed Added"]');
    },
    STEP_MS,
  );

  it(
    "keeps the queue's buttons in place, offers only staff working now, and asks before No-show and Left",
    async () => {
      const wendy = party('Wendy Waits');
      const start = wendy.getByRole('button', { name: 'Start', exact: true });
      const before = await start.boundingBox();
      await wendy.getByRole('button', { name: 'Call' }).click();
      await wendy.getByText('Called').waitFor();
      await expect(wendy.getByRole('button', { name: 'Call' }).isDisabled()).resolves.toBe(true);
      await expect(start.boundingBox()).resolves.toEqual(before);
      await focusOn('.walkin[aria-label="Wendy Waits"] .walkin__actions .btn:nth-child(2)');

      await start.click();
      const staff = wendy.getByRole('combobox');
      await staff.waitFor();
      const offered = await staff.locator('option').allTextContents();
      expect(offered.sort()).toEqual(['Ines Duarte', 'Omar Haddad']);
      // The one the wait estimate names is chosen.
      await expect(staff.locator('option:checked').textContent()).resolves.toBe('Ines Duarte');
      await wendy.getByRole('button', { name: 'Cancel' }).click();

      await wendy.getByRole('button', { name: 'No-show' }).click();
      const noShow = w.page.getByRole('dialog', {
        name: /^Mark Wendy Waits \(arrived \d\d:\d\d\) as no-show\?$/,
      });
      await noShow.waitFor();
      await w.page.keyboard.press('Escape');
      await noShow.waitFor({ state: 'detached' });
      await expect(wendy.count()).resolves.toBe(1);

      await wendy.getByRole('button', { name: 'Left' }).click();
      await w.page.getByRole('dialog', { name: /^Did Wendy Waits \(arrived \d\d:\d\d\) leave/ }).waitFor();
      await w.page.keyboard.press('Enter');
      await wendy.waitFor({ state: 'detached' });
      // The party now in its place has the keyboard.
      await focusOn('.walkin[aria-label="Xavi Next"]');
    },
    STEP_MS,
  );

  it(
    'says a start refused for the hours in words, in a problems list that stays in the window',
    async () => {
      const xavi = await party('Xavi Next').getAttribute('data-walkin-id');
      await w.page.evaluate(
        async ([id, staffId]) =>
          (window as unknown as { bookdesk: BookdeskApi }).bookdesk.walkIns.action({
            id: id!,
            action: 'start',
            staffId: staffId!,
          }),
        [xavi, patId],
      );
      const problems = w.page.getByRole('button', { name: '1 problem' });
      await problems.click({ timeout: 30_000 });
      const panel = w.page.getByRole('region', { name: 'Changes the server refused' });
      await panel.getByText('Outside the staff member’s working hours.').waitFor();
      const box = (await panel.boundingBox())!;
      const width = w.page.viewportSize()!.width;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(width);
      await expect(coveredTabs()).resolves.toEqual([]);
      await w.page.screenshot(shot('problems-open'));

      await w.page.keyboard.press('Escape');
      await panel.waitFor({ state: 'detached' });
      await problems.click();
      await panel.waitFor();
      await w.page.getByRole('heading', { name: 'Walk-in queue' }).click();
      await panel.waitFor({ state: 'detached' });

      // In Persian, right to left: the list opens into the window too.
      await w.page.getByRole('link', { name: 'Settings' }).click();
      await w.page.getByRole('combobox', { name: 'Language' }).selectOption('fa');
      await w.page.getByRole('button', { name: '۱ مشکل' }).click();
      const persian = w.page.getByRole('region', { name: 'تغییرهایی که کارساز نپذیرفت' });
      await persian.getByText('بیرون از ساعت کاری کارمند است.').waitFor();
      const rtl = (await persian.boundingBox())!;
      expect(rtl.x).toBeGreaterThanOrEqual(0);
      expect(rtl.x + rtl.width).toBeLessThanOrEqual(width);
      await expect(coveredTabs()).resolves.toEqual([]);
      await w.page.screenshot(shot('problems-open-fa'));
      await w.page.keyboard.press('Escape');
      await w.page.getByRole('combobox', { name: 'زبان' }).selectOption('en');
      await w.page.getByRole('link', { name: 'Day' }).waitFor();
    },
    STEP_MS,
  );

  it(
    'keeps a long list of refused changes inside the window, scrolling',
    async () => {
      const desk = w.services.session.current()!.cache;
      const problems = new DeskProblems(desk.db, () => new Date());
      for (let i = 0; i < 14; i++)
        problems.keep(
          90_000 + i,
          'booking.cancel',
          deskText('attempted.cancel'),
          'Refused for the test',
          'conflict',
        );
      // main says the link's state again; the desk reads its problems with it.
      const status = await w.page.evaluate(async () => {
        const answer = await (window as unknown as { bookdesk: BookdeskApi }).bookdesk.sync.status({});
        return answer.ok ? answer.value : null;
      });
      w.services.events.emit({ name: 'sync:status', payload: status! });

      await w.page.getByRole('button', { name: '15 problems' }).click();
      const panel = w.page.getByRole('region', { name: 'Changes the server refused' });
      await panel.getByText('Refused for the test').first().waitFor();

      const box = await panel.evaluate((el) => ({
        bottom: el.getBoundingClientRect().bottom,
        scrolls: el.scrollHeight > el.clientHeight,
      }));
      expect(box.bottom).toBeLessThanOrEqual(w.page.viewportSize()!.height);
      expect(box.scrolls).toBe(true);
      const last = panel.getByRole('button', { name: 'Dismiss' }).last();
      await last.scrollIntoViewIfNeeded();
      await expect(last.isVisible()).resolves.toBe(true);
      await w.page.keyboard.press('Escape');
    },
    STEP_MS,
  );
});
