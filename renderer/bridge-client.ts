/**
 * `window.bookdesk` for the Chromium fallback: the same typed object preload exposes in Electron, carried
 * over `POST /ipc/<channel>` to the local bridge with the per-launch secret the bridge put in the page.
 */
import { buildBookdeskApi } from '../core/ipc/bookdesk-api';
import type { BookdeskApi } from '../core/ipc/contract';
import type { Result } from '../core/ipc/result';

export const SECRET_META = 'bookdesk-bridge-secret';

export function createBridgeClient(secret: string, fetchFn: typeof fetch = fetch): BookdeskApi {
  return buildBookdeskApi(async (channel, args) => {
    try {
      const response = await fetchFn(`/ipc/${encodeURIComponent(channel)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-bookdesk-secret': secret },
        body: JSON.stringify(args ?? {}),
      });
      return (await response.json()) as Result<unknown>;
    } catch {
      return { ok: false, error: { code: 'unavailable', message: 'Bookdesk is not running.' } };
    }
  });
}

/** Installs the bridge client unless a preload already exposed `window.bookdesk` (Electron). */
export function installBridgeClient(): void {
  if (window.bookdesk) return;
  const secret = document.querySelector<HTMLMetaElement>(`meta[name="${SECRET_META}"]`)?.content;
  if (secret) window.bookdesk = createBridgeClient(secret);
}
