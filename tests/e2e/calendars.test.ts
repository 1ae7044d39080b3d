/**
 * The "needs reconnecting" banner in real Chromium, served by the local bridge, with `calendars:status`
 * answered by main from the real API (in-process, SQLite) and a real CalDAV server (Radicale): absent
 * while the stylist's calendar syncs, naming her once the calendar refuses the stored password.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DateTime } from 'luxon';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DesktopServices } from '../../main/app/desktop-services';
import { LocalBridge } from '../../main/bridge/bridge.server';
import { waitForFirstSync } from '../../scripts/start/first-sync';
import { buildRendererIfStale } from '../../scripts/start/renderer-build';
import { startCalendarApp } from '../calendars/support/calendar-app';
import { startRadicale } from '../fakes/radicale';
import type { RadicaleServer } from '../fakes/radicale';
import { EVERY_DAY, expectCall, seedShop } from '../frontdesk/front-desk.fixtures';
import { seedTenant } from '../support/api';
import type { SeededTenant, TestApp } from '../support/api';
import type { LaunchedChromium } from '../support/chromium';
import { launchChromium } from '../support/chromium';
import { dayLongTokens, memorySecrets, openDesktop, rememberAccount } from '../support/desk';

const root = resolve(import.meta.dirname, '../..');
const results = join(root, '.test-results');
const ZONE = 'Europe/London';

interface ApiConnection {
  id: string;
  status: string;
  lastSyncedAt: string | null;
}

describe('Calendar reconnect banner in Chromium', () => {
  let dir: string;
  let radicale: RadicaleServer;
  let t: TestApp;
  let owner: SeededTenant;
  let connectionId: string;
  let services: DesktopServices;
  let bridge: LocalBridge;
  let browser: LaunchedChromium;
  let page: Page;

  const banner = () => page.getByRole('region', { name: 'Calendar connections' });
  const syncConnection = () =>
    expectCall<{ connection: ApiConnection }>(
      t,
      owner.token,
      'POST',
      `/v1/calendar-connections/${connectionId}/sync`,
      200,
    );
  /** Opens the desk and waits until main's answer to `calendars:status` has been drawn. */
  const openDesk = async () => {
    const answered = page.waitForResponse((r) => r.url().endsWith('/ipc/calendars%3Astatus'));
    await page.goto(bridge.launchUrl());
    await answered;
    await page.locator('.brand__business', { hasText: 'Shop of Maya' }).waitFor();
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(done)));
  };

  beforeAll(async () => {
    await buildRendererIfStale(root);
    dir = mkdtempSync(join(tmpdir(), 'bookdesk-e2e-calendars-'));
    radicale = await startRadicale();
    await radicale.createCalendar('personal');
    // Radicale listens on loopback, which only an embedded server may reach.
    t = await startCalendarApp('sqlite', {}, undefined, { calendars: { allowInternalCalDav: true } });
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const apiUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    owner = await seedTenant(t.platform, { timeZone: ZONE, name: 'Shop of Maya' });
    const shop = await seedShop(t, owner.token, { timeZone: ZONE });
    const maya = await expectCall<{ id: string }>(t, owner.token, 'POST', '/v1/staff', 201, {
      name: 'Maya Chen',
      locationId: shop.locationId,
      color: '#7a5af8',
      serviceIds: [shop.serviceId],
      weeklyHours: EVERY_DAY([['09:00', '17:00']]),
    });
    connectionId = (
      await expectCall<{ connection: ApiConnection }>(
        t,
        owner.token,
        'POST',
        '/v1/calendar-connections',
        201,
        {
          provider: 'caldav',
          staffId: maya.id,
          serverUrl: radicale.url,
          username: radicale.username,
          password: radicale.password,
        },
      )
    ).connection.id;

    // The desk of a previous run signed in as the owner: it reopens that account and syncs from the API.
    const secrets = memorySecrets();
    await rememberAccount({
      dataDir: dir,
      secrets,
      account: {
        apiBaseUrl: apiUrl,
        tenantId: owner.tenantId,
        userId: owner.userId,
        businessName: 'Shop of Maya',
        timeZone: ZONE,
      },
      tokens: dayLongTokens(owner.token),
    });
    services = await openDesktop({
      dataDir: dir,
      secrets,
      isTrustedUrl: (url) => url.startsWith(`${bridge.origin}/`),
    });
    expect(await waitForFirstSync(services.events, 30_000)).toBe(true);
    bridge = new LocalBridge({
      rendererDir: join(root, 'dist', 'renderer'),
      registry: services.registry,
      events: services.events,
    });
    await bridge.start();
    browser = await launchChromium();
    page = await browser.context.newPage();
    mkdirSync(results, { recursive: true });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await bridge?.stop();
    await services?.close();
    await t?.close();
    await radicale?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows no banner while every connected calendar syncs', async () => {
    expect((await syncConnection()).connection.status).toBe('active');

    await openDesk();

    await expect(banner().count()).resolves.toBe(0);
  });

  it('names the stylist whose calendar needs reconnecting, and when it last synced', async () => {
    await radicale.setPassword('changed-by-the-stylist');
    const { connection } = await syncConnection();
    expect(connection.status).toBe('needs_reconnect');
    const lastSynced = DateTime.fromISO(connection.lastSyncedAt!).setZone(ZONE).toFormat('HH:mm');

    await openDesk();
    await banner().waitFor();

    await expect(banner().getByRole('listitem').allInnerTexts()).resolves.toEqual([
      `Maya Chen's iCloud/CalDAV calendar needs reconnecting — busy time from it may be out of date (last synced ${lastSynced})`,
    ]);
    await expect(page.getByRole('region', { name: 'Schedule' }).isVisible()).resolves.toBe(true);
    await page.screenshot({ path: join(results, 'e2e-calendars-needs-reconnect.png') });
  });
});
