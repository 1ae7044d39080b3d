/**
 * Electron composition root: builds the Node-side services, registers IPC through the registry,
 * forwards main's events to our windows, reopens the remembered account, opens the main window, the
 * overlay and the tray. Sign-in runs the session's OAuth flow with the system browser
 * (shell.openExternal). Everything with logic lives outside main/electron/.
 */
import { app, safeStorage } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createDesktopServices } from './app/desktop-services';
import { forwardDeskEvents } from './electron/events.electron';
import { registerIpc } from './electron/ipc.electron';
import { openInSystemBrowser } from './electron/system-browser.electron';
import { createTray } from './electron/tray.electron';
import { createMainWindow, createOverlayWindow } from './electron/windows.electron';
import { openSecretStore } from './secrets/open-secret-store';

const appRoot = app.getAppPath();
const pages = {
  indexUrl: pathToFileURL(join(appRoot, 'dist', 'renderer', 'index.html')).href,
  preloadPath: join(appRoot, 'dist', 'main', 'preload', 'index.cjs'),
};

if (!app.requestSingleInstanceLock()) app.quit();

void app.whenReady().then(async () => {
  const dataDir = process.env.BOOKDESK_DATA_DIR ?? app.getPath('userData');
  const isTrustedUrl = (url: string) => url.split('#')[0] === pages.indexUrl;
  const services = createDesktopServices({
    dataDir,
    secrets: await openSecretStore({ safeStorage, safeStorageFile: join(dataDir, 'secrets.json') }),
    isTrustedUrl,
    openBrowser: openInSystemBrowser,
    suggestedApiBaseUrl: () => process.env.BOOKDESK_API_URL || null,
    log: (message, error) => console.error(message, error),
  });
  registerIpc(services.registry);
  forwardDeskEvents(services.events, isTrustedUrl);
  await services.session.start();

  let overlay = createOverlayWindow(pages);
  const showOverlay = () => {
    if (overlay.isDestroyed()) overlay = createOverlayWindow(pages);
    overlay.showInactive();
  };
  let main = createMainWindow(pages, showOverlay);
  createTray(join(appRoot, 'dist', 'renderer', 'favicon.png'), {
    showSchedule: () => {
      if (main.isDestroyed()) main = createMainWindow(pages, showOverlay);
      main.show();
    },
    toggleOverlay: () => (overlay.isVisible() ? overlay.hide() : showOverlay()),
    quit: () => app.quit(),
  });
  app.on('second-instance', () => main.show());
  let closed = false;
  app.on('will-quit', (event) => {
    if (closed) return;
    // Electron does not wait for a promise here: hold the quit until the desk has stopped.
    event.preventDefault();
    void services.close().finally(() => {
      closed = true;
      app.quit();
    });
  });
});
