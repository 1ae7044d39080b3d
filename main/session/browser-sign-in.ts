/**
 * One sign-in through the system browser: the API's OAuth flow (authorization code + PKCE, loopback
 * redirect), then `/v1/me` to learn who signed in and to which business. The tokens wait in memory
 * until then: the caller decides whose SecretStore entry they go to (and what they replace).
 */
import type { CredentialStore } from '../auth/credential-store';
import { MemoryCredentialStore } from '../auth/credential-store';
import type { OAuthTokens } from '../auth/keychain.store';
import { SignInError } from '../auth/loopback-receiver';
import type { OAuthSignInDeps } from '../auth/oauth-sign-in.client';
import { OAuthSignInClient } from '../auth/oauth-sign-in.client';
import type { RememberedAccount } from './account-files';
import { readMe } from './me';

/** The OAuth client of `apiBaseUrl`, keeping its tokens in `store`. */
export function oauthClientFor(
  apiBaseUrl: string,
  store: CredentialStore,
  deps: {
    openBrowser: OAuthSignInDeps['openBrowser'];
    fetchFn?: typeof fetch | undefined;
    now?: (() => Date) | undefined;
  },
): OAuthSignInClient {
  return new OAuthSignInClient(apiBaseUrl, {
    openBrowser: deps.openBrowser,
    store,
    ...(deps.fetchFn ? { fetchFn: deps.fetchFn } : {}),
    ...(deps.now ? { now: deps.now } : {}),
  });
}

/**
 * Signs in to `apiBaseUrl` (already normalised) and says who did; an abort of `signal` once the
 * browser has answered revokes what it gave and rejects as cancelled.
 */
export async function signInThroughBrowser(
  apiBaseUrl: string,
  deps: {
    /** The OAuth client of the API over `store` ({@link oauthClientFor}). */
    oauthFor(store: CredentialStore): Pick<OAuthSignInClient, 'signIn' | 'revoke'>;
    timeoutMs?: number | undefined;
    fetchFn?: typeof fetch | undefined;
  },
  signal: AbortSignal,
): Promise<{ tokens: OAuthTokens; account: RememberedAccount }> {
  const staging = new MemoryCredentialStore();
  const oauth = deps.oauthFor(staging);
  await oauth.signIn(deps.timeoutMs, signal);
  const tokens = (await staging.read(apiBaseUrl))!.tokens!;
  const me = await readMe(apiBaseUrl, tokens.accessToken, deps.fetchFn);
  if (signal.aborted) {
    await oauth.revoke(tokens.refreshToken).catch(() => undefined);
    throw new SignInError('cancelled', 'Sign-in was cancelled.');
  }
  return {
    tokens,
    account: {
      apiBaseUrl,
      tenantId: me.tenant.id,
      userId: me.user.id,
      userName: me.user.name,
      role: me.user.role,
      businessName: me.tenant.name,
      timeZone: me.tenant.timeZone,
    },
  };
}
