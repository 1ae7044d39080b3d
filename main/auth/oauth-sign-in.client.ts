/**
 * Desktop sign-in against the API's OAuth 2.1 server (API.md): authorization code + PKCE S256 through
 * the system browser and a loopback redirect, tokens straight into the keychain. Tokens never leave
 * main: callers get `accessToken()` for their own requests, the renderer only learns "signed in".
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

  /** Runs the whole browser sign-in; resolves once tokens are in the keychain. */
  async signIn(timeoutMs?: number): Promise<void> {
    const verifier = createCodeVerifier();
    const state = createState();
    const receiver: LoopbackReceiver = await startLoopbackReceiver(state, timeoutMs);
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
    if (tokens) {
      await this.fetch(new URL('/oauth/revoke', this.apiBaseUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          token: tokens.refreshToken,
          token_type_hint: 'refresh_token',
          client_id: this.clientId,
        }),
      }).catch(() => undefined);
    }
    await this.deps.store.clear(this.apiBaseUrl);
  }

  private async tokenRequest(form: Record<string, string>): Promise<OAuthTokens> {
    const response = await this.fetch(new URL('/oauth/token', this.apiBaseUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams(form),
    });
    if (!response.ok) {
      throw new SignInError(
        'token_exchange_failed',
        `The API refused the ${form.grant_type} grant (${response.status}).`,
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
