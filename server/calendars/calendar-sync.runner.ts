/**
 * Syncs one connection: reads it (credential decrypted), calls its provider OUTSIDE any transaction,
 * then writes the result in ONE transaction that takes `lockStaff` for the connection's staff member
 * (so an import serialises with booking conflict checks on PostgreSQL; on SQLite `beginWrite` holds
 * the write lock), diffs the blocks, stores the new cursor/credential and records sync versions.
 * Failures keep every block: ProviderAuthError → `needs_reconnect`; ProviderUnavailableError → status
 * unchanged with `lastError`; anything else → `error`. `lastSyncedAt` moves only on success.
 */
import { DateTime } from 'luxon';
import { BookingRepository } from '../bookings/booking.repository';
import type { SecretCipher } from '../crypto/secret.cipher';
import type { TenantScope, TenantTransaction } from '../db/tenant-scope';
import { StaffRepository } from '../staff/staff.repository';
import { ChangeFeed } from '../sync/change-feed';
import { importBusyBlocks } from './busy-import';
import { pinCalDavAddress, reachesInternalNetwork } from './caldav-address';
import type { ImportCounts } from './busy-import';
import { openConnectionSecret, sealConnectionSecret } from './calendar-credential';
import type { ConnectionSecret } from './calendar-credential';
import { CalendarConnectionRepository } from './calendar-connection.repository';
import type { ConnectionRecord, ConnectionStatus } from './calendar-connection.repository';
import { ProviderAuthError, ProviderUnavailableError } from './calendar-provider';
import type { CalendarProvider, ProviderKind, SyncResult, SyncState, SyncWindow } from './calendar-provider';
import type { CalendarProviders } from './calendar-providers';

/** Every connection is synced this often (and on demand). */
export const SYNC_INTERVAL_MS = 5 * 60_000;
/** Whole local days imported before and after today. */
export const WINDOW_DAYS_BACK = 30;
export const WINDOW_DAYS_AHEAD = 90;

/** A provider as the runner drives it (credential and state are opaque JSON here). */
export type AnyProvider = CalendarProvider<unknown, SyncState>;

/**
 * Today −30 … +90 as whole local days in `timeZone`: the window only moves at local midnight, so the
 * incremental cursor (made for one window) stays valid all day; the adapters resync fully when it moves.
 */
export function syncWindow(now: Date, timeZone: string): SyncWindow {
  const today = DateTime.fromJSDate(now, { zone: timeZone }).startOf('day');
  return {
    from: today.minus({ days: WINDOW_DAYS_BACK }).toJSDate(),
    to: today.plus({ days: WINDOW_DAYS_AHEAD + 1 }).toJSDate(),
    timeZone,
  };
}

export function providerOf(providers: CalendarProviders, kind: ProviderKind): AnyProvider | undefined {
  // Each adapter is typed with its own credential/state; the runner stores both as opaque JSON.
  return providers[kind] as unknown as AnyProvider | undefined;
}

/** What a sync ended with. */
export interface SyncOutcome {
  connection: ConnectionRecord;
  counts: ImportCounts;
}

const NO_CHANGES: ImportCounts = { added: 0, updated: 0, removed: 0 };

export class CalendarSyncRunner {
  constructor(
    private readonly providers: CalendarProviders,
    private readonly cipher: SecretCipher,
    private readonly now: () => Date,
    private readonly log: (message: string, error?: unknown) => void = () => {},
    /** Whether CalDAV may reach loopback/private addresses (embedded servers: yes; hosted: no). */
    private readonly allowInternalCalDav = false,
  ) {}

  /** False when `serverUrl` would make this server call into its own network (see caldav-address.ts). */
  async isAllowedCalDavUrl(serverUrl: string): Promise<boolean> {
    return this.allowInternalCalDav || !(await reachesInternalNetwork(serverUrl));
  }

  /**
   * Connect time: the checked address `serverUrl`'s host resolves to, pinned with the connection
   * (null when it is internal on a hosted server, or does not resolve). See caldav-address.ts.
   */
  pinCalDavAddress(serverUrl: string): Promise<string | null> {
    return pinCalDavAddress(serverUrl, { allowInternal: this.allowInternalCalDav });
  }

