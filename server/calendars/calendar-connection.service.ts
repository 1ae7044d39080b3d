/**
 * Connected calendars (../shared/API.md "Connected calendars"): list, connect (OAuth with PKCE for
 * Google/Microsoft, direct for CalDAV), sync now, disconnect, and `disconnectAll` for account
 * cancellation/downgrade. Who may manage a connection: owner and admin any; a `staff` user the
 * connections of the staff member whose email is theirs; receptionists and API keys with those
 * roles may only list (status is useful at the desk; nothing secret is listed).
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { SecretCipher } from '../crypto/secret.cipher';
import type { Role } from '../db/entities/platform.entities';
import type { TenantScope, TenantScopes, TenantTransaction } from '../db/tenant-scope';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors';
import { StaffRepository } from '../staff/staff.repository';
import { ChangeFeed } from '../sync/change-feed';
import { planIncludesCalendars } from '../tenants/plans';
import { TenantRepository } from '../tenants/tenant.repository';
import { UserRepository } from '../users/user.repository';
import { removeAllBusyBlocks } from './busy-import';
import type { ImportCounts } from './busy-import';
import { openConnectionSecret, sealConnectionSecret, verifierAad } from './calendar-credential';
import { CalendarConnectionRepository } from './calendar-connection.repository';
import type { ConnectionRecord } from './calendar-connection.repository';
import { ProviderAuthError } from './calendar-provider';
import type { ProviderKind, SyncResult, SyncState } from './calendar-provider';
import type { CalendarProviders } from './calendar-providers';
import { createPkcePair } from './google-oauth';
import { providerOf, syncWindow } from './calendar-sync.runner';
import type { CalendarSyncRunner } from './calendar-sync.runner';
import type { CalDavCredential } from './caldav.provider';

/** How long a started OAuth authorization may take before its state expires. */
export const OAUTH_STATE_TTL_MS = 10 * 60_000;

export type OAuthProvider = Exclude<ProviderKind, 'caldav'>;

/** Who is asking (from `request.auth`). */
export interface Actor {
  role: Role;
  userId?: string;
}

/** A connection as the API shows it: no credential, no cursor. */
export interface ConnectionView {
  id: string;
  provider: ProviderKind;
  staffId: string;
  status: ConnectionRecord['status'];
  lastSyncedAt: string | null;
  lastError: string | null;
  createdAt: string;
}

export function toConnectionView(c: ConnectionRecord): ConnectionView {
  return {
    id: c.id,
    provider: c.provider,
    staffId: c.staffId,
    status: c.status,
    lastSyncedAt: c.lastSyncedAt?.toISOString() ?? null,
    lastError: c.lastError,
    createdAt: c.createdAt.toISOString(),
  };
}

/** The OAuth callback could not complete (shown to the user as a page, never with details). */
export class OAuthCallbackError extends Error {
  override readonly name = 'OAuthCallbackError';
}

const MANAGERS: readonly Role[] = ['owner', 'admin'];
const READERS: readonly Role[] = ['owner', 'admin', 'receptionist'];

export class CalendarConnectionService {
  constructor(
    private readonly providers: CalendarProviders,
    private readonly runner: CalendarSyncRunner,
    private readonly cipher: SecretCipher,
    private readonly scopes: TenantScopes,
    private readonly now: () => Date,
    private readonly log: (message: string, error?: unknown) => void = () => {},
  ) {}

  /** Which providers this server can connect (Google/Microsoft need client credentials). */
  providerStatus(): Record<ProviderKind, { configured: boolean }> {
    return {
      google: { configured: this.providers.google !== undefined },
      microsoft: { configured: this.providers.microsoft !== undefined },
      caldav: { configured: true },
    };
  }

  async list(scope: TenantScope, actor: Actor): Promise<{ items: ConnectionView[] }> {
    return scope.transaction(async (tx) => {
      const repo = tx.get(CalendarConnectionRepository);
      if (READERS.includes(actor.role)) return { items: (await repo.list()).map(toConnectionView) };
      const own = await this.ownStaffIds(tx, actor);
      return { items: (await repo.list(own)).map(toConnectionView) };
    });
  }

