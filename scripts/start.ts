/**
 * `npm start` (and `npm run dev`): builds what is missing, starts the API on embedded SQLite in the
 * per-user data directory, on first run signs the demo business up, signs its owner in (OAuth) and
 * creates its data through the REST API, fills the desktop cache from `/v1/sync/pull` (the demo day
 * from core when no API could start), and opens the desktop app, in Electron when its binary exists,
 * otherwise in a Chromium app window served by the local bridge.
 */
import type { ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiClient } from '../main/api/api.client';
import { createDesktopServices } from '../main/app/desktop-services';
import { SecretCredentialStore } from '../main/auth/credential-store';
import { openDeskCache } from '../main/cache/desk-cache';
import { LocalBridge } from '../main/bridge/bridge.server';
import { openSecretStore } from '../main/secrets/open-secret-store';
import { DemoSeedService } from '../main/seed/demo-seed.service';
import type { RunningApi } from './start/api-process';
import { startApi, stopChild } from './start/api-process';
import {
  findChromium,
  findElectronBinary,
  hasDisplay,
  launchChromiumApp,
  launchElectron,
} from './start/app-window';
import { buildElectron } from './build-electron';
import { resolveDataDir } from './start/data-dir';
import { buildRendererIfStale } from './start/renderer-build';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const dev = process.argv.includes('--dev');
const say = (line: string) => console.log(line);
const PORT_META_KEY = 'api.embeddedPort';

async function main(): Promise<void> {
  const dataDir = resolveDataDir();
  const timeZone = process.env.BOOKDESK_DEMO_TZ ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC';
  say(`Bookdesk · data in ${dataDir}`);

  if (await buildRendererIfStale(root)) say('Built the renderer (dist/renderer).');
  if (dev)
    void buildRendererIfStale(root, true).then(() =>
      say('Watching renderer sources; reload the window after a change.'),
    );

  let bridge: LocalBridge | null = null;
  // Filled once the seeder has signed in; main's own API calls (calendar status) use it.
  let accessToken: (() => Promise<string | null>) | null = null;
  // keytar is optional and loaded here if it can be; without a keychain, secrets live for this run only.
  const secrets = await openSecretStore();
  if (!secrets.status().persistent) say(secrets.status().reason!);
  const cacheFile = join(dataDir, 'desktop', 'cache.sqlite');
  const deskCache = await openDeskCache({ file: cacheFile, secrets });
  if (deskCache.notice) say(deskCache.notice);
  const services = createDesktopServices({
    cacheFile,
    deskCache,
    apiBaseUrl: null,
    accessToken: async () => (accessToken ? accessToken() : null),
    isTrustedUrl: (url) => bridge !== null && url.startsWith(`${bridge.origin}/`),
    log: (message, error) => console.error(message, error),
  });

  // The embedded API keeps the port it got on first run, so the keychain entry (per API URL) stays valid.
  const savedPort = services.meta.get<number>(PORT_META_KEY);
  const apiOptions = { root, dataDir: join(dataDir, 'api'), logFile: join(dataDir, 'logs', 'api.log') };
  let started = await startApi({ ...apiOptions, port: savedPort ?? 0 });
  if (!started.ok && savedPort) started = await startApi({ ...apiOptions, port: 0 });
  let api: RunningApi | null = null;
  if (started.ok) {
    api = started.api;
    services.meta.set(PORT_META_KEY, Number(new URL(api.url).port));
    say(`API listening on ${api.url} (embedded SQLite in ${apiOptions.dataDir}).`);
  } else {
    say(`API not started: ${started.reason}. Continuing offline with the local demo data.`);
  }

  const connectivity = services.connectivity;
  connectivity.setBaseUrl(api?.url ?? null);
  await connectivity.start();

  const seeder = new DemoSeedService(
    services.cache,
    services.meta,
    new SecretCredentialStore(secrets),
    (url) => new ApiClient(url),
  );
  const seeded = await seeder.seed({ apiBaseUrl: api?.url ?? null, timeZone, now: new Date() });
  seeded.notes.forEach(say);
  accessToken = seeded.accessToken ?? null;

  let appWindow: ChildProcess | null = null;
  const shutdown = async (code = 0) => {
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
    if (appWindow) await stopChild(appWindow);
    await bridge?.stop();
    services.close();
    await api?.stop();
    process.exit(code);
  };
  const onSignal = () => void shutdown(0);
  process.on('SIGINT', onSignal).on('SIGTERM', onSignal);

  const electron = findElectronBinary(root);
  if (electron) {
    await buildElectron(root);
    appWindow = await launchElectron(electron, root, {
      ...process.env,
      BOOKDESK_DATA_DIR: dataDir,
      BOOKDESK_API_URL: api?.url ?? '',
    });
    if (appWindow) {
      say('Bookdesk is running in Electron. Ctrl-C to quit.');
      appWindow.once('exit', () => void shutdown(0));
      return;
    }
  }
  say(
    electron
      ? 'Electron could not start here; opening Bookdesk in a Chromium app window instead.'
      : 'Electron binary not installed (node_modules/electron/dist is missing); opening Bookdesk in a Chromium app window instead.',
  );

  bridge = new LocalBridge({ rendererDir: join(root, 'dist', 'renderer'), registry: services.registry });
  await bridge.start();
  const chromium = findChromium();
  if (chromium && hasDisplay()) {
    appWindow = launchChromiumApp(chromium, bridge.launchUrl(), join(dataDir, 'chromium-profile'));
    appWindow.once('exit', (code) => {
      if (code !== 0)
        say(`Chromium exited (code ${code}). Open ${bridge!.launchUrl()} in a browser, or Ctrl-C to quit.`);
      else void shutdown(0);
    });
    say(`Bookdesk is running at ${bridge.origin}. Ctrl-C to quit.`);
  } else {
    say(
      `${chromium ? 'No display to open a window on' : `Chromium not found${electron ? '' : ' and Electron not installed'} (install the "chromium" package: sudo apt install chromium)`}; open this one-time link in a browser: ${bridge.launchUrl()}`,
    );
    say('Bookdesk is running. Ctrl-C to quit.');
  }
}

main().catch((error: unknown) => {
  console.error('Bookdesk failed to start:', error);
  process.exit(1);
});
