/**
 * Which account's desk is open on this machine, and signing in and out of it.
 *
 * - Start-up reopens the remembered account's cache (readable offline) and, when its credential is
 *   still held, starts its Desk.
 * - `signIn(api)` runs the API's OAuth flow (system browser, loopback redirect, PKCE), asks `/v1/me`
 *   who signed in, and opens the cache of that (server, tenant). Another account's desk is closed
 *   first, signed out and wiped: one cache database per (server, tenant), never shared.
 * - Tokens are refreshed ahead of expiry. The API refusing the refresh (`invalid_grant`) signs the desk
 *   out but keeps its cache readable; a network failure while refreshing is offline, never signed out.
 * - `signOut()` stops the desk, revokes at `/oauth/revoke` (queued when the API cannot be reached),
 *   deletes the SecretStore entry and the cache's files.
 *
 * The browser sign-in is ./browser-sign-in.ts, the open account's cache and running desk
 * ./account-desk.ts, the token refresh ./token-keeper.ts, the credential and its revocation
 * ./account-credentials.ts.
 */
import { join } from 'node:path';
import type { SessionStatus } from '../../core/ipc/session.ipc';
import type { CredentialStorage, SignedOutReason } from '../../core/ipc/session.ipc';
import type { DeskEvent } from '../../core/ipc/desk-events';
import type { CredentialStore } from '../auth/credential-store';
import type { OAuthTokens } from '../auth/keychain.store';
import type { OAuthSignInClient } from '../auth/oauth-sign-in.client';
import type { CacheDatabase } from '../cache/cache.database';
import type { DeskEngine } from '../desk/desk';
import { waitingChanges } from '../desk/desk-outbox';
import { IpcFailure } from '../ipc/ipc-registry';
import type { RememberedAccount } from './account-files';
import {
  ApiAddressError,
  deleteCacheFiles,
  deleteServerCaches,
  normaliseApiBaseUrl,
  RememberedAccountFile,
  sameApi,
} from './account-files';
import { AccountCredentials } from './account-credentials';
import type { AccountDeskDeps, OpenDesk, SessionDeskDeps } from './account-desk';
import { AccountDesk } from './account-desk';
import { oauthClientFor, signInThroughBrowser } from './browser-sign-in';
import { signInFailure } from './sign-in-failure';

export type { OpenDesk, SessionDeskDeps } from './account-desk';

/** What the session needs; `C` is whatever the cache opener returns (the database and more). */
export interface DeskSessionDeps<C extends { db: CacheDatabase }, D extends DeskEngine = DeskEngine> {
  /** `<dataDir>/desktop`: the caches, the remembered account, pending revocations. */
  desktopDir: string;
  /** The SecretStore entry per API: tokens live there and nowhere else. */
  credentials: CredentialStore;
  /** Which backend holds (or would hold) the credential of an API and why, for the UI. */
  credentialStorage?: (apiBaseUrl: string | null) => CredentialStorage | null;
  /** Shows the API's sign-in page (shell.openExternal; a new tab in the Chromium fallback). */
  openBrowser(url: string): Promise<void>;
  /** Opens (creating, migrating) the cache database at `file`. */
  openCache(file: string): C | Promise<C>;
  /** Deletes a closed cache's files and what is kept for it elsewhere (its data key). */
  deleteCache?(file: string): void | Promise<void>;
  /** Builds the engine of a signed-in account over its open cache (not started). */
  createDesk(cache: C, deps: SessionDeskDeps): D;
  /** main -> renderer events. */
  emit(event: DeskEvent): void;
  /** The API the sign-in screen proposes (known once the embedded API has started). */
  suggestedApiBaseUrl?: () => string | null;
  /** The regions the sign-in screen offers (./regions.ts). */
  regions?: () => { id: string; url: string }[];
  signInTimeoutMs?: number;
  /** How long before expiry the access token is refreshed unasked; 2 minutes. */
  refreshAheadMs?: number;
  fetchFn?: typeof fetch;
  now?: () => Date;
  log?: (message: string, error: unknown) => void;
}

export class DeskSession<C extends { db: CacheDatabase }, D extends DeskEngine = DeskEngine> {
  private open: AccountDesk<C, D> | null = null;
  private attempt: AbortController | null = null;
  private transitions: Promise<unknown> = Promise.resolve();
  private readonly remembered: RememberedAccountFile;
  private readonly credentials: AccountCredentials;
  private readonly log: (message: string, error: unknown) => void;
  private readonly accountDeps: AccountDeskDeps<C, D>;

