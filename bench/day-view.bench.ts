/**
 * day-view: the renderer in headless Chromium (Debian's /usr/bin/chromium through playwright-core) on
 * the local bridge, with the real main-process services answering from a desk cache of 40 staff x 30
 * bookings today. Two figures, each the median of RUNS fresh page loads:
 * - from navigation (the launch URL) to the day view painted: the frame after the grid's lanes are in
 *   the document, timed inside the page (performance.now() from the navigation's time origin);
 * - from the shortcut B to the booking dialog ready: open, with its free times listed.
 * Goals: 150 ms and 50 ms. Baseline, same run: the same page and dialog with an empty day (the same
 * 40 staff, no bookings, no customers).
 * Also printed, for information: navigation to the first task after that frame, i.e. with the frame's
 * style, layout and paint of the grid done (the figure above is taken as the frame starts), and
 * Chromium's own first-contentful-paint (the page paints nothing before the desk, so it is that frame
 * as presented).
 * Prints `BENCH day-view <paint median> ms baseline=<empty-day paint median> ratio=<r>`.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import type { Booking, Customer, Location, Service, Staff } from '../core/domain/schemas';
import { openAccountServices } from '../main/app/account-services';
import { SecretCredentialStore } from '../main/auth/credential-store';
import { createDesktopServices } from '../main/app/desktop-services';
import { LocalBridge } from '../main/bridge/bridge.server';
import { SecretChain } from '../main/secrets/secret-store';
import { deskCacheFile, RememberedAccountFile } from '../main/session/account-files';
import { buildRendererIfStale } from '../scripts/start/renderer-build';
import { median, printBench } from './report';
import { seededRandom } from './seeded-random';

const STAFF = 40;
const BOOKINGS_PER_STAFF = 30;
const RUNS = 15;
const WARMUP = 3;
const ZONE = 'UTC';
const API = 'http://127.0.0.1:9';
const root = resolve(fileURLToPath(new URL('..', import.meta.url)));

interface Desk {
  bridge: LocalBridge;
  close(): Promise<void>;
}

/** A desk whose remembered account's cache holds `bookingsPerStaff` bookings today for each staff member. */
async function openDesk(bookingsPerStaff: number): Promise<Desk> {
  const dir = mkdtempSync(join(tmpdir(), 'bookdesk-bench-day-'));
  const secrets = new SecretChain([]);
  const tenantId = randomUUID();
  const desktopDir = join(dir, 'desktop');
  const random = seededRandom(42);
  const today = new Date().toISOString().slice(0, 10);
  const hours = Object.fromEntries(
    ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['08:00', '20:00']]]),
  ) as Location['openingHours'];
  const location: Location = { id: randomUUID(), name: 'High Street', timeZone: ZONE, openingHours: hours };
  const services: Service[] = ['Cut', 'Colour', 'Blow-dry'].map((name) => ({
    id: randomUUID(),
    name,
    durationMinutes: 20,
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 0,
    minNoticeMinutes: 0,
    maxAdvanceDays: 365,
  }));
  const staff: Staff[] = Array.from({ length: STAFF }, (_, i) => ({
    id: randomUUID(),
    name: `Stylist ${i + 1}`,
    locationId: location.id,
    color: `#${Math.floor(random() * 0xffffff)
      .toString(16)
      .padStart(6, '0')}`,
    serviceIds: services.map((s) => s.id),
    weeklyHours: hours,
  }));
  const customers: Customer[] = [];
  const bookings: Booking[] = [];
  for (const member of staff) {
    for (let i = 0; i < bookingsPerStaff; i++) {
      const customer: Customer = { id: randomUUID(), name: `Customer ${customers.length + 1}` };
      customers.push(customer);
      const start = Date.parse(`${today}T08:00:00Z`) + i * 24 * 60_000;
      bookings.push({
        id: randomUUID(),
        serviceId: services[i % services.length]!.id,
        staffId: member.id,
        customerId: customer.id,
        start: new Date(start).toISOString(),
        end: new Date(start + 20 * 60_000).toISOString(),
        status: 'booked',
        source: 'desk',
      });
    }
  }
  const file = deskCacheFile(desktopDir, API, tenantId);
  const account = await openAccountServices(file, {
    secrets,
    api: { apiBaseUrl: () => null, accessToken: async () => null },
  });
  account.cache.putSnapshot({ locations: [location], staff, services, customers, bookings });
  account.db.close();
  // Signed in (tokens good for a day; the API is unreachable, so the desk is offline): a signed-out
  // desk refuses availability, and the dialog would list no free times at all.
  await new SecretCredentialStore(secrets).update(API, {
    tokens: {
      accessToken: 'bench-access',
      refreshToken: 'bench-refresh',
      expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    },
  });
  new RememberedAccountFile(join(desktopDir, 'account.json')).write({
    apiBaseUrl: API,
    tenantId,
    userId: randomUUID(),
    userName: 'Bench',
    role: 'owner',
    businessName: 'Bench Studio',
    timeZone: ZONE,
  });
  let bridge: LocalBridge | null = null;
  const services_ = createDesktopServices({
    dataDir: dir,
    secrets,
    isTrustedUrl: (url) => bridge !== null && url.startsWith(`${bridge.origin}/`),
  });
  await services_.session.start();
  bridge = new LocalBridge({
    rendererDir: join(root, 'dist', 'renderer'),
    registry: services_.registry,
    events: services_.events,
  });
  await bridge.start();
  const opened = bridge;
  return {
    bridge: opened,
    close: async () => {
      await opened.stop();
      await services_.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Marks, inside the page, the frame after the grid's lanes appear and the frame the booking dialog is
 * ready. Plain JavaScript: tsx would wrap a TypeScript function with helpers the page does not have.
 */
const MARKS = `
  const watch = (selector, done) => {
    const observer = new MutationObserver(() => {
      if (!document.querySelector(selector)) return;
      observer.disconnect();
      requestAnimationFrame(() => done(performance.now()));
    });
    observer.observe(document, { subtree: true, childList: true, attributes: true });
  };
  watch('.lane', (at) => {
    window.painted = at;
    const after = new MessageChannel();
    after.port1.onmessage = () => {
      window.paintDone = performance.now();
      console.debug('bookdesk-bench: painted');
    };
    after.port2.postMessage(null);
  });
  window.addEventListener('keydown', (event) => {
    if (event.key !== 'b') return;
    window.shortcutAt = performance.now();
    watch('dialog[open] select[aria-busy="false"]', (at) => (window.dialogReady = at));
  }, { capture: true });
`;

async function measure(
  page: Page,
  desk: Desk,
): Promise<{ paint: number; paintDone: number; contentful: number; dialog: number }> {
  // Told by a console message, not by polling the page: the harness runs no script of its own in the
  // page while it loads (polling would, on the same main thread).
  const painted = page.waitForEvent('console', (message) => message.text() === 'bookdesk-bench: painted');
  await page.goto(desk.bridge.launchUrl(), { waitUntil: 'commit' });
  await painted;
  const paint = await page.evaluate(() => (window as unknown as { painted: number }).painted);
  if (process.env.DAY_VIEW_TRACE)
    console.log(
      await page.evaluate(() =>
        JSON.stringify([
          ...performance.getEntriesByType('navigation').map((e) => {
            const n = e as PerformanceNavigationTiming;
            return `nav resp ${n.responseEnd.toFixed(0)} dcl ${n.domContentLoadedEventEnd.toFixed(0)}`;
          }),
          ...performance
            .getEntriesByType('resource')
            .map(
              (e) =>
                `${e.name.replace(/^.*\//, '')} ${e.startTime.toFixed(0)}-${(e as PerformanceResourceTiming).responseEnd.toFixed(0)}`,
            ),
          `painted ${(window as unknown as { painted: number }).painted.toFixed(0)}`,
        ]),
      ),
    );
  await page.keyboard.press('b');
  await page.waitForFunction(() => (window as unknown as { dialogReady?: number }).dialogReady !== undefined);
  const dialog = await page.evaluate(() => {
    const m = window as unknown as { shortcutAt: number; dialogReady: number };
    return m.dialogReady - m.shortcutAt;
  });
  // Read last, so waiting for them never delays the shortcut.
  const paintDone = await page.evaluate(() => (window as unknown as { paintDone: number }).paintDone);
  await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0);
  const contentful = await page.evaluate(
    () => performance.getEntriesByName('first-contentful-paint')[0]!.startTime,
  );
  return { paint, paintDone, contentful, dialog };
}

export async function run(): Promise<void> {
  await buildRendererIfStale(root);
  const full = await openDesk(BOOKINGS_PER_STAFF);
  const empty = await openDesk(0);
  const profile = mkdtempSync(join(tmpdir(), 'bookdesk-bench-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
    ],
    viewport: { width: 1440, height: 900 },
    timezoneId: ZONE,
  });
  await context.addInitScript({ content: MARKS });
  try {
    const results = {
      full: {
        paint: [] as number[],
        paintDone: [] as number[],
        contentful: [] as number[],
        dialog: [] as number[],
      },
      empty: {
        paint: [] as number[],
        paintDone: [] as number[],
        contentful: [] as number[],
        dialog: [] as number[],
      },
    };
    // Alternating the two pages, so a slower stretch of the machine hits both alike.
    for (let i = 0; i < WARMUP + RUNS; i++) {
      for (const [which, desk] of [
        ['full', full],
        ['empty', empty],
      ] as const) {
        const page = await context.newPage();
        const sample = await measure(page, desk);
        await page.close();
        if (i < WARMUP) continue;
        results[which].paint.push(sample.paint);
        results[which].paintDone.push(sample.paintDone);
        results[which].contentful.push(sample.contentful);
        results[which].dialog.push(sample.dialog);
      }
    }
    const line = (label: string, ms: number[]) =>
      `${label} median ${median(ms).toFixed(1)} ms, max ${Math.max(...ms).toFixed(1)} ms`;
    console.log(
      `${STAFF} staff x ${BOOKINGS_PER_STAFF} bookings, ${RUNS} page loads each after ${WARMUP} warm-up`,
    );
    console.log(line('navigation -> day view painted (full day): ', results.full.paint) + ' (goal 150 ms)');
    console.log(line('navigation -> day view painted (empty day):', results.empty.paint));
    console.log(line('  ... that frame done (full day):          ', results.full.paintDone));
    console.log(line('  ... that frame done (empty day):         ', results.empty.paintDone));
    console.log(line('  first-contentful-paint (full day):       ', results.full.contentful));
    console.log(line('  first-contentful-paint (empty day):      ', results.empty.contentful));
    console.log(line('B -> booking dialog ready (full day):      ', results.full.dialog) + ' (goal 50 ms)');
    console.log(line('B -> booking dialog ready (empty day):     ', results.empty.dialog));
    printBench('day-view', median(results.full.paint), 'ms', median(results.empty.paint));
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
    await full.close();
    await empty.close();
  }
}
