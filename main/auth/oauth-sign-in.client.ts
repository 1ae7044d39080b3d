/**
 * Desktop sign-in against the API's OAuth 2.1 server (API.md): authorization code + PKCE S256 through
 * the system browser and a loopback redirect, tokens straight into the keychain. Tokens never leave
 * main: callers get `accessToken()` for their own requests, the renderer only learns "signed in".
 *
 * Failures are told apart because the desk acts on them differently: the API refusing a code or
 * refresh token (`invalid_grant`) means signed out; a network error (fetch rejects) or an API that
 * cannot answer now (5xx, 429: `token_exchange_failed`) means offline, and the tokens are kept.
 */
import type { KeychainStore, OAuthTokens } from './keychain.store';
import type { LoopbackReceiver } from './loopback-receiver';
import { SignInError, startLoopbackReceiver } from './loopback-receiver';
import { buildAuthorizeUrl, codeChallengeS256, createCodeVerifier, createState } from './pkce';

export const DESKTOP_CLIENT_ID = 'bookdesk-desktop';
/** Refresh this long before expiry so a request never leaves with a token about to lapse. */
const EXPIRY_MARGIN_MS = 60_000;

export interface OAuthSignInDeps {
  /** Opens the system browser (Electron's shell.openExternal; the test's user agent in tests). */
  openBrowser(url: string): Promise<void>;
  store: Pick<KeychainStore, 'read' | 'update' | 'clear'>;
  fetchFn?: typeof fetch;
  now?: () => Date;
}

interface TokenResponse {
  access_token: string;
  refresh_token: string;
  token_type: string;
  expires_in: number;
}

export class OAuthSignInClient {
  private refreshing: Promise<OAuthTokens> | null = null;

  constructor(
    private readonly apiBaseUrl: string,
    private readonly deps: OAuthSignInDeps,
    private readonly clientId = DESKTOP_CLIENT_ID,
  ) {}

  /**
   * Runs the whole browser sign-in; resolves once tokens are in the store. `signal` abandons it (a
   * newer sign-in, the user cancelled): the receiver closes and a late callback finds nobody.
   */
  async signIn(timeoutMs?: number, signal?: AbortSignal): Promise<void> {
    const verifier = createCodeVerifier();
    const state = createState();
    const receiver: LoopbackReceiver = await startLoopbackReceiver(state, timeoutMs, signal);
    try {
      await this.deps.openBrowser(
        buildAuthorizeUrl({
          apiBaseUrl: this.apiBaseUrl,
          clientId: this.clientId,
          redirectUri: receiver.redirectUri,
          codeChallenge: codeChallengeS256(verifier),
          state,
        }),
      );
      const code = await receiver.code;
      const tokens = await this.tokenRequest({
        grant_type: 'authorization_code',
        code,
        redirect_uri: receiver.redirectUri,
        client_id: this.clientId,
        code_verifier: verifier,
      });
      await this.deps.store.update(this.apiBaseUrl, { tokens });
    } finally {
      await receiver.close();
    }
  }

  /** A valid access token for main's own API calls, refreshed when close to expiry; null if signed out. */
  async accessToken(): Promise<string | null> {
    const tokens = (await this.deps.store.read(this.apiBaseUrl))?.tokens;
    if (!tokens) return null;
    if (Date.parse(tokens.expiresAt) - this.now().getTime() > EXPIRY_MARGIN_MS) return tokens.accessToken;
    return (await this.refresh()).accessToken;
  }

  /**
   * Exchanges the refresh token for a new pair. Concurrent callers share one request: refresh tokens
   * rotate, and presenting a spent one twice would revoke the whole token family.
   */
  refresh(): Promise<OAuthTokens> {
    this.refreshing ??= (async () => {
      try {
        const current = (await this.deps.store.read(this.apiBaseUrl))?.tokens;
        if (!current) throw new SignInError('not_signed_in', 'Not signed in.');
        const tokens = await this.tokenRequest({
          grant_type: 'refresh_token',
          refresh_token: current.refreshToken,
          client_id: this.clientId,
        });
        await this.deps.store.update(this.apiBaseUrl, { tokens });
        return tokens;
      } finally {
        this.refreshing = null;
      }
    })();
    return this.refreshing;
  }

  /** Revokes the refresh token at the API (best effort) and forgets every credential for it. */
  async signOut(): Promise<void> {
    const tokens = (await this.deps.store.read(this.apiBaseUrl))?.tokens;
    if (tokens) await this.revoke(tokens.refreshToken).catch(() => undefined);
    await this.deps.store.clear(this.apiBaseUrl);
  }

  /**
   * RFC 7009 revocation of a refresh token (its whole family: the access tokens it produced too).
   * Resolves once the API has answered for good (200, or a 4xx that retrying would not change);
   * rejects when it could not be reached or answered 5xx/429, so the caller can try again later.
   */
  async revoke(refreshToken: string): Promise<void> {
    const response = await this.fetch(new URL('/oauth/revoke', this.apiBaseUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        token: refreshToken,
        token_type_hint: 'refresh_token',
        client_id: this.clientId,
      }),
    });
    await response.body?.cancel();
    if (response.status >= 500 || response.status === 429)
      throw new SignInError('token_exchange_failed', `The API could not revoke now (${response.status}).`);
  }

  private async tokenRequest(form: Record<string, string>): Promise<OAuthTokens> {
    const response = await this.fetch(new URL('/oauth/token', this.apiBaseUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams(form),
    });
    if (!response.ok) {
      const error = await oauthErrorCode(response);
      // RFC 6749 §5.2: the grant or this client is refused for good; anything else may pass later.
      const refused = response.status < 500 && response.status !== 429 && error !== null;
      throw new SignInError(
        refused ? 'invalid_grant' : 'token_exchange_failed',
        `The API refused the ${form.grant_type} grant (${response.status}${error ? ` ${error}` : ''}).`,
      );
    }
    const body = (await response.json()) as Partial<TokenResponse>;
    if (
      !body.access_token ||
      !body.refresh_token ||
      typeof body.expires_in !== 'number' ||
      body.token_type?.toLowerCase() !== 'bearer'
    ) {
      throw new SignInError('token_exchange_failed', 'The token response is missing fields.');
    }
    return {
      accessToken: body.access_token,
      refreshToken: body.refresh_token,
      expiresAt: new Date(this.now().getTime() + body.expires_in * 1000).toISOString(),
    };
  }

  private fetch(url: URL, init: RequestInit): Promise<Response> {
    return (this.deps.fetchFn ?? fetch)(url, { ...init, signal: AbortSignal.timeout(15_000) });
  }

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }
}

/** The `error` member of an RFC 6749 §5.2 error response, or null when the body is not one. */
async function oauthErrorCode(response: Response): Promise<string | null> {
  try {
    const body = (await response.json()) as { error?: unknown };
    return typeof body.error === 'string' ? body.error : null;
  } catch {
    return null;
  }
}