  /** Starts the OAuth flow: stores state + PKCE verifier (10 min, single use) and returns the URL. */
  async startOAuth(
    scope: TenantScope,
    actor: Actor,
    provider: OAuthProvider,
    staffId: string,
  ): Promise<string> {
    const adapter = this.providers[provider];
    if (!adapter) throw notConfigured(provider);
    if (!actor.userId)
      throw new ForbiddenError('connecting a calendar needs a user sign-in; API keys act for no user');
    const secret = randomBytes(32).toString('base64url');
    // The tenant id routes the public callback to the right tenant; the secret authenticates it.
    const state = `${scope.tenantId}.${secret}`;
    const { codeVerifier, codeChallenge } = createPkcePair();
    await scope.transaction(async (tx) => {
      await this.assertPlanIncludesCalendars(tx);
      await this.assertMayManage(tx, actor, staffId, 'body.staffId');
      const id = randomUUID();
      const now = this.now();
      await tx.get(CalendarConnectionRepository).deleteExpiredOAuthStates(now);
      await tx.get(CalendarConnectionRepository).insertOAuthState({
        id,
        stateHash: hashState(secret),
        provider,
        userId: actor.userId!,
        staffId,
        codeVerifier: this.cipher.encrypt(codeVerifier, verifierAad(tx.tenantId, id)),
        expiresAt: new Date(now.getTime() + OAUTH_STATE_TTL_MS),
        createdAt: now,
      });
    });
    return adapter.authorizeUrl(state, codeChallenge);
  }

  /**
   * The provider's redirect: redeems the state (single use, unexpired, same provider), exchanges the
   * code with the stored PKCE verifier, stores the encrypted credential and runs the first sync.
   */
  async completeOAuth(
    provider: OAuthProvider,
    query: { code?: string; state?: string; error?: string },
  ): Promise<ConnectionView> {
    const adapter = this.providers[provider];
    if (!adapter) throw new OAuthCallbackError(`${provider} is not configured`);
    const [tenantId, secret] = (query.state ?? '').split('.', 2);
    if (!tenantId || !secret || !/^[0-9a-f-]{36}$/i.test(tenantId)) {
      throw new OAuthCallbackError('missing or malformed state');
    }
    const scope = this.scopes.forTenant(tenantId);
    const pending = await scope.transaction((tx) =>
      tx.get(CalendarConnectionRepository).takeOAuthState(hashState(secret), this.now()),
    );
    if (!pending || pending.provider !== provider || pending.expiresAt <= this.now()) {
      throw new OAuthCallbackError('unknown or expired state');
    }
    if (query.error || !query.code)
      throw new OAuthCallbackError(`authorization not granted (${query.error ?? 'no code'})`);
    const verifier = this.cipher.decrypt(pending.codeVerifier, verifierAad(tenantId, pending.id));
    let credential: unknown;
    try {
      credential = await adapter.exchangeCode(query.code, verifier);
    } catch (error) {
      this.log(`calendar OAuth (${provider}): code exchange failed`, error);
      throw new OAuthCallbackError('the provider did not accept the authorization');
    }
    const id = randomUUID();
    await scope.transaction(async (tx) => {
      if (!(await this.planIncludesCalendars(tx))) {
        await providerOf(this.providers, provider)
          ?.disconnect(credential)
          .catch(() => undefined);
        throw new OAuthCallbackError("the business's plan does not include connected calendars");
      }
      const now = this.now();
      await tx.get(CalendarConnectionRepository).insert({
        id,
        staffId: pending.staffId,
        provider,
        status: 'active',
        credential: sealConnectionSecret(this.cipher, tenantId, id, { credential, state: null }),
        syncGeneration: 0,
        lastSyncedAt: null,
        lastError: null,
        nextSyncAt: now,
        createdAt: now,
      });
    });
    const synced = await this.runner.sync(scope, id);
    if (!synced) throw new OAuthCallbackError('the connection was removed during the first sync');
    return toConnectionView(synced.connection);
  }

