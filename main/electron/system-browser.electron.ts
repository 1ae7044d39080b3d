/**
 * The system browser: the only way out of the app. main/shell/external-urls.ts says which URLs may
 * go; anything else is refused here, right before shell.openExternal.
 */
import { shell } from 'electron';
import { isAllowedExternalUrl, isSignInPageUrl } from '../shell/external-urls';

/** Opens an API's sign-in page (RFC 8252: the system browser, never an embedded web view). */
export async function openSignInPage(url: string): Promise<void> {
  if (!isSignInPageUrl(url))
    throw new Error('Refusing to open a sign-in page that is not an API authorize page over https.');
  await shell.openExternal(url);
}

/** Opens a link of the API or a calendar provider (https only); returns whether it was opened. */
export function openExternalLink(url: string, apiBaseUrls: readonly (string | null)[]): boolean {
  if (!isAllowedExternalUrl(url, apiBaseUrls)) return false;
  void shell.openExternal(url);
  return true;
}
