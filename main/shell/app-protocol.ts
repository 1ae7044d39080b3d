/**
 * The app's own pages in Electron are served from `app://bookdesk/…`, a custom protocol, not `file://`:
 * a file:// page could read any file of the machine through relative links, and every file:// page
 * shares one origin. Here each request maps to a file inside the renderer folder or is refused, and
 * every response carries the same strict CSP as the Chromium fallback's bridge.
 *
 * Electron-free: main/electron/app-protocol.electron.ts hands {@link createAppProtocolHandler} to
 * `protocol.handle`; Node's own fetch Request/Response are the same Web API types.
 */
import { readFile as readFileFromDisk } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'bookdesk';
/** The main window's page; the overlay is the same page at `#/overlay`. */
export const APP_INDEX_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;
export const APP_OVERLAY_URL = `${APP_INDEX_URL}#/overlay`;

/**
 * Scripts only from the app itself (no inline script, no eval), nothing fetched or framed from
 * elsewhere: the renderer talks to main through preload, never to the network.
 */
export const APP_CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
  "connect-src 'self'; frame-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'; " +
  "object-src 'none'";

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': APP_CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/** True for a URL of one of our own pages (the only frames that may call main over IPC). */
export function isAppPageUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return (
      parsed.protocol === `${APP_SCHEME}:` &&
      parsed.host === APP_HOST &&
      (parsed.pathname === '/index.html' || parsed.pathname === '/') &&
      !parsed.username &&
      !parsed.password
    );
  } catch {
    return false;
  }
}

export type AppPathResolution = { ok: true; path: string } | { ok: false; status: 400 | 403 | 404 };

/**
 * The file inside `rootDir` an `app://bookdesk/…` URL names, or why there is none. Confinement is
 * checked on the decoded path: `%2e%2e%2f` and `%2f` only become separators after decoding, after
 * the URL parser has already folded plain `..` segments.
 */
export function resolveAppPath(rootDir: string, url: string): AppPathResolution {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, status: 400 };
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return { ok: false, status: 403 };
  let path: string;
  try {
    path = decodeURIComponent(parsed.pathname);
  } catch {
    return { ok: false, status: 400 };
  }
  if (path.includes('\0') || path.includes('\\')) return { ok: false, status: 400 };
  if (path === '/' || path === '') path = '/index.html';
  const root = resolve(rootDir);
  const file = resolve(root, `.${path}`);
  const inside = relative(root, file);
  if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside))
    return { ok: false, status: 403 };
  return { ok: true, path: file };
}

/**
 * `protocol.handle`'s handler: GET and HEAD of files inside `rootDir`, with the security headers;
 * anything else is refused without reading the disk.
 */
export function createAppProtocolHandler(
  rootDir: string,
  readFile: (path: string) => Promise<Uint8Array> = readFileFromDisk,
): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return new Response(null, { status: 405, headers: SECURITY_HEADERS });
    const resolved = resolveAppPath(rootDir, request.url);
    if (!resolved.ok) return new Response(null, { status: resolved.status, headers: SECURITY_HEADERS });
    const type = CONTENT_TYPES[extname(resolved.path).toLowerCase()];
    if (!type) return new Response(null, { status: 404, headers: SECURITY_HEADERS });
    let body: Uint8Array;
    try {
      body = await readFile(resolved.path);
    } catch {
      return new Response(null, { status: 404, headers: SECURITY_HEADERS });
    }
    const headers = { ...SECURITY_HEADERS, 'Content-Type': type, 'Cache-Control': 'no-cache' };
    return new Response(request.method === 'HEAD' ? null : (body as Uint8Array<ArrayBuffer>), { headers });
  };
}
