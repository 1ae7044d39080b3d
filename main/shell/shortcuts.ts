/**
 * Keyboard shortcuts of the desktop shell, one list for the app menu (which shows them) and for the
 * global shortcuts (which work while another application has the focus).
 */
export const SHORTCUTS = {
  /** Global: show or hide the now / next overlay from anywhere. */
  toggleOverlay: 'CommandOrControl+Alt+O',
  /** Global: let clicks pass through the overlay, or catch them again to move it. */
  toggleClickThrough: 'CommandOrControl+Alt+P',
  /** In the app: bring the schedule window to the front. */
  showSchedule: 'CommandOrControl+1',
} as const;

/** The shortcuts registered with the OS while Bookdesk runs. */
export const GLOBAL_SHORTCUTS = [
  'toggleOverlay',
  'toggleClickThrough',
] as const satisfies readonly (keyof typeof SHORTCUTS)[];
