/** The main window and the always-on-top "now / next" overlay, both locked down the same way. */
import type { BrowserWindowConstructorOptions } from 'electron';
import { BrowserWindow, shell } from 'electron';

export interface AppPages {
  /** file:// URL of dist/renderer/index.html. */
  indexUrl: string;
  /** Path of the bundled preload (dist/main/preload/index.cjs). */
  preloadPath: string;
}

const secureWebPreferences = (preloadPath: string): BrowserWindowConstructorOptions['webPreferences'] => ({
  preload: preloadPath,
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  webSecurity: true,
  spellcheck: false,
});

/**
 * Keeps a window on our own pages: no navigation away, no new renderer windows. The UI's "Now / next"
 * button (window.open of `#/overlay`) shows the real overlay window instead; https links open in the
 * system browser.
 */
function confine(window: BrowserWindow, pages: AppPages, showOverlay?: () => void): void {
  window.webContents.on('will-navigate', (event, url) => {
    if (!url.startsWith(pages.indexUrl)) event.preventDefault();
  });
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (url === `${pages.indexUrl}#/overlay`) showOverlay?.();
    else if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
}

export function createMainWindow(pages: AppPages, showOverlay: () => void): BrowserWindow {
  const window = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    title: 'Bookdesk',
    show: false,
    webPreferences: secureWebPreferences(pages.preloadPath),
  });
  confine(window, pages, showOverlay);
  window.once('ready-to-show', () => window.show());
  void window.loadURL(pages.indexUrl);
  return window;
}

export function createOverlayWindow(pages: AppPages): BrowserWindow {
  const window = new BrowserWindow({
    width: 340,
    height: 480,
    alwaysOnTop: true,
    frame: false,
    resizable: true,
    skipTaskbar: true,
    show: false,
    title: 'Bookdesk — now / next',
    webPreferences: secureWebPreferences(pages.preloadPath),
  });
  window.setAlwaysOnTop(true, 'floating');
  window.setVisibleOnAllWorkspaces(true);
  confine(window, pages);
  void window.loadURL(`${pages.indexUrl}#/overlay`);
  return window;
}
