/** The main window; the overlay window is overlay.electron.ts. Both are locked down the same way. */
import { BrowserWindow } from 'electron';
import type { WindowOpenAction } from '../shell/external-urls';
import { windowOpenAction } from '../shell/external-urls';
import { secureWebPreferences } from '../shell/web-preferences';

export interface AppPages {
  /** `app://bookdesk/index.html`, served by app-protocol.electron.ts. */
  indexUrl: string;
  /** Path of the bundled preload (dist/main/preload/index.cjs). */
  preloadPath: string;
}

export interface WindowLinks {
  /** The API addresses whose pages may open in the system browser (open account, proposed API). */
  apiBaseUrls(): (string | null)[];
  /** Carries out an allowed `window.open`: show the overlay or open the system browser. */
  open(action: Exclude<WindowOpenAction, { kind: 'deny' }>): void;
}

export const windowOptions = (preloadPath: string) => ({ webPreferences: secureWebPreferences(preloadPath) });

/**
 * A window.open of our page never creates a window: the overlay route shows the overlay window, an
 * allowed https link goes to the system browser, the rest is dropped. (Navigation away is cancelled
 * for every web contents in security.electron.ts.)
 */
export function confineWindowOpen(window: BrowserWindow, links: WindowLinks): void {
  window.webContents.setWindowOpenHandler(({ url }) => {
    const action = windowOpenAction(url, links.apiBaseUrls());
    if (action.kind !== 'deny') links.open(action);
    return { action: 'deny' };
  });
}

export function createMainWindow(pages: AppPages, links: WindowLinks): BrowserWindow {
  const window = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    title: 'Bookdesk',
    show: false,
    ...windowOptions(pages.preloadPath),
  });
  confineWindowOpen(window, links);
  window.once('ready-to-show', () => window.show());
  void window.loadURL(pages.indexUrl);
  return window;
}
