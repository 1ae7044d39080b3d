/** PKCE (RFC 7636, S256 only) and state values for the desktop's OAuth 2.1 sign-in. */
import { createHash, randomBytes } from 'node:crypto';

/** 32 random bytes, base64url: a 43-character verifier (RFC 7636 §4.1 allows 43–128). */
export const createCodeVerifier = (): string => randomBytes(32).toString('base64url');

/** BASE64URL(SHA256(verifier)), RFC 7636 §4.2. */
export const codeChallengeS256 = (verifier: string): string =>
  createHash('sha256').update(verifier, 'ascii').digest('base64url');

/** An unguessable state value binding the callback to this sign-in attempt. */
export const createState = (): string => randomBytes(24).toString('base64url');

export interface AuthorizeUrlParams {
  apiBaseUrl: string;
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  state: string;
}

/** `GET /oauth/authorize?...` as API.md specifies it. */
export function buildAuthorizeUrl(p: AuthorizeUrlParams): string {
  const url = new URL('/oauth/authorize', p.apiBaseUrl);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: p.clientId,
    redirect_uri: p.redirectUri,
    code_challenge: p.codeChallenge,
    code_challenge_method: 'S256',
    state: p.state,
  }).toString();
  return url.toString();
}
