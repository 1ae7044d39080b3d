/**
 * Account cancellation (`DELETE /v1/tenant`) and the purge of cancelled accounts' data. Cancelling
 * marks the tenant cancelled (the bearer hook accepts credentials of active tenants only), revokes
 * every token and API key in the same transaction, schedules deletion, records account.cancelled,
 * then disconnects every calendar (provider revocation is network I/O, so after the commit).
 */
import type { AuditLog } from '../audit/audit-log.service';
import type { PasswordHasher } from '../auth/password.hasher';
import type { AuthContext } from '../auth/request-auth';
import type { TokenService } from '../auth/token.service';
import type { MaintenanceLookups } from '../db/maintenance-lookups';
import type { TenantScope, TenantScopes } from '../db/tenant-scope';
import { ConflictError, ForbiddenError, ValidationError } from '../errors';
import type { AccountCancelled, CancelAccountBody } from '../privacy/privacy.schemas';
import { UserRepository } from '../users/user.repository';
import { TenantDataRepository } from './tenant-data.repository';
import { TenantLifecycleRepository } from './tenant-lifecycle.repository';
import { TenantRepository } from './tenant.repository';

/** How long a cancelled account's data is kept before the purge deletes it. */
export const DELETION_GRACE_DAYS = 30;
const DAY_MS = 86_400_000;

/** Disconnects every calendar connection of a tenant and deletes the credentials (server/calendars). */
export interface CalendarDisconnector {
  /** Returns how many connections went. */
  disconnectAll(scope: TenantScope): Promise<number>;
}

export interface TenantLifecycleDeps {
  now: () => Date;
  passwords: Pick<PasswordHasher, 'verify'>;
  tokens: Pick<TokenService, 'revokeEverything'>;
  audit: Pick<AuditLog, 'append'>;
  /** Absent until calendar connections are wired in; then every connection is disconnected on cancel. */
  calendarDisconnector?: CalendarDisconnector;
  log?: (message: string, error: unknown) => void;
}

/** Outcome of one purge run. */
export interface PurgeReport {
  /** Tenants whose rows were deleted. */
  purged: string[];
}

export class TenantLifecycleService {
  constructor(private readonly deps: TenantLifecycleDeps) {}

  /** Owner only (an API key never is), with the owner's password checked again. */
  async cancel(scope: TenantScope, auth: AuthContext, body: CancelAccountBody): Promise<AccountCancelled> {
    if (auth.role !== 'owner' || auth.userId === undefined) {
      throw new ForbiddenError('only the owner can cancel the account');
    }
    const userId = auth.userId;
    const user = await scope.transaction((tx) => tx.get(UserRepository).findById(userId));
    // argon2 outside the transaction (SQLite's one connection must not wait on it).
    if (!user || !(await this.deps.passwords.verify(user.passwordHash, body.password)).ok) {
      throw new ValidationError('the password is not correct', [
        { path: 'body.password', message: 'not correct' },
      ]);
    }
    const cancelledAt = this.deps.now();
    const deletionDueAt = new Date(cancelledAt.getTime() + DELETION_GRACE_DAYS * DAY_MS);
    await scope.transaction(async (tx) => {
      const tenants = tx.get(TenantRepository);
      if ((await tenants.get())?.status !== 'active') {
        throw new ConflictError('invalid-transition', 'the account is already cancelled');
      }
      await tenants.setStatus('cancelled');
      await tx
        .get(TenantLifecycleRepository)
        .insertCancellation({ cancelledAt, cancelledBy: userId, deletionDueAt });
      await this.deps.tokens.revokeEverything(tx);
      await this.deps.audit.append(tx, {
        type: 'account.cancelled',
        actorId: userId,
        data: { deletionDueAt: deletionDueAt.toISOString() },
      });
    });
    if (this.deps.calendarDisconnector) {
      try {
        await this.deps.calendarDisconnector.disconnectAll(scope);
      } catch (error) {
        // The account is cancelled either way; the purge deletes whatever is left.
        this.deps.log?.(`tenant ${scope.tenantId}: disconnecting calendars failed`, error);
      }
    }
    return {
      status: 'cancelled',
      cancelledAt: cancelledAt.toISOString(),
      deletionDueAt: deletionDueAt.toISOString(),
    };
  }

  /**
   * Deletes every row of each cancelled tenant whose deletion is due (children before parents, the
   * tenant row last), one transaction per tenant, inside that tenant's scope.
   */
  async purgeDue(
    scopes: TenantScopes,
    maintenance: Pick<MaintenanceLookups, 'tenantIds'>,
  ): Promise<PurgeReport> {
    const now = this.deps.now();
    const purged: string[] = [];
    for (const tenantId of await maintenance.tenantIds()) {
      const done = await scopes.forTenant(tenantId).transaction(async (tx) => {
        const cancellation = await tx.get(TenantLifecycleRepository).findCancellation();
        if (!cancellation || cancellation.deletionDueAt.getTime() > now.getTime()) return false;
        const data = tx.get(TenantDataRepository);
        for (const table of await data.tablesChildrenFirst()) await data.deleteAll(table);
        return true;
      });
      if (done) purged.push(tenantId);
    }
    return { purged };
  }
}
