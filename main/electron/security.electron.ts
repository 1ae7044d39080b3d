/**
 * Rules for every web contents Electron creates, our windows' and any other: permission requests
 * (camera, notifications, geolocation, …) are denied, no <webview> may attach, no frame may navigate
 * away from our page and no window.open makes a window unless a window's own handler says otherwise
 * (windows.electron.ts turns the overlay route and allowed links into actions, still denying).
 */
import { app, session } from 'electron';
import { isAllowedNavigation } from '../shell/external-urls';

export function lockDownWebContents(): void {
  const defaultSession = session.defaultSession;
  defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  defaultSession.setPermissionCheckHandler(() => false);
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.on('will-frame-navigate', (event) => {
      if (!isAllowedNavigation(event.url)) event.preventDefault();
    });
    contents.on('will-redirect', (event) => {
      if (!isAllowedNavigation(event.url)) event.preventDefault();
    });
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}