  constructor(private readonly deps: DeskSessionDeps<C, D>) {
    this.log = deps.log ?? (() => {});
    this.accountDeps = {
      desktopDir: deps.desktopDir,
      credentials: deps.credentials,
      openCache: (file) => deps.openCache(file),
      createDesk: (cache, deskDeps) => deps.createDesk(cache, deskDeps),
      oauthFor: (api) => this.oauthFor(api, deps.credentials),
      emit: (event) => deps.emit(event),
      refreshAheadMs: deps.refreshAheadMs,
      fetchFn: deps.fetchFn,
      now: deps.now,
      log: this.log,
    };
    this.remembered = new RememberedAccountFile(join(deps.desktopDir, 'account.json'));
    this.credentials = new AccountCredentials(
      deps.credentials,
      join(deps.desktopDir, 'pending-revocations.json'),
      (api, refreshToken) => this.oauthFor(api, deps.credentials).revoke(refreshToken),
      this.log,
    );
  }

  /** Reopens the remembered account (its cache even offline; its desk when a credential is held). */
  start(): Promise<void> {
    return this.exclusive(async () => {
      const account = this.remembered.read();
      if (account) {
        try {
          const open = await this.openAccount(account);
          const tokens = await this.credentials.read(account.apiBaseUrl);
          if (tokens) this.startDesk(open);
          else open.signedOutReason = 'no_credential';
        } catch (error) {
          this.log('Could not reopen the last account', error);
        }
      }
      this.credentials.retryRevocations();
      this.emitStatus();
    });
  }

  /** The open account, its cache and engine; null before any sign-in or after sign-out. */
  current(): OpenDesk<C, D> | null {
    return this.open;
  }

  /**
   * A valid access token of the open account for main's own calls (calendar status), refreshed as
   * needed; null when signed out, offline or with no account.
   */
  async accessToken(): Promise<string | null> {
    const open = this.open;
    return open ? this.accessTokenFor(open).catch(() => null) : null;
  }

  status(): SessionStatus {
    const open = this.open;
    const sync = open?.desk?.status();
    const connected = sync?.connection.state === 'online' || sync?.connection.state === 'syncing';
    return {
      signedIn: open !== null && open.signedOutReason === null,
      apiBaseUrl: open?.account.apiBaseUrl ?? null,
      businessName: open?.account.businessName ?? null,
      userName: open?.account.userName ?? null,
      role: open?.account.role ?? null,
      timeZone: open?.account.timeZone ?? null,
      online: connected && open?.tokens?.offline === false,
      pendingChanges: sync?.waiting ?? (open ? waitingChanges(open.cache.db) : 0),
      signingIn: this.attempt !== null,
      signedOutReason: open?.signedOutReason ?? null,
      suggestedApiBaseUrl: this.deps.suggestedApiBaseUrl?.() ?? null,
      regions: this.deps.regions?.() ?? [],
      credentials: this.deps.credentialStorage?.(open?.account.apiBaseUrl ?? null) ?? null,
    };
  }

  /**
   * Signs in to `apiBaseUrl` through the browser; resolves once the account's desk is open. A newer
   * sign-in or {@link cancelSignIn} abandons this one. `openBrowser` replaces the system browser
   * (the demo's scripted sign-in); the renderer cannot pass one.
   */
  async signIn(
    apiBaseUrl: string,
    options: { openBrowser?: (url: string) => Promise<void> } = {},
  ): Promise<SessionStatus> {
    let api: string;
    try {
      api = normaliseApiBaseUrl(apiBaseUrl);
    } catch (error) {
      throw new IpcFailure('forbidden', error instanceof ApiAddressError ? error.text : String(error));
    }
    this.attempt?.abort();
    const attempt = new AbortController();
    this.attempt = attempt;
    this.emitStatus();
    try {
      // Tokens wait in memory until we know whose they are: the previous account's entry for the
      // same server must be revoked before it is overwritten.
      const { tokens, account } = await signInThroughBrowser(
        api,
        {
          oauthFor: (staging) => this.oauthFor(api, staging, options.openBrowser),
          timeoutMs: this.deps.signInTimeoutMs,
          fetchFn: this.deps.fetchFn,
        },
        attempt.signal,
      );
      await this.exclusive(() => this.adopt(tokens, account));
      if (this.attempt === attempt) this.attempt = null;
      return this.status();
    } catch (error) {
      throw signInFailure(error, api);
    } finally {
      if (this.attempt === attempt) this.attempt = null;
      this.emitStatus();
    }
  }

  /** Abandons a sign-in waiting for the browser. */
  cancelSignIn(): SessionStatus {
    this.attempt?.abort();
    return this.status();
  }

  /** Stops the desk, revokes the sign-in (or queues it), forgets the credential, wipes the cache. */
  signOut(): Promise<SessionStatus> {
    this.attempt?.abort();
    return this.exclusive(async () => {
      if (this.open) await this.closeAccount(this.open, { wipe: true });
      this.open = null;
      this.remembered.clear();
      this.emitStatus();
      return this.status();
    });
  }

