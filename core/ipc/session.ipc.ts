/**
 * The `session` domain: which account's desk is open, whether main holds a credential the API accepts,
 * and signing in (the API's OAuth flow in the system browser) and out. The renderer never sees a token:
 * it asks main to sign in to a server and learns who is signed in.
 */
import { z } from 'zod';
import { TimeZoneName } from '../domain/schemas';
import { channel } from './channel';

/** An API address: https, or http to this computer (the embedded demo API, tests). */
export const ApiBaseUrl = z.url({ protocol: /^https?$/ }).max(512);

/** Where main keeps the sign-in, so the UI can say when it will not survive a restart. */
export const CredentialStorage = z.object({
  /** The OS keychain, Electron's safeStorage (an encrypted file), or memory for this run. */
  backend: z.enum(['keychain', 'safeStorage', 'memory']),
  /** False: the sign-in is forgotten when Bookdesk quits ("you'll need to sign in again next time"). */
  persistent: z.boolean(),
  /** Why a weaker backend is used (no keychain answered, ...); null when nothing needs saying. */
  reason: z.string().nullable(),
});
export type CredentialStorage = z.infer<typeof CredentialStorage>;

/**
 * Why an account's desk is open without a usable credential: the API refused it (`invalid_grant`:
 * expired or revoked sign-in; `revoked`: the API no longer accepts the access token), or main holds
 * none (`no_credential`: a sign-in kept in memory by the last run). Its cache stays readable.
 */
export const SignedOutReason = z.enum(['invalid_grant', 'revoked', 'no_credential']);
export type SignedOutReason = z.infer<typeof SignedOutReason>;

export const SessionStatus = z.object({
  /** Main holds a credential for the open account and the API has not refused it. */
  signedIn: z.boolean(),
  /** The API of the account whose cache is open; null: no account (the sign-in screen). */
  apiBaseUrl: z.string().nullable(),
  businessName: z.string().nullable(),
  userName: z.string().nullable(),
  role: z.enum(['owner', 'admin', 'receptionist', 'staff']).nullable(),
  /** The business's zone, so the renderer knows which calendar day is "today". */
  timeZone: TimeZoneName.nullable(),
  online: z.boolean(),
  pendingChanges: z.number().int().min(0),
  /** A sign-in is waiting for the user in the browser. */
  signingIn: z.boolean(),
  /** Set while an account is open but not signed in. */
  signedOutReason: SignedOutReason.nullable(),
  /** The API the sign-in screen proposes (BOOKDESK_API_URL, or the embedded demo API). */
  suggestedApiBaseUrl: z.string().nullable(),
  /** The regions the sign-in screen offers (BOOKDESK_REGIONS): each its own API; absent or empty: none. */
  regions: z.array(z.object({ id: z.string(), url: z.string() })).optional(),
  /** Where the credential is kept; null when main cannot tell. */
  credentials: CredentialStorage.nullable(),
});
export type SessionStatus = z.infer<typeof SessionStatus>;

export const sessionIpc = {
  'session:status': channel(z.object({}).strict(), SessionStatus),
  /**
   * Signs in to the API at `apiBaseUrl` in the system browser (OAuth 2.1, PKCE, loopback redirect);
   * resolves once signed in, with the new status. Another account's desk is closed and its cache wiped.
   */
  'session:signIn': channel(z.object({ apiBaseUrl: ApiBaseUrl }).strict(), SessionStatus),
  /** Gives up a sign-in still waiting for the browser. */
  'session:cancelSignIn': channel(z.object({}).strict(), SessionStatus),
  /** Revokes the sign-in at the API (later, when offline), forgets the credential, wipes the cache. */
  'session:signOut': channel(z.object({}).strict(), SessionStatus),
} as const;
