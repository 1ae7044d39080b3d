/**
 * The open account of a session: its cache (readable while signed out) and, while signed in, its
 * Desk engine and the TokenKeeper that keeps the Desk's access token fresh.
 */
import type { SignedOutReason } from '../../core/ipc/session.ipc';
import type { DeskEvent } from '../../core/ipc/desk-events';
import type { SyncStatus } from '../../core/ipc/sync.ipc';
import type { CredentialStore } from '../auth/credential-store';
import type { OAuthSignInClient } from '../auth/oauth-sign-in.client';
import type { CacheDatabase } from '../cache/cache.database';
import type { DeskDeps, DeskEngine } from '../desk/desk';
import type { RememberedAccount } from './account-files';
import { deskCacheFile } from './account-files';
import { TokenKeeper } from './token-keeper';

/** What the session gives a Desk; the composition adds the open cache's parts. */
export type SessionDeskDeps = Pick<
  DeskDeps,
  'apiBaseUrl' | 'accessToken' | 'onSignedOut' | 'emit' | 'now' | 'fetchFn'
>;

/** The open account, as the desk's channels see it. */
export interface OpenDesk<C, D extends DeskEngine = DeskEngine> {
  account: RememberedAccount;
  cache: C;
  /** Null while signed out (the cache stays readable). */
  desk: D | null;
}

/** What an account's desk is built from. */
export interface AccountDeskDeps<C, D extends DeskEngine> {
  desktopDir: string;
  credentials: CredentialStore;
  /** Opens (creating, migrating) the cache database at `file`. */
  openCache(file: string): C | Promise<C>;
  /** Builds the engine of a signed-in account over its open cache (not started). */
  createDesk(cache: C, deps: SessionDeskDeps): D;
  /** The OAuth client of an API over the SecretStore. */
  oauthFor(apiBaseUrl: string): OAuthSignInClient;
  /** main -> renderer events. */
  emit(event: DeskEvent): void;
  refreshAheadMs?: number | undefined;
  fetchFn?: typeof fetch | undefined;
  now?: (() => Date) | undefined;
  log: (message: string, error: unknown) => void;
}

/** How a running desk reaches back to its session. */
export interface AccountDeskHooks {
  /** The Desk's token (the session checks this account is still the open one). */
  accessToken(): Promise<string | null>;
  /** The API refused the credential for good. */
  onRefused(reason: SignedOutReason): void;
  /** The session's status may have changed (sync status, online/offline). */
  onStatusChange(): void;
}

export class AccountDesk<
  C extends { db: CacheDatabase },
  D extends DeskEngine = DeskEngine,
> implements OpenDesk<C, D> {
  desk: D | null = null;
  signedOutReason: SignedOutReason | null = null;
  /** The running desk's token; null while signed out. */
  tokens: TokenKeeper | null = null;

  private constructor(
    public account: RememberedAccount,
    readonly cache: C,
    readonly cacheFile: string,
    private readonly deps: AccountDeskDeps<C, D>,
  ) {}

  /** Opens the cache of `account`'s (server, tenant): one database each, never shared. */
  static async open<C extends { db: CacheDatabase }, D extends DeskEngine>(
    account: RememberedAccount,
    deps: AccountDeskDeps<C, D>,
  ): Promise<AccountDesk<C, D>> {
    const cacheFile = deskCacheFile(deps.desktopDir, account.apiBaseUrl, account.tenantId);
    const cache = await deps.openCache(cacheFile);
    return new AccountDesk(account, cache, cacheFile, deps);
  }

  /** Builds and starts the Desk and its TokenKeeper. */
  start(hooks: AccountDeskHooks): void {
    const { deps } = this;
    const tokens = new TokenKeeper({
      apiBaseUrl: this.account.apiBaseUrl,
      oauth: deps.oauthFor(this.account.apiBaseUrl),
      credentials: deps.credentials,
      onRefused: (reason) => hooks.onRefused(reason),
      onOfflineChange: () => hooks.onStatusChange(),
      ...(deps.refreshAheadMs ? { refreshAheadMs: deps.refreshAheadMs } : {}),
      now: () => deps.now?.() ?? new Date(),
      log: deps.log,
    });
    this.tokens = tokens;
    const desk = deps.createDesk(this.cache, {
      apiBaseUrl: this.account.apiBaseUrl,
      accessToken: () => hooks.accessToken(),
      onSignedOut: (reason) => hooks.onRefused(reason),
      emit: (event) => {
        deps.emit(event);
        if (event.name === 'sync:status') hooks.onStatusChange();
      },
      ...(deps.fetchFn ? { fetchFn: deps.fetchFn } : {}),
      ...(deps.now ? { now: deps.now } : {}),
    });
    this.desk = desk;
    desk.start();
    tokens.start();
  }

  /** Stops the Desk and its TokenKeeper; the cache stays open. */
  async stop(): Promise<void> {
    this.tokens?.stop();
    this.tokens = null;
    const desk = this.desk;
    this.desk = null;
    await desk?.stop();
    // The last sync status came from the stopped desk; a screen that opens now must not show it.
    if (desk) this.deps.emit({ name: 'sync:status', payload: SIGNED_OUT_SYNC });
  }
}

const SIGNED_OUT_SYNC: SyncStatus = {
  connection: { state: 'signed-out' },
  waiting: 0,
  lastSyncAt: null,
  problems: 0,
};
