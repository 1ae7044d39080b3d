/**
 * Signing in from the window of the Chromium fallback, in real Chromium against the real API (in
 * process, SQLite): the sign-in screen comes first, its button opens the API's own sign-in page in a
 * new tab of the same browser, the person signs in, the browser lands on the desk's loopback receiver,
 * and the window shows that business's schedule. Signing out brings the sign-in screen back.
 *
 * The form in the tab is posted by the scripted browser step of the other sign-in tests (fetch, with
 * the Origin a browser sends): Chromium posts it with `Origin: null`, since the sign-in page's
 * referrer policy is no-referrer, and the API refuses that post as cross-site (server/oauth).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DesktopServices } from '../../main/app/desktop-services';
import { LocalBridge } from '../../main/bridge/bridge.server';
import { formSignInBrowser } from '../../main/auth/form-sign-in';
import { buildRendererIfStale } from '../../scripts/start/renderer-build';
import { EVERY_DAY, expectCall } from '../frontdesk/front-desk.fixtures';
import { seedTenant, startTestApp } from '../support/api';
import type { SeededTenant, TestApp } from '../support/api';
import type { LaunchedChromium } from '../support/chromium';
import { launchChromium } from '../support/chromium';
import { openDesktop } from '../support/desk';

const root = resolve(import.meta.dirname, '../..');
const results = join(root, '.test-results');

describe('Sign-in from the Chromium window', () => {
  let dir: string;
  let t: TestApp;
  let apiUrl: string;
  let salon: SeededTenant;
  let services: DesktopServices;
  let bridge: LocalBridge;
  let browser: LaunchedChromium;
  let page: Page;

  beforeAll(async () => {
    await buildRendererIfStale(root);
    dir = mkdtempSync(join(tmpdir(), 'bookdesk-e2e-sign-in-'));
    t = await startTestApp('sqlite');
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    apiUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    salon = await seedTenant(t.platform, { name: 'Salon Aurora', timeZone: 'UTC' });
    const service = await expectCall<{ id: string }>(t, salon.token, 'POST', '/v1/services', 201, {
      name: 'Cut',
      durationMinutes: 30,
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 0,
      minNoticeMinutes: 0,
      maxAdvanceDays: 365,
    });
    await expectCall(t, salon.token, 'POST', '/v1/staff', 201, {
      name: 'Ines Duarte',
      locationId: salon.locationId,
      color: '#336699',
      serviceIds: [service.id],
      weeklyHours: EVERY_DAY([['09:00', '17:00']]),
    });
    services = await openDesktop({
      dataDir: dir,
      isTrustedUrl: (url) => url.startsWith(`${bridge.origin}/`),
      suggestedApiBaseUrl: () => apiUrl,
      regions: () => [
        { id: 'eu', url: 'https://eu.bookdesk.example' },
        { id: 'local', url: apiUrl },
      ],
    });
    bridge = new LocalBridge({
      rendererDir: join(root, 'dist', 'renderer'),
      registry: services.registry,
      events: services.events,
    });
    await bridge.start();
    browser = await launchChromium();
    page = await browser.context.newPage();
    await page.goto(bridge.launchUrl());
    mkdirSync(results, { recursive: true });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await bridge?.stop();
    await services?.close();
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows the sign-in screen first, proposing the configured server', async () => {
    await page.getByRole('heading', { name: 'Sign in to Bookdesk' }).waitFor();

    await expect(page.getByLabel('Server').inputValue()).resolves.toBe(apiUrl);
    // The configured regions are offered; each fills the server with its API.
    await page.getByRole('button', { name: 'eu', exact: true }).click();
    await expect(page.getByLabel('Server').inputValue()).resolves.toBe('https://eu.bookdesk.example');
    await page.getByRole('button', { name: 'local', exact: true }).click();
    await expect(page.getByLabel('Server').inputValue()).resolves.toBe(apiUrl);
    await page.screenshot({ path: join(results, 'e2e-sign-in.png') });
  });

  it("signs in on the server's page in a new tab, and the window opens that business", async () => {
    const opened = browser.context.waitForEvent('page');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    const tab = await opened;
    await tab.getByLabel('Email').waitFor();
    expect(new URL(tab.url()).origin).toBe(apiUrl);
    await page.getByText('Finish signing in in the browser tab that opened.').waitFor();

    await expect(
      page.getByRole('link', { name: 'Open the sign-in page again' }).getAttribute('href'),
    ).resolves.toBe(tab.url());

    await formSignInBrowser({ email: salon.email, password: salon.password })(tab.url());
    await tab.close();

    await page.locator('.brand__business', { hasText: 'Salon Aurora' }).waitFor();
    await page.getByRole('columnheader', { name: /Ines Duarte/ }).waitFor();
  });

  it('signs out from the settings, back to the sign-in screen', async () => {
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Sign out' }).click();

    await page.getByRole('heading', { name: 'Sign in to Bookdesk' }).waitFor();
    await expect(
      services.registry.dispatch('session:status', {}, { url: `${bridge.origin}/`, isTopFrame: true }),
    ).resolves.toMatchObject({ ok: true, value: { signedIn: false, apiBaseUrl: null } });
  });
});
