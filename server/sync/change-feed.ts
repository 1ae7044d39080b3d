/**
 * The sync primitive every write path of a synced entity calls inside its transaction (see
 * server/sync/README.md): it gives the change a new version of the tenant and records it in
 * `sync_changes`, in the same transaction, so `POST /v1/sync/pull` returns it in version order and
 * `GET /v1/sync/events` pokes once it is committed. On PostgreSQL that statement is sent with the
 * COMMIT and draws from one sequence (no writer waits for another; see ChangeFeedRepository.record
 * and .watermark); on SQLite it runs at once.
 */
import type { TenantTransaction } from '../db/tenant-scope';
import type { RawWrite } from '../db/sql-repository';
import { ChangeFeedRepository } from './change-feed.repository';
import type { ChangeOp, EntityChange, SyncEntity } from './sync-entities';
import { recordPendingMutation } from './mutation-context';

export type { ChangeOp, EntityChange, SyncEntity } from './sync-entities';

/** Records entity changes of the transaction's tenant; each gets a new version in this transaction. */
export const ChangeFeed = {
  /** `entity` `id` was created or changed. */
  recordPut(tx: TenantTransaction, entity: SyncEntity, id: string): Promise<void> {
    return ChangeFeed.record(tx, [{ entity, id, op: 'put' }]);
  },

  /**
   * Runs `write` (the entity's own INSERT or UPDATE) and records it as changed: on PostgreSQL one
   * statement, sent with the COMMIT, so its errors (e.g. a constraint violation) surface from the
   * commit. Only for a write that nothing later in the transaction reads.
   */
  recordPutWith(tx: TenantTransaction, entity: SyncEntity, id: string, write: RawWrite): Promise<void> {
    return ChangeFeed.record(tx, [{ entity, id, op: 'put' }], write);
  },

  /**
   * PostgreSQL: {@link recordPutWith} for a write guarded by its own conditions (an INSERT ... SELECT
   * ... WHERE) that may write nothing: the change is recorded only if it wrote a row, and `written`
   * tells which, once the transaction has committed.
   */
  recordPutIfWritten(
    tx: TenantTransaction,
    entity: SyncEntity,
    id: string,
    write: RawWrite,
    written: (wrote: boolean) => void,
  ): Promise<void> {
    return ChangeFeed.record(tx, [{ entity, id, op: 'put' }], write, written);
  },

  /** `entity` `id` was deleted (a tombstone the desktop applies). */
  recordDelete(tx: TenantTransaction, entity: SyncEntity, id: string): Promise<void> {
    return ChangeFeed.record(tx, [{ entity, id, op: 'del' }]);
  },

  /** Many ids of one entity at once (e.g. an import of busy blocks). */
  recordMany(tx: TenantTransaction, entity: SyncEntity, ids: readonly string[], op: ChangeOp): Promise<void> {
    return ChangeFeed.record(
      tx,
      ids.map((id) => ({ entity, id, op })),
    );
  },

  /**
   * Records `changes` in order, one version each (a repeated entity keeps its last op). `write`, if
   * given, runs first (in the same statement on PostgreSQL).
   */
  async record(
    tx: TenantTransaction,
    changes: readonly EntityChange[],
    write?: RawWrite,
    written?: (wrote: boolean) => void,
  ): Promise<void> {
    const unique = lastPerEntity(changes);
    if (unique.length === 0 && write === undefined) return;
    // Inside a pushed mutation: "mutation n applied" commits with its first change (./mutation-context.ts).
    await recordPendingMutation(tx);
    // Once committed, the last version is announced: this instance's event streams are poked and, on
    // PostgreSQL, the other instances through NOTIFY (instance-pokes.ts).
    await tx
      .get(ChangeFeedRepository)
      .record(unique, write, (version) => tx.announceVersion(version), written);
  },
};

/** One change per (entity, id), the last one, at the position of that last one. */
function lastPerEntity(changes: readonly EntityChange[]): EntityChange[] {
  const last = new Map<string, number>();
  changes.forEach((c, i) => last.set(`${c.entity}:${c.id}`, i));
  return changes.filter((c, i) => last.get(`${c.entity}:${c.id}`) === i);
}
