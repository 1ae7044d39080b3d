/**
 * The webPreferences of every Bookdesk window (main and overlay). Plain data so a spec can hold each
 * setting to the security checklist; main/electron/ passes it to `new BrowserWindow`.
 */
export function secureWebPreferences(preloadPath: string) {
  return {
    preload: preloadPath,
    /** The page and preload run in separate JavaScript worlds: the page sees only `window.bookdesk`. */
    contextIsolation: true,
    /** The renderer process is OS-sandboxed; the preload gets only Electron's sandboxed module set. */
    sandbox: true,
    /** No Node.js in the page or its workers. */
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    /** Same-origin policy stays on; no http content on our https-like scheme. */
    webSecurity: true,
    allowRunningInsecureContent: false,
    /** No <webview> (an embedded browser would escape the navigation rules). */
    webviewTag: false,
    /** A file dropped on the window must not replace our page. */
    navigateOnDragDrop: false,
    experimentalFeatures: false,
    spellcheck: false,
  } as const;
}
