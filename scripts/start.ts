/**
 * `npm start` (and `npm run dev`): builds what is missing, then opens the desktop app, in Electron
 * when its binary exists, otherwise in a Chromium app window served by the local bridge.
 *
 * - Without BOOKDESK_API_URL: starts the API on embedded SQLite in the per-user data directory and,
 *   on first run, creates the demo business (an owner and a receptionist whose sign-ins are printed
 *   once and kept in the SecretStore); the desk signs in to it through the session's OAuth flow.
 *   `--reset-demo` deletes the demo (its API data, sign-ins and the desk's caches of it) first.
 * - With BOOKDESK_API_URL=<url>: that API, no embedded API, no demo; the sign-in screen comes first.
 * - `--no-window`: no window; prints the one-time launch URL to open in any browser on this machine.
 */
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiClient } from '../main/api/api.client';
import { createDesktopServices } from '../main/app/desktop-services';
import type { DesktopServices } from '../main/app/desktop-services';
import { formSignInBrowser } from '../main/auth/form-sign-in';
import { LocalBridge } from '../main/bridge/bridge.server';
import { openSecretStore } from '../main/secrets/open-secret-store';
import { DemoSetup } from '../main/seed/demo-seed.service';
import type { DemoAccounts, DemoSignIn } from '../main/seed/demo-seed.service';
import { normaliseApiBaseUrl, sameApi } from '../main/session/account-files';
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
import { Shutdown } from './start/shutdown';
import { waitForFirstSync } from './start/first-sync';
import { watchLauncher } from './start/launcher-watch';
import { buildRendererIfStale } from './start/renderer-build';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const args = process.argv.slice(2);
const dev = args.includes('--dev');
const noWindow = args.includes('--no-window');
const resetDemo = args.includes('--reset-demo');
const say = (line: string) => console.log(line);
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
/** What has started so far, stopped newest first on a stop (scripts/start/shutdown.ts). */
const shutdown = new Shutdown();

async function main(): Promise<void> {
  const dataDir = resolveDataDir();
  const timeZone = process.env.BOOKDESK_DEMO_TZ ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC';
  say(`Bookdesk · data in ${dataDir}`);
  const external = externalApi();
  // SIGTERM, Ctrl-C or npm gone (launcher-watch.ts), also while starting: stop what started, exit.
  const onSignal = () => void shutdown.stop(0);
  process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
  watchLauncher(onSignal);

  if (await buildRendererIfStale(root)) say('Built the renderer (dist/renderer).');
  if (shutdown.requested) return;
  if (dev)
    void buildRendererIfStale(root, true).then(() =>
      say('Watching renderer sources; reload the window after a change.'),
    );

  const secrets = await openSecretStore();
  if (shutdown.requested) return;
  const kept = secrets.status();
  if (kept.reason) say(kept.reason);

  let apiUrl: string | null = null;
  let bridge: LocalBridge | null = null;
  const services = createDesktopServices({
    dataDir,
    secrets,
    isTrustedUrl: (url) => bridge !== null && url.startsWith(`${bridge.origin}/`),
    suggestedApiBaseUrl: () => apiUrl,
    log: (text, error) => console.error(text, error ?? ''),
  });

  let demo: { accounts: DemoAccounts | null; created: boolean } = { accounts: null, created: false };
  if (external) {
    apiUrl = external;
    if (resetDemo) say('--reset-demo has nothing to reset: with BOOKDESK_API_URL there is no demo.');
    say(`Using the API at ${apiUrl}: no embedded API and no demo. Sign in from the window.`);
  } else {
    const started = await startDemo(dataDir, timeZone, services);
    apiUrl = started.api?.url ?? null;
    demo = started;
  }
  // Registered after the API: the desk's services close before the API stops under them.
  shutdown.add(() => services.close());
  if (shutdown.requested) return;

  const electron = noWindow ? null : findElectronBinary(root);
  if (electron) {
    await buildElectron(root);
    const appWindow = await shutdown.track(
      launchElectron(electron, root, {
        ...process.env,
        BOOKDESK_DATA_DIR: dataDir,
        BOOKDESK_API_URL: apiUrl ?? '',
      }),
      (child) => (child ? () => stopChild(child) : undefined),
    );
    if (appWindow) {
      say('Bookdesk is running in Electron. Ctrl-C to quit.');
      appWindow.once('exit', () => void shutdown.stop(0));
      return;
    }
  }
  if (!noWindow)
    say(
      electron
        ? 'Electron could not start here; opening Bookdesk in a Chromium app window instead.'
        : 'Electron binary not installed (node_modules/electron/dist is missing); opening Bookdesk in a Chromium app window instead.',
    );

  await services.session.start();
  if (shutdown.requested) return;
  // The desk signs in to the demo by itself when it was just created, or when its open demo account
  // lost the credential (kept in memory last run); after a sign-out a person signs in from the window.
  const open = services.session.status();
  const lostCredential =
    open.apiBaseUrl !== null &&
    apiUrl !== null &&
    sameApi(open.apiBaseUrl, apiUrl) &&
    open.signedOutReason === 'no_credential';
  if (apiUrl && demo.accounts && (demo.created || lostCredential))
    await signInToDemo(services, apiUrl, demo.accounts.owner);
  if (services.session.status().signedIn)
    say(
      (await waitForFirstSync(services.events, 60_000))
        ? 'The desk is in sync with the API.'
        : 'The desk could not sync yet; it keeps trying in the background.',
    );
  if (shutdown.requested) return;

  bridge = new LocalBridge({
    rendererDir: join(root, 'dist', 'renderer'),
    registry: services.registry,
    events: services.events,
  });
  const started = bridge;
  await shutdown.track(bridge.start(), () => () => started.stop());
  if (shutdown.requested) return;
  const chromium = noWindow ? null : findChromium();
  if (chromium && hasDisplay()) {
    const appWindow = launchChromiumApp(chromium, bridge.launchUrl(), join(dataDir, 'chromium-profile'));
    shutdown.add(() => stopChild(appWindow));
    appWindow.once('exit', (code) => {
      if (code !== 0)
        say(`Chromium exited (code ${code}). Open ${started.launchUrl()} in a browser, or Ctrl-C to quit.`);
      else void shutdown.stop(0);
    });
    say(`Bookdesk is running at ${bridge.origin}. Ctrl-C to quit.`);
  } else {
    const why = noWindow
      ? 'No window (--no-window)'
      : chromium
        ? 'No display to open a window on'
        : `Chromium not found${electron ? '' : ' and Electron not installed'} (install the "chromium" package: sudo apt install chromium)`;
    say(`${why}; open this one-time link in a browser: ${bridge.launchUrl()}`);
    say('Bookdesk is running. Ctrl-C to quit.');
  }
}

