/**
 * The application menu, which also shows the shortcuts, and the global shortcuts registered with
 * the OS (they work while another application has the focus).
 */
import type { MenuItemConstructorOptions } from 'electron';
import { app, globalShortcut, Menu } from 'electron';
import { GLOBAL_SHORTCUTS, SHORTCUTS } from '../shell/shortcuts';
import type { ShellActions } from './tray.electron';
import { overlayMenuItems } from './tray.electron';

export function setAppMenu(actions: ShellActions): void {
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'Desk',
      submenu: [
        { label: 'Show schedule', accelerator: SHORTCUTS.showSchedule, click: actions.showSchedule },
        ...overlayMenuItems(actions),
        { type: 'separator' },
        isMac
          ? { role: 'close' }
          : { label: 'Quit Bookdesk', accelerator: 'CommandOrControl+Q', click: actions.quit },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        // Developer tools only in a development run, never in the packaged app.
        ...(app.isPackaged ? [] : [{ role: 'toggleDevTools' as const }]),
      ],
    },
    { role: 'windowMenu' },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

/** Registers the global shortcuts; returns the function that releases them (on quit). */
export function registerGlobalShortcuts(
  actions: Pick<ShellActions, 'toggleOverlay' | 'toggleClickThrough'>,
  log: (message: string) => void,
): () => void {
  for (const name of GLOBAL_SHORTCUTS) {
    // Another application may own the combination already: the menu and tray still work.
    if (!globalShortcut.register(SHORTCUTS[name], () => actions[name]()))
      log(`The shortcut ${SHORTCUTS[name]} is taken by another application.`);
  }
  return () => GLOBAL_SHORTCUTS.forEach((name) => globalShortcut.unregister(SHORTCUTS[name]));
}
