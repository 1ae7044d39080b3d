/**
 * How long the change log keeps tombstones, and the oldest cursor a pull still serves.
 *
 * `sync_changes` keeps one row per entity; a deleted entity's row is its tombstone (`op = 'del'`), and
 * without pruning the log would keep one for every entity ever deleted. {@link SyncRetention.prune}
 * deletes tombstones once they are older than the retention period and raises the tenant's floor
 * (`sync_retention.floor_version`) to the newest version it deleted: a client whose cursor is below
 * the floor may have missed a deletion, so its pull is answered 410 `/cursor-expired` and it takes a
 * fresh snapshot (SyncPullService). A cursor at or above the floor lost nothing: every tombstone after
 * it is still there. Live rows (`put`) are never pruned.
 *
 * The change log keeps no time per change (its recording statement is the write hot path, see
 * ChangeFeedRepository.record), so age is measured with a mark: each prune that finds no mark, or
 * consumes one, records the tenant's latest version with the clock (`mark_version`, `mark_at`). Once
 * that mark is older than the retention period, every tombstone at or below its version is at least
 * that old, and goes. So a tombstone lives between one and about two retention periods.
 */
import type { MaintenanceLookups } from '../db/maintenance-lookups';
import { SqlRepository } from '../db/sql-repository';
import { readInstant } from '../db/sql-dialect';
import { returnedRows } from '../db/scoped-repository';
import type { TenantScope, TenantScopes } from '../db/tenant-scope';
import { ChangeFeedRepository } from './change-feed.repository';

/** Default retention of tombstones: a desk offline longer than this takes a fresh snapshot. */
export const DEFAULT_TOMBSTONE_RETENTION_DAYS = 90;

const DAY_MS = 86_400_000;

/** A tenant's retention state (its `sync_retention` row). */
export interface RetentionState {
  /** The oldest cursor version a pull serves; 0 before the first prune that deleted something. */
  floorVersion: number;
  markVersion: number;
  markAt: Date;
}

/** `sync_retention` and the tombstones of `sync_changes`, for the scope's tenant. */
export class SyncRetentionRepository extends SqlRepository {
  /** The oldest cursor version a pull serves (0: any). */
  async floor(): Promise<number> {
    const [row] = await this.sql<{ floor_version: unknown }>(
      `SELECT floor_version FROM sync_retention WHERE tenant_id = ?`,
      [this.tenantId],
    );
    return row ? Number(row.floor_version) : 0;
  }

  /**
   * The tenant's state, locked until the transaction ends; created with the mark (`version`, `at`)
   * if it had none. The INSERT comes first: on SQLite it takes the write lock at once, on PostgreSQL
   * two concurrent prunes cannot both create the row.
   */
  async lockState(version: number, at: Date): Promise<RetentionState> {
    await this.sql(
      `INSERT INTO sync_retention (tenant_id, floor_version, mark_version, mark_at) VALUES (?, 0, ?, ?)
       ON CONFLICT (tenant_id) DO NOTHING`,
      [this.tenantId, version, this.at(at)],
    );
    const [row] = await this.sql<{ floor_version: unknown; mark_version: unknown; mark_at: unknown }>(
      `SELECT floor_version, mark_version, mark_at FROM sync_retention WHERE tenant_id = ?${
        this.dialect === 'postgres' ? ' FOR UPDATE' : ''
      }`,
      [this.tenantId],
    );
    return {
      floorVersion: Number(row!.floor_version),
      markVersion: Number(row!.mark_version),
      markAt: readInstant(row!.mark_at),
    };
  }

  async saveState(state: RetentionState): Promise<void> {
    await this.sql(
      `UPDATE sync_retention SET floor_version = ?, mark_version = ?, mark_at = ? WHERE tenant_id = ?`,
      [state.floorVersion, state.markVersion, this.at(state.markAt), this.tenantId],
    );
  }

  /**
   * Deletes the tombstones at or below `version`; returns how many and the newest version among them
   * (read first: a tombstone turned back into a put meanwhile is kept, and only makes that bound
   * conservative).
   */
  async deleteTombstonesThrough(version: number): Promise<{ deleted: number; newest: number }> {
    const [found] = await this.sql<{ newest: unknown }>(
      `SELECT max(version) AS newest FROM sync_changes WHERE tenant_id = ? AND op = 'del' AND version <= ?`,
      [this.tenantId, version],
    );
    if (found?.newest === null || found?.newest === undefined) return { deleted: 0, newest: 0 };
    const deleted = returnedRows(
      await this.sql<unknown>(
        `DELETE FROM sync_changes WHERE tenant_id = ? AND op = 'del' AND version <= ? RETURNING version`,
        [this.tenantId, version],
      ),
    );
    return { deleted: deleted.length, newest: Number(found.newest) };
  }
}

/** Outcome of one prune over every tenant. */
export interface SyncPruneReport {
  tenants: number;
  /** Tombstones deleted. */
  deleted: number;
}

/** Prunes tombstones older than `retentionDays` (by the server's clock `now`). */
export class SyncRetention {
  constructor(
    private readonly now: () => Date,
    readonly retentionDays = DEFAULT_TOMBSTONE_RETENTION_DAYS,
  ) {
    if (!Number.isFinite(retentionDays) || retentionDays <= 0)
      throw new Error('tombstone retention must be a positive number of days');
  }

  /** Every tenant, each in its own transaction (a housekeeping job calls this periodically). */
  async prune(
    scopes: TenantScopes,
    tenants: Pick<MaintenanceLookups, 'tenantIds'>,
  ): Promise<SyncPruneReport> {
    const report: SyncPruneReport = { tenants: 0, deleted: 0 };
    for (const tenantId of await tenants.tenantIds()) {
      report.deleted += await this.pruneTenant(scopes.forTenant(tenantId));
      report.tenants += 1;
    }
    return report;
  }

  /** One tenant: deletes its tombstones older than the retention period and raises its floor. */
  pruneTenant(scope: TenantScope): Promise<number> {
    return scope.transaction(async (tx) => {
      const now = this.now();
      const latest = await tx.get(ChangeFeedRepository).latestVersion();
      const retention = tx.get(SyncRetentionRepository);
      const state = await retention.lockState(latest, now);
      if (state.markAt.getTime() > now.getTime() - this.retentionDays * DAY_MS) return 0;
      const { deleted, newest } = await retention.deleteTombstonesThrough(state.markVersion);
      await retention.saveState({
        floorVersion: Math.max(state.floorVersion, newest),
        markVersion: latest,
        markAt: now,
      });
      return deleted;
    });
  }
}