  /**
   * Forgets everything kept for a server without asking it anything (its data is about to be
   * deleted: `npm start -- --reset-demo`): credentials, the caches of all its tenants, the account.
   */
  forgetServer(apiBaseUrl: string): Promise<void> {
    return this.exclusive(async () => {
      if (this.open && sameApi(this.open.account.apiBaseUrl, apiBaseUrl)) {
        await this.closeAccount(this.open, { wipe: true, revoke: false });
        this.open = null;
      }
      const remembered = this.remembered.read();
      if (remembered && sameApi(remembered.apiBaseUrl, apiBaseUrl)) this.remembered.clear();
      await this.credentials.delete(apiBaseUrl, 'Could not clear');
      await deleteServerCaches(this.deps.desktopDir, apiBaseUrl, this.deps.deleteCache);
      this.emitStatus();
    });
  }

  /** Stops the desk and closes the cache; everything stays on disk for the next start. */
  close(): Promise<void> {
    this.attempt?.abort();
    this.credentials.stop();
    return this.exclusive(async () => {
      if (this.open) await this.closeAccount(this.open, { wipe: false });
      this.open = null;
    });
  }

  /** Makes `account` (signed in with `tokens`) the open one. */
  private async adopt(tokens: OAuthTokens, account: RememberedAccount): Promise<void> {
    const previous = this.open;
    const same =
      previous !== null &&
      sameApi(previous.account.apiBaseUrl, account.apiBaseUrl) &&
      previous.account.tenantId === account.tenantId;
    if (previous && !same) {
      await this.closeAccount(previous, { wipe: true });
      this.open = null;
    } else if (previous) {
      await previous.stop();
      await this.credentials.revokeHeld(account.apiBaseUrl, tokens);
    } else {
      // Whatever an earlier run left for this server (a sign-in not reopened) is revoked, not orphaned.
      await this.credentials.revokeHeld(account.apiBaseUrl);
    }
    await this.credentials.hold(account.apiBaseUrl, tokens);
    const open = same ? previous! : await this.openAccount(account);
    open.account = account;
    open.signedOutReason = null;
    this.remembered.write(account);
    this.startDesk(open);
    this.credentials.retryRevocations();
  }

  private async openAccount(account: RememberedAccount): Promise<AccountDesk<C, D>> {
    this.open = await AccountDesk.open(account, this.accountDeps);
    return this.open;
  }

  private startDesk(open: AccountDesk<C, D>): void {
    open.start({
      accessToken: () => this.accessTokenFor(open),
      onRefused: (reason) => this.credentialRefused(open, reason),
      onStatusChange: () => this.emitStatus(),
    });
  }

  /** Stops and closes an account; `wipe` also signs it out (revocation, credential, cache files). */
  private async closeAccount(
    open: AccountDesk<C, D>,
    { wipe, revoke = true }: { wipe: boolean; revoke?: boolean },
  ): Promise<void> {
    await open.stop();
    if (wipe) await this.credentials.signOut(open.account.apiBaseUrl, { revoke });
    open.cache.db.close();
    if (wipe) await (this.deps.deleteCache ?? deleteCacheFiles)(open.cacheFile);
  }

  /** The Desk's token: refreshed as needed, null once signed out, a rejection while offline. */
  private async accessTokenFor(open: AccountDesk<C, D>): Promise<string | null> {
    if (this.open !== open || open.signedOutReason || !open.tokens) return null;
    return open.tokens.accessToken();
  }

  /** The API refused the credential for good: signed out, the cache stays open and readable. */
  private credentialRefused(open: AccountDesk<C, D>, reason: SignedOutReason): void {
    if (this.open !== open || open.signedOutReason) return;
    open.signedOutReason = reason;
    this.emitStatus();
    // Not awaited: the desk may be calling from inside a pull that stop() waits for.
    void this.exclusive(async () => {
      await open.stop();
      await this.credentials.delete(open.account.apiBaseUrl, 'Could not delete the refused credential');
      this.emitStatus();
    });
  }

  private oauthFor(
    apiBaseUrl: string,
    store: CredentialStore,
    openBrowser: (url: string) => Promise<void> = (url) => this.deps.openBrowser(url),
  ): OAuthSignInClient {
    return oauthClientFor(apiBaseUrl, store, { openBrowser, fetchFn: this.deps.fetchFn, now: this.deps.now });
  }

  private emitStatus(): void {
    this.deps.emit({ name: 'session:status', payload: this.status() });
  }

  /** Runs account changes one at a time (sign-in, sign-out, a refused credential). */
  private exclusive<T>(run: () => Promise<T>): Promise<T> {
    const next = this.transitions.then(run, run);
    this.transitions = next.catch(() => undefined);
    return next;
  }
}
