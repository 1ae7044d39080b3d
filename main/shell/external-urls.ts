/**
 * What may leave the app for the system browser, and where our windows may go. Electron-free: the
 * window handlers in main/electron/ ask these functions and only act on their answer.
 *
 * - Our windows never navigate: only our own page (its `#/…` routes) may load in them.
 * - `window.open` never opens an Electron window. The overlay route shows the real overlay window; an
 *   https link to the API or to a calendar provider opens in the system browser; anything else is
 *   dropped.
 * - `shell.openExternal` is called only for https URLs of the API (its exact origin) and of the
 *   calendar providers' sign-in and calendar pages; an API on this computer (the embedded demo API,
 *   http://127.0.0.1) is the one http exception, as the sign-in screen accepts it.
 */
import { isAppPageUrl } from './app-protocol';

/** Hosts of the calendar providers whose pages the app may open (connect, manage, sign in). */
export const CALENDAR_PROVIDER_HOSTS: readonly string[] = [
  'accounts.google.com',
  'calendar.google.com',
  'myaccount.google.com',
  'login.microsoftonline.com',
  'login.live.com',
  'outlook.office.com',
  'outlook.live.com',
  'account.microsoft.com',
  'appleid.apple.com',
  'www.icloud.com',
];

const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '[::1]']);

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** An API address the app knows may be opened at its origin (https, or http on this computer). */
function apiOrigin(apiBaseUrl: string): string | null {
  const api = parse(apiBaseUrl);
  if (!api || api.username || api.password) return null;
  if (api.protocol === 'https:' || (api.protocol === 'http:' && LOOPBACK_HOSTS.has(api.hostname)))
    return api.origin;
  return null;
}

/**
 * Whether `url` may be handed to the system browser: https (no user info) on a calendar provider's
 * host, or on the exact origin of one of `apiBaseUrls` (the open account's API, the one proposed).
 */
export function isAllowedExternalUrl(url: string, apiBaseUrls: readonly (string | null)[]): boolean {
  const target = parse(url);
  if (!target || target.username || target.password) return false;
  const apiOrigins = new Set(apiBaseUrls.flatMap((api) => (api ? [apiOrigin(api)] : [])).filter(Boolean));
  if (apiOrigins.has(target.origin)) return true;
  return (
    target.protocol === 'https:' && target.port === '' && CALENDAR_PROVIDER_HOSTS.includes(target.hostname)
  );
}

/**
 * Whether `url` is an API's sign-in page (`<api>/oauth/authorize`, RFC 8252: the system browser, never
 * a web view). The API is whichever the user typed on the sign-in screen, so its origin cannot be
 * known in advance; the address rules are the sign-in screen's (https, or http on this computer).
 */
export function isSignInPageUrl(url: string): boolean {
  const target = parse(url);
  return (
    target !== null &&
    apiOrigin(target.href) !== null &&
    target.pathname.replace(/\/+$/, '').endsWith('/oauth/authorize')
  );
}

/** Our windows may only (re)load our own page; every other navigation is cancelled. */
export const isAllowedNavigation = (url: string): boolean => isAppPageUrl(url);

export type WindowOpenAction = { kind: 'overlay' } | { kind: 'external'; url: string } | { kind: 'deny' };

/** What a `window.open` (or a target=_blank link) of our page turns into; never a new Electron window. */
export function windowOpenAction(url: string, apiBaseUrls: readonly (string | null)[]): WindowOpenAction {
  const target = parse(url);
  if (target && isAppPageUrl(url) && target.hash.startsWith('#/overlay')) return { kind: 'overlay' };
  if (isAllowedExternalUrl(url, apiBaseUrls)) return { kind: 'external', url };
  return { kind: 'deny' };
}
