/** Serves the renderer from `app://bookdesk/` (main/shell/app-protocol.ts decides every answer). */
import { protocol } from 'electron';
import { APP_SCHEME, createAppProtocolHandler } from '../shell/app-protocol';

/**
 * Declares `app:` a standard, secure scheme (its own origin, like https) before the app is ready, as
 * Electron requires. No `bypassCSP`, no `corsEnabled`: the scheme gets nothing https does not have.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Answers `app://bookdesk/…` from `rendererDir` (inside app.asar when packaged). */
export function serveApp(rendererDir: string): void {
  protocol.handle(APP_SCHEME, createAppProtocolHandler(rendererDir));
}
