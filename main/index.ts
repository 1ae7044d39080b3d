/**
 * Electron composition root: builds the Node-side services, registers IPC through the registry, opens
 * the main window, the overlay and the tray. Everything with logic lives outside main/electron/.
 */
import { app } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createDesktopServices } from './app/desktop-services';
import { registerIpc } from './electron/ipc.electron';
import { createTray } from './electron/tray.electron';
import { createMainWindow, createOverlayWindow } from './electron/windows.electron';

const appRoot = app.getAppPath();
const pages = {
  indexUrl: pathToFileURL(join(appRoot, 'dist', 'renderer', 'index.html')).href,
  preloadPath: join(appRoot, 'dist', 'main', 'preload', 'index.cjs'),
};

if (!app.requestSingleInstanceLock()) app.quit();

void app.whenReady().then(async () => {
  const dataDir = process.env.BOOKDESK_DATA_DIR ?? app.getPath('userData');
  const services = createDesktopServices({
    cacheFile: join(dataDir, 'desktop', 'cache.sqlite'),
    apiBaseUrl: process.env.BOOKDESK_API_URL || null,
    isTrustedUrl: (url) => url.split('#')[0] === pages.indexUrl,
    log: (message, error) => console.error(message, error),
  });
  await services.connectivity.start();
  registerIpc(services.registry);

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
  app.on('will-quit', () => services.close());
});
