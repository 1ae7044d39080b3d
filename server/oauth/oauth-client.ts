/**
 * The OAuth clients this authorization server knows. Today one public client, the desktop app, whose
 * redirect URIs are loopback URLs on an ephemeral port (RFC 8252 §7.3).
 */

/** client_id of the Bookdesk desktop app (a public client: no secret, PKCE S256 required). */
export const DESKTOP_CLIENT_ID = 'bookdesk-desktop';

export function isKnownClient(clientId: string | undefined): clientId is typeof DESKTOP_CLIENT_ID {
  return clientId === DESKTOP_CLIENT_ID;
}

/**
 * True for the redirect URIs the desktop client may use: `http://127.0.0.1:<port>/<path>` or
 * `http://[::1]:<port>/<path>`, any port, no user info, no fragment. `localhost` is refused: RFC 8252
 * §8.3 recommends IP literals, since a name can resolve elsewhere (hosts file, DNS) or to the other
 * IP family than the one the client listens on. Compared exactly (as a string) at the token endpoint.
 * Control characters, spaces and non-ASCII are refused, never normalised.
 */
export function isAllowedRedirectUri(clientId: string, redirectUri: string | undefined): boolean {
  if (!isKnownClient(clientId) || !redirectUri || redirectUri.length > 512) return false;
  // URL() silently drops tabs and line breaks (and trims spaces): refuse them rather than redirect to a
  // rewritten address. Only printable ASCII is allowed as written.
  if (!/^[\x21-\x7e]+$/.test(redirectUri)) return false;
  let url: URL;
  try {
    url = new URL(redirectUri);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' || url.username || url.password || url.hash || redirectUri.includes('#'))
    return false;
  if (url.hostname !== '127.0.0.1' && url.hostname !== '[::1]') return false;
  // An explicit port is what makes it this app's listener (URL drops the default :80, refuse that too).
  if (url.port === '') return false;
  // The authority as written must be exactly what URL parsed (no percent-encoded or odd spellings).
  return redirectUri.startsWith(`http://${url.host}/`) || redirectUri === `http://${url.host}`;
}
