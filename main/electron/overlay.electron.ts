/**
 * The "now / next" overlay window: frameless, always on top, movable and resizable, on every
 * workspace; opens where it was last on that display (main/shell/overlay-bounds.ts) and can let
 * clicks pass through to the window underneath. The page itself is the renderer's `#/overlay` route.
 */
import type { Display } from 'electron';
import { BrowserWindow, screen } from 'electron';
import type { DisplayInfo } from '../shell/overlay-bounds';
import { OVERLAY_MIN_SIZE, overlayBoundsFor, rememberOverlayBounds } from '../shell/overlay-bounds';
import type { OverlaySettingsFile } from '../shell/overlay-settings.store';
import type { AppPages, WindowLinks } from './windows.electron';
import { confineWindowOpen, windowOptions } from './windows.electron';

/** A frameless window is moved by dragging its page; controls inside stay clickable. */
const DRAG_CSS =
  'html, body { -webkit-app-region: drag; } ' +
  'a, button, input, select, textarea, [role="button"] { -webkit-app-region: no-drag; }';
const SAVE_AFTER_MS = 400;

const displayInfo = (display: Display): DisplayInfo => ({
  id: display.id,
  bounds: display.bounds,
  workArea: display.workArea,
});

export class OverlayWindow {
  private window: BrowserWindow | null = null;
  private saveTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly pages: AppPages,
    private readonly settings: OverlaySettingsFile,
    private readonly links: WindowLinks,
    /** Told when visibility or click-through changes (the tray's and menu's check marks). */
    private readonly changed: () => void = () => {},
  ) {
    const reposition = () =>
      this.window && !this.window.isDestroyed() && this.window.setBounds(this.placement());
    screen.on('display-removed', reposition);
    screen.on('display-metrics-changed', reposition);
  }

  isVisible(): boolean {
    return this.window !== null && !this.window.isDestroyed() && this.window.isVisible();
  }

  show(): void {
    (this.window && !this.window.isDestroyed() ? this.window : this.create()).showInactive();
    this.changed();
  }

  hide(): void {
    this.window?.hide();
    this.changed();
  }

  toggle(): void {
    if (this.isVisible()) this.hide();
    else this.show();
  }

  isClickThrough(): boolean {
    return this.settings.read().clickThrough;
  }

  toggleClickThrough(): void {
    const { clickThrough } = this.settings.update((s) => ({ ...s, clickThrough: !s.clickThrough }));
    if (this.window && !this.window.isDestroyed()) this.applyClickThrough(this.window, clickThrough);
    this.changed();
  }

  private placement() {
    const displays = screen.getAllDisplays().map(displayInfo);
    return overlayBoundsFor(this.settings.read().placement, displays, displayInfo(screen.getPrimaryDisplay()))
      .bounds;
  }

  private create(): BrowserWindow {
    const window = new BrowserWindow({
      ...this.placement(),
      minWidth: OVERLAY_MIN_SIZE.width,
      minHeight: OVERLAY_MIN_SIZE.height,
      frame: false,
      alwaysOnTop: true,
      movable: true,
      resizable: true,
      minimizable: false,
      maximizable: false,
      fullscreenable: false,
      skipTaskbar: true,
      show: false,
      title: 'Bookdesk — now / next',
      ...windowOptions(this.pages.preloadPath),
    });
    // 'floating' keeps it above ordinary windows without covering system dialogs.
    window.setAlwaysOnTop(true, 'floating');
    window.setVisibleOnAllWorkspaces(true, { visibleOnFullScreen: true });
    this.applyClickThrough(window, this.settings.read().clickThrough);
    confineWindowOpen(window, this.links);
    window.webContents.on('did-finish-load', () => void window.webContents.insertCSS(DRAG_CSS));
    window.on('move', () => this.saveSoon(window));
    window.on('resize', () => this.saveSoon(window));
    window.on('close', () => this.save(window));
    window.on('closed', () => {
      if (this.window === window) this.window = null;
      this.changed();
    });
    void window.loadURL(`${this.pages.indexUrl}#/overlay`);
    this.window = window;
    return window;
  }

  /** Click-through: mouse events go to the window underneath; moves are still forwarded for hover. */
  private applyClickThrough(window: BrowserWindow, on: boolean): void {
    if (on) window.setIgnoreMouseEvents(true, { forward: true });
    else window.setIgnoreMouseEvents(false);
  }

  private saveSoon(window: BrowserWindow): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => this.save(window), SAVE_AFTER_MS);
  }

  private save(window: BrowserWindow): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = null;
    if (window.isDestroyed()) return;
    const bounds = window.getBounds();
    const displays = screen.getAllDisplays().map(displayInfo);
    this.settings.updatePlacement((placement) => rememberOverlayBounds(placement, displays, bounds));
  }
}
