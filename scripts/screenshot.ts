/**
 * `tsx scripts/screenshot.ts <launch url> [out.png]`: opens a running Bookdesk (the one-time link
 * `npm start` prints where no window can open) in headless Chromium and saves the day view and the
 * overlay next to each other, to check the UI on a machine without a display.
 */
import { OVERLAY_DEFAULT_SIZE } from '../core/ipc/settings-defaults';
import { launchChromium } from '../tests/support/chromium';

const [launchUrl, out = '.test-results/app.png'] = process.argv.slice(2);
if (!launchUrl) {
  console.error('usage: tsx scripts/screenshot.ts <launch url> [out.png]');
  process.exit(2);
}

const browser = await launchChromium();
try {
  const page = await browser.context.newPage();
  await page.goto(launchUrl);
  await page.getByRole('article').first().waitFor({ timeout: 15_000 });
  await page.screenshot({ path: out });
  const overlay = await browser.context.newPage();
  await overlay.setViewportSize({ ...OVERLAY_DEFAULT_SIZE });
  await overlay.goto(`${new URL(launchUrl).origin}/#/overlay`);
  await overlay.locator('.ostaff').first().waitFor({ timeout: 15_000 });
  await overlay.screenshot({ path: out.replace(/\.png$/, '-overlay.png') });
  console.log(`Saved ${out} and ${out.replace(/\.png$/, '-overlay.png')}`);
} finally {
  await browser.close();
}
