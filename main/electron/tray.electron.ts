/** The tray icon: bring the schedule back, toggle the overlay and its click-through, quit. */
import type { MenuItemConstructorOptions } from 'electron';
import { Menu, Tray, nativeImage } from 'electron';
import { SHORTCUTS } from '../shell/shortcuts';
import { TRAY_ICON_PNG_DATA_URL } from '../shell/tray-icon';

export interface ShellActions {
  showSchedule(): void;
  toggleOverlay(): void;
  isOverlayVisible(): boolean;
  toggleClickThrough(): void;
  isClickThrough(): boolean;
  quit(): void;
}

export interface AppTray {
  tray: Tray;
  /** Rebuilds the menu after a check mark changed. */
  refresh(): void;
}

export function createTray(actions: ShellActions): AppTray {
  const tray = new Tray(nativeImage.createFromDataURL(TRAY_ICON_PNG_DATA_URL));
  tray.setToolTip('Bookdesk');
  const refresh = () =>
    tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: 'Show schedule', click: actions.showSchedule },
        ...overlayMenuItems(actions),
        { type: 'separator' },
        { label: 'Quit Bookdesk', click: actions.quit },
      ]),
    );
  refresh();
  tray.on('click', actions.showSchedule);
  return { tray, refresh };
}

/**
 * The overlay's two checkboxes, as the tray and the app menu both show them. Their accelerators are
 * registered globally (menu.electron.ts); menus only display them.
 */
export function overlayMenuItems(
  actions: Pick<ShellActions, 'isOverlayVisible' | 'toggleOverlay' | 'isClickThrough' | 'toggleClickThrough'>,
): MenuItemConstructorOptions[] {
  return [
    {
      label: 'Now / next overlay',
      type: 'checkbox',
      checked: actions.isOverlayVisible(),
      accelerator: SHORTCUTS.toggleOverlay,
      registerAccelerator: false,
      click: actions.toggleOverlay,
    },
    {
      label: 'Clicks pass through the overlay',
      type: 'checkbox',
      checked: actions.isClickThrough(),
      accelerator: SHORTCUTS.toggleClickThrough,
      registerAccelerator: false,
      click: actions.toggleClickThrough,
    },
  ];
}