  /**
   * Connects a CalDAV/iCloud account: the first sync is the verification (nothing is stored when it
   * fails: 422 naming `body.password` for refused credentials, `body.serverUrl` otherwise).
   */
  async connectCalDav(
    scope: TenantScope,
    actor: Actor,
    input: { staffId: string } & CalDavCredential,
  ): Promise<{ connection: ConnectionView; counts: ImportCounts }> {
    const zone = await scope.transaction(async (tx) => {
      await this.assertPlanIncludesCalendars(tx);
      await this.assertMayManage(tx, actor, input.staffId, 'body.staffId');
      return (await this.runner.zoneOf(tx, input.staffId)) ?? 'UTC';
    });
    // Checked once and pinned: every sync connects to this address, so a name rebound later (or a
    // redirect) cannot make this server call into its own network.
    const pinnedAddress = await this.runner.pinCalDavAddress(input.serverUrl);
    if (!pinnedAddress) {
      throw new ValidationError('this server may not contact that address', [
        {
          path: 'body.serverUrl',
          message: 'must be a public address that resolves (not loopback, private or link-local)',
        },
      ]);
    }
    const credential: CalDavCredential = {
      serverUrl: input.serverUrl,
      username: input.username,
      password: input.password,
      pinnedAddress,
    };
    let result: SyncResult<unknown, SyncState>;
    try {
      result = await this.providers.caldav.sync(credential, null, syncWindow(this.now(), zone));
    } catch (error) {
      if (error instanceof ProviderAuthError) {
        throw new ValidationError('the CalDAV server refused these credentials', [
          { path: 'body.password', message: 'the server refused this username or app-specific password' },
        ]);
      }
      this.log('CalDAV connect: first sync failed', error);
      throw new ValidationError('no CalDAV calendar could be read at this address', [
        { path: 'body.serverUrl', message: 'could not read calendars from this server' },
      ]);
    }
    const id = randomUUID();
    return scope.transaction(async (tx) => {
      await this.assertPlanIncludesCalendars(tx);
      const now = this.now();
      const connection: ConnectionRecord = {
        id,
        staffId: input.staffId,
        provider: 'caldav',
        status: 'active',
        credential: sealConnectionSecret(this.cipher, tx.tenantId, id, { credential, state: null }),
        syncGeneration: 0,
        lastSyncedAt: null,
        lastError: null,
        nextSyncAt: now,
        createdAt: now,
      };
      const repo = tx.get(CalendarConnectionRepository);
      await repo.insert(connection);
      const counts = (await this.runner.apply(tx, connection, { credential, state: null }, result))!;
      return { connection: toConnectionView((await repo.findById(id))!), counts };
    });
  }

  async syncNow(
    scope: TenantScope,
    actor: Actor,
    id: string,
  ): Promise<{ connection: ConnectionView; counts: ImportCounts }> {
    await scope.transaction((tx) => this.findManaged(tx, actor, id));
    const outcome = await this.runner.sync(scope, id);
    if (!outcome) throw new NotFoundError('calendar connection not found');
    return { connection: toConnectionView(outcome.connection), counts: outcome.counts };
  }

  async disconnect(scope: TenantScope, actor: Actor, id: string): Promise<void> {
    const connection = await scope.transaction((tx) => this.findManaged(tx, actor, id));
    await this.revoke(scope.tenantId, connection);
    await scope.transaction((tx) => this.removeLocally(tx, [id]));
  }

  /**
   * Disconnects every calendar of the tenant (account cancellation or a downgrade to a plan without
   * integrations): revokes each at its provider (best effort), then deletes all credentials, pending
   * authorizations and imported blocks in one transaction. Returns how many connections went.
   */
  async disconnectAll(scope: TenantScope): Promise<number> {
    const connections = await scope.transaction((tx) => tx.get(CalendarConnectionRepository).list());
    for (const connection of connections) await this.revoke(scope.tenantId, connection);
    await scope.transaction(async (tx) => {
      await tx.get(CalendarConnectionRepository).deleteAllOAuthStates();
      // Connections added while revoking are removed too: list again inside the transaction.
      const ids = (await tx.get(CalendarConnectionRepository).list()).map((c) => c.id);
      await this.removeLocally(tx, ids);
    });
    return connections.length;
  }

