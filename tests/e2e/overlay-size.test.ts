/**
 * The overlay window's first size in Chromium against a real API: on a 1366×768 screen it shows a
 * busy hour of six staff (who is in now and their next one or two bookings) and the walk-in queue's
 * line at once, at its 16 px type, no line wrapped and nothing scrolled out of sight.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OVERLAY_DEFAULT_SIZE } from '../../core/ipc/settings-defaults';
import { EVERY_DAY, expectCall } from '../frontdesk/front-desk.fixtures';
import type { FrontDeskWorld } from './support/front-desk-e2e';
import {
  bookElsewhere,
  openFrontDesk,
  quarterAfter,
  shot,
  signInFromWindow,
  STEP_MS,
} from './support/front-desk-e2e';

const MORE_STAFF = ['Ana Castellanos', 'Bea Okonkwo-Adeyemi', 'Cy Volkov', 'Dmitri Lindqvist'];

describe('Overlay window size in Chromium', () => {
  let w: FrontDeskWorld;

  beforeAll(async () => {
    w = await openFrontDesk();
    const staff = w.staff.map((s) => s.id);
    for (const name of MORE_STAFF) {
      const made = await expectCall<{ id: string }>(w.t, w.owner.token, 'POST', '/v1/staff', 201, {
        name,
        locationId: w.locationId,
        color: '#dd2590',
        serviceIds: [w.serviceId],
        weeklyHours: EVERY_DAY([['00:00', '23:59']]),
      });
      staff.push(made.id);
    }
    // Every one has a next booking; half of them a second one too (the overlay shows two by default).
    for (const [index, id] of staff.entries()) {
      await bookElsewhere(w, id, quarterAfter(30), `Customer Number${index}`);
      if (index % 2 === 0) await bookElsewhere(w, id, quarterAfter(90), `Another Person${index}`);
    }
    await expectCall(w.t, w.owner.token, 'POST', '/v1/walk-ins', 201, {
      customer: { name: 'Walker Waits' },
      serviceId: w.serviceId,
      locationId: w.locationId,
    });
    await w.page.getByRole('heading', { name: 'Sign in to Bookdesk' }).waitFor();
    await signInFromWindow(w);
  }, 120_000);

  afterAll(async () => {
    await w?.close();
  });

  it(
    'shows six staff and the queue line at its first size, every line whole',
    async () => {
      const overlay = await w.browser.context.newPage();
      await overlay.setViewportSize({ ...OVERLAY_DEFAULT_SIZE });
      await overlay.goto(`${w.bridge.origin}/#/overlay`);
      await overlay.getByText(/walk-ins? waiting · next Walker Waits/).waitFor();
      const cards = overlay.locator('.ostaff');
      await expect.poll(() => overlay.locator('.ostaff__time').count()).toBe(9);
      await expect(cards.count()).resolves.toBe(6);

      const bottoms = await overlay.evaluate(() =>
        Array.from(document.querySelectorAll('.ostaff, .overlay__foot'), (el) =>
          Math.ceil(el.getBoundingClientRect().bottom),
        ),
      );
      for (const bottom of bottoms) expect(bottom).toBeLessThanOrEqual(OVERLAY_DEFAULT_SIZE.height);
      // One line per booking: each card's lines are the name, now, and one per next booking.
      const wrapped = await overlay.evaluate(() =>
        Array.from(document.querySelectorAll<HTMLElement>('.ostaff__value, .ostaff__name'))
          .filter((el) => el.getClientRects().length > 1 || el.offsetHeight > 30)
          .map((el) => el.textContent),
      );
      expect(wrapped).toEqual([]);
      await overlay.screenshot(shot('overlay-default-size'));
      await overlay.close();
    },
    STEP_MS,
  );
});
