/**
 * Google OAuth 2.0 for connected calendars: the authorize URL (PKCE S256, offline access, consent so
 * a refresh token is always returned), the code exchange, refresh and revoke — all through
 * google-auth-library's OAuth2 client as shipped with googleapis, with every endpoint configurable.
 */
import { createHash, randomBytes } from 'node:crypto';
import { auth } from 'googleapis/build/src/apis/calendar';
import { ProviderAuthError } from './calendar-provider';

/** Read-only access to events and to the calendar list; nothing that can write. */
export const GOOGLE_SCOPES = [
  'https://www.googleapis.com/auth/calendar.events.readonly',
  'https://www.googleapis.com/auth/calendar.calendarlist.readonly',
];

/** Where Google lives; every URL can be moved (tests point them at a local fake). */
export interface GoogleConfig {
  clientId: string;
  clientSecret: string;
  /** `${PUBLIC_URL}/v1/calendar-connections/callback/google` */
  redirectUri: string;
  authUrl: string;
  tokenUrl: string;
  revokeUrl: string;
  /** Root of the Calendar API (the part before `/calendar/v3`). */
  apiBase: string;
}

/** The stored (encrypted) Google credential. */
export interface GoogleCredential {
  accessToken: string;
  refreshToken: string;
  /** Epoch milliseconds when the access token expires. */
  expiresAt: number;
}

/** Google's production endpoints, used unless GOOGLE_* endpoint variables move them. */
export const GOOGLE_DEFAULT_ENDPOINTS = {
  authUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
  tokenUrl: 'https://oauth2.googleapis.com/token',
  revokeUrl: 'https://oauth2.googleapis.com/revoke',
  apiBase: 'https://www.googleapis.com/',
};

/** A PKCE verifier (kept server-side with the OAuth state) and its S256 challenge (sent to Google). */
export function createPkcePair(): { codeVerifier: string; codeChallenge: string } {
  const codeVerifier = randomBytes(48).toString('base64url');
  return { codeVerifier, codeChallenge: createHash('sha256').update(codeVerifier).digest('base64url') };
}

export type GoogleOAuthClient = InstanceType<typeof auth.OAuth2>;

export function createGoogleOAuthClient(config: GoogleConfig, timeoutMs: number): GoogleOAuthClient {
  return new auth.OAuth2({
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    redirectUri: config.redirectUri,
    endpoints: {
      oauth2AuthBaseUrl: config.authUrl,
      oauth2TokenUrl: config.tokenUrl,
      oauth2RevokeUrl: config.revokeUrl,
    },
    transporterOptions: { timeout: timeoutMs },
  });
}

export function googleAuthorizeUrl(config: GoogleConfig, state: string, codeChallenge: string): string {
  return createGoogleOAuthClient(config, 0).generateAuthUrl({
    access_type: 'offline',
    prompt: 'consent',
    scope: GOOGLE_SCOPES,
    state,
    code_challenge: codeChallenge,
    // The enum lives in google-auth-library; its value is the literal 'S256'.
    code_challenge_method: 'S256' as never,
    include_granted_scopes: false,
  });
}

export async function exchangeGoogleCode(
  config: GoogleConfig,
  code: string,
  codeVerifier: string,
  timeoutMs: number,
): Promise<GoogleCredential> {
  const client = createGoogleOAuthClient(config, timeoutMs);
  try {
    const { tokens } = await client.getToken({ code, codeVerifier });
    if (!tokens.access_token || !tokens.refresh_token) {
      throw new ProviderAuthError('google', 'Google returned no refresh token (offline access not granted)');
    }
    return {
      accessToken: tokens.access_token,
      refreshToken: tokens.refresh_token,
      expiresAt: tokens.expiry_date ?? Date.now() + 3600_000,
    };
  } catch (error) {
    if (error instanceof ProviderAuthError) throw error;
    if (isInvalidGrant(error))
      throw new ProviderAuthError('google', 'authorization code rejected', { cause: error });
    throw error;
  }
}

/** `invalid_grant` from the token endpoint: the refresh token was revoked or expired for good. */
export function isInvalidGrant(error: unknown): boolean {
  const data = (error as { response?: { data?: unknown } })?.response?.data;
  return !!data && typeof data === 'object' && (data as { error?: unknown }).error === 'invalid_grant';
}
