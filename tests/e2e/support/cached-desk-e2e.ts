/**
 * A desk opened offline from what an earlier run left: a remembered account whose cache holds the day,
 * main's real services behind the local bridge, and Debian's Chromium with its clock frozen, on the
 * desk's page. For suites that look at what the desk draws from its cache (no API needed).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import type { AccountServices } from '../../../main/app/account-services';
import type { DesktopServices } from '../../../main/app/desktop-services';
import { LocalBridge } from '../../../main/bridge/bridge.server';
import type { RememberedAccount } from '../../../main/session/account-files';
import { buildRendererIfStale } from '../../../scripts/start/renderer-build';
import type { LaunchedChromium } from '../../support/chromium';
import { launchChromium } from '../../support/chromium';
import { memorySecrets, openDesktop, rememberAccount } from '../../support/desk';

const ROOT = resolve(import.meta.dirname, '../../..');

export interface CachedDesk {
  services: DesktopServices;
  bridge: LocalBridge;
  browser: LaunchedChromium;
  /** The desk's window, opened through its one-time link (not yet waited on). */
  page: Page;
  close(): Promise<void>;
}

export async function openCachedDesk(options: {
  account: Partial<RememberedAccount>;
  /** Writes the day into the account's cache before the desk opens it. */
  fill: (account: AccountServices) => void;
  /** The browser's clock is frozen here. */
  now: Date;
}): Promise<CachedDesk> {
  await buildRendererIfStale(ROOT);
  const dir = mkdtempSync(join(tmpdir(), 'bookdesk-e2e-'));
  const secrets = memorySecrets();
  await rememberAccount({ dataDir: dir, secrets, account: options.account, fill: options.fill });
  let bridge: LocalBridge | null = null;
  const services = await openDesktop({
    dataDir: dir,
    secrets,
    isTrustedUrl: (url) => bridge !== null && url.startsWith(`${bridge.origin}/`),
  });
  const served = new LocalBridge({
    rendererDir: join(ROOT, 'dist', 'renderer'),
    registry: services.registry,
    events: services.events,
  });
  bridge = served;
  await served.start();
  const browser = await launchChromium();
  await browser.context.clock.setFixedTime(options.now);
  const page = await browser.context.newPage();
  await page.goto(served.launchUrl());
  return {
    services,
    bridge: served,
    browser,
    page,
    close: async () => {
      await browser.close();
      await served.stop();
      await services.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