  /** The staff member's location zone (for the window and floating/all-day times). */
  async zoneOf(tx: TenantTransaction, staffId: string): Promise<string | null> {
    return (await tx.get(StaffRepository).findById(staffId))?.location.timeZone ?? null;
  }

  /** Syncs connection `id` now; null when it does not exist (any more). */
  async sync(scope: TenantScope, id: string): Promise<SyncOutcome | null> {
    const loaded = await scope.transaction(async (tx) => {
      const connection = await tx.get(CalendarConnectionRepository).findById(id);
      return connection && { connection, zone: (await this.zoneOf(tx, connection.staffId)) ?? 'UTC' };
    });
    if (!loaded) return null;
    const { connection, zone } = loaded;
    const provider = providerOf(this.providers, connection.provider);
    if (!provider)
      return this.fail(scope, connection, 'error', `${connection.provider} is not configured on this server`);

    let secret: ConnectionSecret;
    try {
      secret = openConnectionSecret(this.cipher, scope.tenantId, id, connection.credential);
    } catch (error) {
      this.log(`calendar connection ${id}: stored credential unreadable`, error);
      return this.fail(
        scope,
        connection,
        'error',
        'the stored credential could not be read; reconnect the calendar',
      );
    }
    if (
      connection.provider === 'caldav' &&
      !(await this.isAllowedCalDavUrl((secret.credential as { serverUrl: string }).serverUrl))
    ) {
      return this.fail(
        scope,
        connection,
        'error',
        'the CalDAV server address is not allowed (internal network)',
      );
    }
    let result: SyncResult<unknown, SyncState>;
    try {
      result = await provider.sync(secret.credential, secret.state, syncWindow(this.now(), zone));
    } catch (error) {
      if (error instanceof ProviderAuthError) {
        return this.fail(
          scope,
          connection,
          'needs_reconnect',
          `${connection.provider} refused the connection: ${error.message}`,
        );
      }
      if (error instanceof ProviderUnavailableError) {
        return this.fail(
          scope,
          connection,
          undefined,
          `${connection.provider} unavailable: ${error.message}`,
        );
      }
      this.log(`calendar connection ${id}: sync failed`, error);
      return this.fail(scope, connection, 'error', 'sync failed unexpectedly');
    }
    return scope.transaction(async (tx) => {
      const applied = await this.apply(tx, connection, secret, result);
      const current = await tx.get(CalendarConnectionRepository).findById(id);
      return current && { connection: current, counts: applied ?? NO_CHANGES };
    });
  }

  /**
   * Writes `result` for `connection` (read at generation `connection.syncGeneration`) in `tx`.
   * Returns null, writing nothing, when the connection is gone or another sync was applied since.
   */
  async apply(
    tx: TenantTransaction,
    connection: ConnectionRecord,
    secret: ConnectionSecret,
    result: SyncResult<unknown, SyncState>,
  ): Promise<ImportCounts | null> {
    const bookings = tx.get(BookingRepository);
    await bookings.beginWrite();
    await bookings.lockStaff([connection.staffId]);
    const now = this.now();
    const stored = await tx
      .get(CalendarConnectionRepository)
      .recordSuccess(connection.id, connection.syncGeneration, {
        credential: sealConnectionSecret(this.cipher, tx.tenantId, connection.id, {
          credential: result.credential ?? secret.credential,
          state: result.nextState,
        }),
        syncedAt: now,
        nextSyncAt: new Date(now.getTime() + SYNC_INTERVAL_MS),
      });
    if (!stored) return null;
    const { counts, changes } = await importBusyBlocks(tx, connection, result, now);
    await ChangeFeed.record(tx, changes);
    return counts;
  }

  private async fail(
    scope: TenantScope,
    connection: ConnectionRecord,
    status: ConnectionStatus | undefined,
    lastError: string,
  ): Promise<SyncOutcome | null> {
    return scope.transaction(async (tx) => {
      const repo = tx.get(CalendarConnectionRepository);
      await repo.recordFailure(connection.id, {
        status,
        lastError,
        nextSyncAt: new Date(this.now().getTime() + SYNC_INTERVAL_MS),
      });
      const current = await repo.findById(connection.id);
      return current && { connection: current, counts: NO_CHANGES };
    });
  }
}