/** BOOKDESK_API_URL, checked (https, or http to this computer); null without it. Exits when it is unusable. */
function externalApi(): string | null {
  const given = process.env.BOOKDESK_API_URL?.trim();
  if (!given) return null;
  try {
    return normaliseApiBaseUrl(given);
  } catch (error) {
    say(`BOOKDESK_API_URL=${given}: ${message(error)}`);
    process.exit(2);
  }
}

/** The embedded API and its demo business: the running API, the demo's sign-ins, whether it is new. */
async function startDemo(
  dataDir: string,
  timeZone: string,
  services: DesktopServices,
): Promise<{ api: RunningApi | null; accounts: DemoAccounts | null; created: boolean }> {
  const demo = new DemoSetup({
    stateFile: join(dataDir, 'demo.json'),
    secrets: services.secrets,
    apiFor: (url) => new ApiClient(url),
  });
  const apiOptions = { root, dataDir: join(dataDir, 'api'), logFile: join(dataDir, 'logs', 'api.log') };
  const savedPort = demo.savedPort();
  if (resetDemo) {
    if (savedPort) await services.session.forgetServer(`http://127.0.0.1:${savedPort}`);
    rmSync(apiOptions.dataDir, { recursive: true, force: true });
    await demo.reset();
    say('Reset the demo: its API data, its sign-ins and the desk’s cache of it are gone.');
  }

  // The embedded API keeps the port it got on first run: credentials and caches are kept per address.
  // Tracked: a stop while it starts ends the API process (it gives up on the signal) before exiting.
  const start = (port: number) =>
    shutdown.track(startApi({ ...apiOptions, port, signal: shutdown.signal }), (s) =>
      s.ok ? () => s.api.stop() : undefined,
    );
  let started = await start(savedPort ?? 0);
  if (!started.ok && savedPort && !shutdown.requested) started = await start(0);
  if (shutdown.requested) return { api: null, accounts: null, created: false };
  if (!started.ok) {
    say(`API not started: ${started.reason}. The desk opens its last account offline, if it has one.`);
    return { api: null, accounts: null, created: false };
  }
  const api = started.api;
  demo.savePort(Number(new URL(api.url).port));
  say(`API listening on ${api.url} (embedded SQLite in ${apiOptions.dataDir}).`);

  const report = await demo.ensure({ apiBaseUrl: api.url, timeZone, now: new Date() });
  report.notes.forEach(say);
  if (report.accounts) {
    const where = services.secrets.locationOf(demo.secretAccount);
    say(
      where?.persistent === false
        ? 'The demo sign-ins are kept in memory for this run only: note them now.'
        : `Demo sign-ins: ${report.accounts.owner.email} and ${report.accounts.receptionist.email} (passwords in the system keychain, service "Bookdesk").`,
    );
  }
  return { api, accounts: report.accounts, created: report.created };
}

/** Signs the desk in to the demo as `owner` through the session's own OAuth flow (the form completed by script). */
async function signInToDemo(services: DesktopServices, apiUrl: string, owner: DemoSignIn): Promise<void> {
  try {
    await services.session.signIn(apiUrl, { openBrowser: formSignInBrowser(owner) });
  } catch (error) {
    say(`Could not sign the desk in to the demo: ${message(error)}. Sign in from the window.`);
    return;
  }
  const where = services.session.status().credentials;
  say(
    `The desk signed in as ${owner.email} (OAuth, PKCE; tokens ${where?.persistent === false ? 'in memory for this run' : 'in the system keychain'}).`,
  );
}

main().catch((error: unknown) => {
  // A stop under way closes what main() was using; it exits once everything has stopped.
  if (shutdown.requested) return;
  console.error('Bookdesk failed to start:', error);
  process.exit(1);
});
