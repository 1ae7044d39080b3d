/** The tray icon: bring the schedule back, toggle the overlay, quit. */
import { Menu, Tray, nativeImage } from 'electron';

export interface TrayActions {
  showSchedule(): void;
  toggleOverlay(): void;
  quit(): void;
}

export function createTray(iconPath: string, actions: TrayActions): Tray {
  const tray = new Tray(nativeImage.createFromPath(iconPath));
  tray.setToolTip('Bookdesk');
  tray.setContextMenu(
    Menu.buildFromTemplate([
      { label: 'Show schedule', click: actions.showSchedule },
      { label: 'Now / next overlay', click: actions.toggleOverlay },
      { type: 'separator' },
      { label: 'Quit Bookdesk', click: actions.quit },
    ]),
  );
  tray.on('click', actions.showSchedule);
  return tray;
}
