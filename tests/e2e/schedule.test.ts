/**
 * The day view and the overlay in real Chromium, served by the local bridge from the remembered
 * account's cache, seeded with the demo business and opened offline: what a receptionist sees when
 * `npm start` falls back to a Chromium window and the API cannot be reached.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoBusiness } from '../../core/demo/demo-business';
import { createDemoBusiness } from '../../core/demo/demo-business';
import type { DesktopServices } from '../../main/app/desktop-services';
import type { LocalBridge } from '../../main/bridge/bridge.server';
import { DeskStore } from '../../main/desk/desk-store';
import type { LaunchedChromium } from '../support/chromium';
import type { CachedDesk } from './support/cached-desk-e2e';
import { openCachedDesk } from './support/cached-desk-e2e';

const root = resolve(import.meta.dirname, '../..');
const results = join(root, '.test-results');
const ZONE = 'Europe/London';
const DATE = '2026-11-27';
/** The moment the browser's clock is frozen at: 11:05 in London. */
const NOW = new Date('2026-11-27T11:05:00Z');

describe('LocalBridge in Chromium', () => {
  let desk: CachedDesk;
  let services: DesktopServices;
  let bridge: LocalBridge;
  let browser: LaunchedChromium;
  let demo: DemoBusiness;
  let page: Page;

  beforeAll(async () => {
    demo = createDemoBusiness({ date: DATE, timeZone: ZONE, now: NOW });
    desk = await openCachedDesk({
      account: { businessName: demo.business.name, userName: demo.owner.name, timeZone: ZONE },
      fill: ({ cache }) => cache.putSnapshot({ ...demo, locations: [demo.location] }),
      now: NOW,
    });
    ({ services, bridge, browser, page } = desk);
    await page.getByRole('article').first().waitFor();
    mkdirSync(results, { recursive: true });
  });

  afterAll(async () => {
    await desk?.close();
  });

  it('shows one column per staff member, in order', async () => {
    await page.screenshot({ path: join(results, 'e2e-schedule.png') });
    await expect(page.locator('.staffhead').allInnerTexts()).resolves.toEqual(
      demo.staff.map((s) => expect.stringContaining(s.name)),
    );
  });

  it('opens from its one-time link and leaves the spent token out of its address', async () => {
    await expect.poll(() => new URL(page.url()).search).toBe('');
    await page.reload();
    await page.getByRole('article').first().waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
  });

  it('shows the business, the date and that nothing is waiting to sync', async () => {
    const header = page.getByRole('banner');

    await expect(header.innerText()).resolves.toContain('Juniper & Co. Hair Studio');
    await expect(header.innerText()).resolves.toContain('Friday, 27 November 2026');
    await expect(page.getByRole('status').innerText()).resolves.toMatch(/Offline\s*·\s*All changes saved/);
  });

  it("shows a booking's time, customer, service and status in its staff member's column", async () => {
    const card = page
      .locator('.lane[data-staff="Maya Chen"]')
      .getByRole('article', { name: '10:00 – 11:30 Emma Laurent, Full colour' });

    const text = await card.innerText();
    expect(text).toContain('10:00 – 11:30');
    expect(text).toContain('Emma Laurent');
    expect(text).toContain('In service');
  });

  it('marks the no-show and the finished appointments', async () => {
    const jordan = page.locator('.lane[data-staff="Jordan Blake"]');

    await expect(
      jordan.getByRole('article', { name: /^09:45 – 10:05 Liam O’Connor/ }).innerText(),
    ).resolves.toContain('No-show');
    await expect(
      jordan.getByRole('article', { name: /^09:00 – 09:30 Noah Fischer/ }).innerText(),
    ).resolves.toContain('Completed');
  });

  it('draws the now line at the current time', async () => {
    await expect(page.locator('.nowline', { hasText: '11:05' }).isVisible()).resolves.toBe(true);
  });

  it("draws every booking on screen in the day's first picture, already scrolled to now", async () => {
    const fresh = await browser.context.newPage();
    // Plain JavaScript: the bookings in the document when the grid's columns first appear.
    await fresh.addInitScript({
      content: `
        const watch = new MutationObserver(() => {
          if (!document.querySelector('.lane')) return;
          watch.disconnect();
          window.firstPicture = [...document.querySelectorAll('[data-booking-id]')].map((e) => e.dataset.bookingId);
        });
        watch.observe(document, { subtree: true, childList: true });
      `,
    });
    try {
      await fresh.goto(bridge.launchUrl());
      await fresh.locator('.nowline').waitFor();
      await fresh.waitForFunction(() => document.querySelector('.grid__scroller')!.scrollTop > 0);

      const { first, onScreen } = await fresh.evaluate(() => {
        const box = document.querySelector('.grid__scroller')!.getBoundingClientRect();
        const shown = Array.from(document.querySelectorAll<HTMLElement>('[data-booking-id]')).filter((e) => {
          const r = e.getBoundingClientRect();
          return r.bottom > box.top && r.top < box.bottom && r.right > box.left && r.left < box.right;
        });
        return {
          first: (window as unknown as { firstPicture: string[] }).firstPicture,
          onScreen: shown.map((e) => e.dataset.bookingId!),
        };
      });

      expect(onScreen.length).toBeGreaterThan(0);
      expect(first).toEqual(expect.arrayContaining(onScreen));
      await expect(fresh.locator('.nowline').isVisible()).resolves.toBe(true);
    } finally {
      await fresh.close();
    }
  });

  it('lists the walk-in queue with positions and estimated waits', async () => {
    const queue = page.getByRole('region', { name: 'Walk-in queue' });
    const items = queue.getByRole('listitem');

    await expect(items.count()).resolves.toBe(2);
    const [first, second] = await items.allInnerTexts();
    const [w1, w2] = demo.walkIns;
    expect(first).toMatch(/^1\s/);
    expect(first).toContain('Sam Okafor');
    expect(first).toContain("Men's cut");
    expect(first).toContain(`~${w1!.estimatedWaitMinutes} min`);
    expect(second).toMatch(/^2\s/);
    expect(second).toContain('Priya Nair');
    expect(second).toContain(`~${w2!.estimatedWaitMinutes} min`);
  });

  it('counts changes waiting in the outbox', async () => {
    // Two walk-ins queued in this account's outbox (signed out, so no desk engine runs to send them):
    // main announces the session as it now stands (the page's event stream replays the latest
    // announcement on connect).
    const { db, cache, cipher } = services.session.current()!.cache;
    const store = new DeskStore(db, cache, cipher);
    for (const name of ['Queued One', 'Queued Two']) {
      const queued = store.enqueue([
        {
          mutation: {
            name: 'walkIn.create',
            args: { id: crypto.randomUUID(), serviceId: demo.services[0]!.id, customer: { name } },
          },
        },
      ]);
      expect(queued.ok).toBe(true);
    }
    services.events.emit({ name: 'session:status', payload: services.session.status() });
    await page.reload();

    await page.getByText('2 changes waiting').waitFor();
  });

  it('says "Syncing 42%" with a progress bar while the first sync runs', async () => {
    services.events.emit({
      name: 'sync:status',
      payload: {
        connection: { state: 'syncing', progress: { done: 420, total: 1000 } },
        waiting: 0,
        lastSyncAt: null,
        problems: 0,
      },
    });

    await page.getByRole('status').filter({ hasText: 'Syncing 42%' }).waitFor();
    await expect(page.getByRole('progressbar', { name: 'First sync' }).getAttribute('value')).resolves.toBe(
      '42',
    );
    await page.locator('header').screenshot({ path: join(results, 'e2e-first-sync.png') });
  });

  it('shows now and next per staff member on the overlay route', async () => {
    const overlay = await browser.context.newPage();
    await overlay.setViewportSize({ width: 340, height: 480 });
    await overlay.goto(`${bridge.origin}/#/overlay`);
    await overlay.locator('[data-staff="Maya Chen"]').waitFor();

    const maya = await overlay.locator('[data-staff="Maya Chen"]').innerText();
    const jordan = await overlay.locator('[data-staff="Jordan Blake"]').innerText();
    expect(maya).toMatch(/Now\s*Emma Laurent until 11:30\s*· Full colour/i);
    expect(maya).toMatch(/Next\s*11:45 Sofia Rossi\s*· Blow-dry/i);
    expect(jordan).toMatch(/Now\s*Free/i);
    expect(jordan).toMatch(/Next\s*11:15 Mateo García/i);
    await expect(overlay.getByText('2 walk-ins waiting · next Sam Okafor').isVisible()).resolves.toBe(true);
    await overlay.screenshot({ path: join(results, 'e2e-overlay.png') });
    await overlay.close();
  });

  // Last: it adds a walk-in to the queue the tests above count.
  it('shows a change main made while its page was still loading', async () => {
    const fresh = await browser.context.newPage();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    // The page's event stream connects only once the change below is made and announced.
    await fresh.route('**/events*', async (route) => {
      await held;
      await route.continue();
    });
    try {
      await fresh.goto(bridge.launchUrl());
      await fresh.getByRole('article').first().waitFor();
      const id = crypto.randomUUID();
      services.session.current()!.cache.cache.applyChanges([
        {
          entity: 'walkIn',
          op: 'put',
          id,
          version: 99,
          data: { ...demo.walkIns[0]!, id, customerName: 'Came While Loading', position: 3 },
        },
      ]);
      services.events.emit({ name: 'schedule:changed', payload: { from: DATE, to: DATE } });
      release();

      await fresh
        .getByRole('region', { name: 'Walk-in queue' })
        .getByRole('listitem')
        .filter({ hasText: 'Came While Loading' })
        .waitFor();
    } finally {
      release();
      await fresh.close();
    }
  });
});
