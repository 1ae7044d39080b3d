/**
 * Desks for tests, opened the way `npm start` and Electron open them: createDesktopServices, then the
 * session's start-up reopening an account a previous run remembered (its cache filled by the test,
 * and, when given, its tokens in the SecretStore so the desk starts signed in and syncing).
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { AccountServices } from '../../main/app/account-services';
import { openAccountServices } from '../../main/app/account-services';
import { createDesktopServices } from '../../main/app/desktop-services';
import type { DesktopServices, DesktopServicesOptions } from '../../main/app/desktop-services';
import { SecretCredentialStore } from '../../main/auth/credential-store';
import type { OAuthTokens } from '../../main/auth/credential-store';
import { SecretChain } from '../../main/secrets/secret-store';
import type { RememberedAccount } from '../../main/session/account-files';
import { deskCacheFile, RememberedAccountFile } from '../../main/session/account-files';

/** Nothing listens on port 9 (discard): an API that is never reachable. */
export const UNREACHABLE_API = 'http://127.0.0.1:9';

export interface RememberOptions {
  dataDir: string;
  secrets: SecretChain;
  account?: Partial<RememberedAccount>;
  /** Held for the account as if it had signed in; without them the desk opens signed out. */
  tokens?: OAuthTokens;
  /** Writes rows into the account's cache before the desk opens it. */
  fill?: (account: AccountServices) => void;
}

/** Leaves `<dataDir>/desktop` as a run signed in to the account would have; returns the account. */
export async function rememberAccount(options: RememberOptions): Promise<RememberedAccount> {
  const account: RememberedAccount = {
    apiBaseUrl: UNREACHABLE_API,
    tenantId: randomUUID(),
    userId: randomUUID(),
    userName: 'Rosa Alvarez',
    role: 'owner',
    businessName: 'Juniper & Co. Hair Studio',
    timeZone: 'Europe/London',
    ...options.account,
  };
  const desktopDir = join(options.dataDir, 'desktop');
  if (options.fill) {
    const file = deskCacheFile(desktopDir, account.apiBaseUrl, account.tenantId);
    const opened = await openAccountServices(file, {
      secrets: options.secrets,
      api: { apiBaseUrl: () => null, accessToken: async () => null },
    });
    try {
      options.fill(opened);
    } finally {
      opened.db.close();
    }
  }
  if (options.tokens)
    await new SecretCredentialStore(options.secrets).update(account.apiBaseUrl, { tokens: options.tokens });
  new RememberedAccountFile(join(desktopDir, 'account.json')).write(account);
  return account;
}

/** Tokens the desk takes as valid for a day: an access token issued by the test, never refreshed. */
export const dayLongTokens = (accessToken: string): OAuthTokens => ({
  accessToken,
  refreshToken: `test-refresh-${randomUUID()}`,
  expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
});

/** A memory-only SecretStore chain: what a machine without keychain or safeStorage has. */
export const memorySecrets = () => new SecretChain([]);

/** createDesktopServices plus the session's start-up. */
export async function openDesktop(
  options: Omit<DesktopServicesOptions, 'secrets'> & { secrets?: SecretChain },
): Promise<DesktopServices> {
  const services = createDesktopServices({ ...options, secrets: options.secrets ?? memorySecrets() });
  await services.session.start();
  return services;
}
