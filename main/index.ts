/**
 * Electron composition root: locks down every web contents, serves the renderer from app://bookdesk/,
 * builds the Node-side services, registers IPC through the registry, forwards main's events to our
 * windows, reopens the remembered account, then opens the main window, the overlay, the tray, the
 * menu, the global shortcuts and the desk's notifications. Sign-in runs the session's OAuth flow in
 * the system browser. Everything with logic lives outside main/electron/ (main/shell/ for the shell).
 */
import type { BrowserWindow } from 'electron';
import { app, safeStorage } from 'electron';
import { join } from 'node:path';
import { createDesktopServices } from './app/desktop-services';
import { registerAppScheme, serveApp } from './electron/app-protocol.electron';
import { forwardDeskEvents } from './electron/events.electron';
import { registerIpc } from './electron/ipc.electron';
import { registerGlobalShortcuts, setAppMenu } from './electron/menu.electron';
import { showDeskNotice } from './electron/notifications.electron';
import { OverlayWindow } from './electron/overlay.electron';
import { lockDownWebContents } from './electron/security.electron';
import { openExternalLink, openSignInPage } from './electron/system-browser.electron';
import type { ShellActions } from './electron/tray.electron';
import { createTray } from './electron/tray.electron';
import type { WindowLinks } from './electron/windows.electron';
import { createMainWindow } from './electron/windows.electron';
import { openSecretStore } from './secrets/open-secret-store';
import { APP_INDEX_URL, isAppPageUrl } from './shell/app-protocol';
import { DeskNotificationFeed, todaysSchedule } from './shell/desk-notification-feed';
import { OverlaySettingsFile } from './shell/overlay-settings.store';

const appRoot = app.getAppPath();
const rendererDir = join(appRoot, 'dist', 'renderer');
const pages = { indexUrl: APP_INDEX_URL, preloadPath: join(appRoot, 'dist', 'main', 'preload', 'index.cjs') };
const log = (message: string, error?: unknown) => console.error(message, error ?? '');

registerAppScheme();
if (!app.requestSingleInstanceLock()) app.quit();
else void app.whenReady().then(start);

async function start(): Promise<void> {
  lockDownWebContents();
  serveApp(rendererDir);
  const dataDir = process.env.BOOKDESK_DATA_DIR ?? app.getPath('userData');
  const suggestedApiBaseUrl = () => process.env.BOOKDESK_API_URL || null;
  const services = createDesktopServices({
    dataDir,
    secrets: await openSecretStore({ safeStorage, safeStorageFile: join(dataDir, 'secrets.json') }),
    isTrustedUrl: isAppPageUrl,
    openBrowser: openSignInPage,
    suggestedApiBaseUrl,
    log,
  });
  registerIpc(services.registry);
  forwardDeskEvents(services.events, isAppPageUrl);
  await services.session.start();

  let main: BrowserWindow | null = null;
  const links: WindowLinks = {
    apiBaseUrls: () => [services.session.current()?.account.apiBaseUrl ?? null, suggestedApiBaseUrl()],
    open: (action) =>
      action.kind === 'overlay' ? overlay.show() : void openExternalLink(action.url, links.apiBaseUrls()),
  };
  const showSchedule = () => {
    if (!main || main.isDestroyed()) main = createMainWindow(pages, links);
    if (main.isMinimized()) main.restore();
    main.show();
    main.focus();
  };
  const refreshChecks = () => {
    tray.refresh();
    setAppMenu(actions);
  };
  const overlay = new OverlayWindow(
    pages,
    new OverlaySettingsFile(join(dataDir, 'overlay.json')),
    links,
    () => refreshChecks(),
  );
  const actions: ShellActions = {
    showSchedule,
    toggleOverlay: () => overlay.toggle(),
    isOverlayVisible: () => overlay.isVisible(),
    toggleClickThrough: () => overlay.toggleClickThrough(),
    isClickThrough: () => overlay.isClickThrough(),
    quit: () => app.quit(),
  };
  const tray = createTray(actions);
  setAppMenu(actions);
  const releaseShortcuts = registerGlobalShortcuts(actions, log);
  const notifications = new DeskNotificationFeed({
    readToday: (now) => todaysSchedule(services.session, now),
    events: services.events,
    notify: (notice) => showDeskNotice(notice, showSchedule),
    rules: { language: () => services.settings.get().language },
    log,
  });
  notifications.start();
  showSchedule();
  app.on('second-instance', showSchedule);

  let closed = false;
  app.on('will-quit', (event) => {
    if (closed) return;
    // Electron does not wait for a promise here: hold the quit until the desk has stopped.
    event.preventDefault();
    notifications.stop();
    releaseShortcuts();
    void services.close().finally(() => {
      closed = true;
      app.quit();
    });
  });
}