  /**
   * Before a staff member is deleted (their connections then go with the row, ON DELETE CASCADE):
   * reads their connections and returns what revokes them at the provider, to run once the delete has
   * committed (so a delete that fails, e.g. a staff member with bookings, revokes nothing).
   */
  async beforeStaffRemoval(scope: TenantScope, staffId: string): Promise<() => Promise<void>> {
    const connections = await scope.transaction((tx) => tx.get(CalendarConnectionRepository).list([staffId]));
    return async () => {
      for (const connection of connections) await this.revoke(scope.tenantId, connection);
    };
  }

  private async planIncludesCalendars(tx: TenantTransaction): Promise<boolean> {
    return planIncludesCalendars((await tx.get(TenantRepository).get())?.plan ?? '');
  }

  private async assertPlanIncludesCalendars(tx: TenantTransaction): Promise<void> {
    if (!(await this.planIncludesCalendars(tx)))
      throw new ConflictError('not-in-plan', "the business's plan does not include connected calendars");
  }

  /** Revocation at the provider never keeps the credential: failures are logged and ignored. */
  private async revoke(tenantId: string, connection: ConnectionRecord): Promise<void> {
    const provider = providerOf(this.providers, connection.provider);
    if (!provider) return;
    try {
      const { credential } = openConnectionSecret(
        this.cipher,
        tenantId,
        connection.id,
        connection.credential,
      );
      await provider.disconnect(credential);
    } catch (error) {
      this.log(`calendar connection ${connection.id}: revocation at ${connection.provider} failed`, error);
    }
  }

  /** Deletes the connections and every block they imported (with sync tombstones), in `tx`. */
  private async removeLocally(tx: TenantTransaction, ids: readonly string[]): Promise<void> {
    const repo = tx.get(CalendarConnectionRepository);
    const changes = [];
    for (const id of ids) {
      changes.push(...(await removeAllBusyBlocks(tx, id)));
      await repo.delete(id);
    }
    await ChangeFeed.record(tx, changes);
  }

  private async findManaged(tx: TenantTransaction, actor: Actor, id: string): Promise<ConnectionRecord> {
    const connection = await tx.get(CalendarConnectionRepository).findById(id);
    if (!connection) throw new NotFoundError('calendar connection not found');
    if (!MANAGERS.includes(actor.role)) {
      const own = await this.ownStaffIds(tx, actor);
      // A staff user cannot tell another staff member's connection from a missing one.
      if (!own.includes(connection.staffId)) {
        if (actor.role === 'staff') throw new NotFoundError('calendar connection not found');
        throw new ForbiddenError('only owners, admins and the staff member may manage a calendar connection');
      }
    }
    return connection;
  }

  private async assertMayManage(
    tx: TenantTransaction,
    actor: Actor,
    staffId: string,
    path: string,
  ): Promise<void> {
    const staff = await tx.get(StaffRepository).findById(staffId);
    if (!staff)
      throw new ValidationError('unknown staff member', [{ path, message: 'no such staff member' }]);
    if (MANAGERS.includes(actor.role)) return;
    if (!(await this.ownStaffIds(tx, actor)).includes(staffId)) {
      throw new ForbiddenError(
        "only owners, admins and the staff member may connect a staff member's calendar",
      );
    }
  }

  /** The staff records of a `staff` user: those whose email is the user's. */
  private async ownStaffIds(tx: TenantTransaction, actor: Actor): Promise<string[]> {
    if (actor.role !== 'staff' || !actor.userId) return [];
    const user = await tx.get(UserRepository).findById(actor.userId);
    if (!user) return [];
    return tx.get(CalendarConnectionRepository).staffIdsWithEmail(user.email);
  }
}

function hashState(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

function notConfigured(provider: OAuthProvider): ValidationError {
  return new ValidationError(`${provider} calendars are not configured on this server`, [
    { path: 'body.provider', message: `${provider} is not configured (see GET /v1/calendar-connections)` },
  ]);
}
