/**
 * Writes one sync result of a connection into `external_busy`: diffs it against the stored blocks
 * (by eventIdHash) so unchanged blocks are not rewritten and get no new sync version. A full result
 * replaces every block of the connection; an incremental one upserts and deletes by hash.
 * Only eventIdHash, subject, start, end and duration are written (BusyBlockInput carries nothing else).
 */
import { randomUUID } from 'node:crypto';
import type { TenantTransaction } from '../db/tenant-scope';
import { ImportedBusyRepository } from '../external-busy/external-busy.repository';
import type { ImportedBlock } from '../external-busy/external-busy.repository';
import type { EntityChange } from '../sync/change-feed';
import type { BusyBlockInput, ProviderKind } from './calendar-provider';

/** How many blocks one import added, changed and removed. */
export interface ImportCounts {
  added: number;
  updated: number;
  removed: number;
}

/** The sync entity name of external busy blocks (server/sync/sync-entities.ts). */
export const EXTERNAL_BUSY_ENTITY = 'externalBusy' as const;

function sameBlock(a: ImportedBlock, b: BusyBlockInput): boolean {
  return (
    a.subject === b.subject &&
    a.start.getTime() === b.start.getTime() &&
    a.end.getTime() === b.end.getTime() &&
    a.durationMinutes === b.durationMinutes
  );
}

/**
 * Applies `result` to the connection's blocks in `tx` and returns the counts and the sync changes
 * to record (the caller records them last in the transaction, see server/sync/README.md).
 */
export async function importBusyBlocks(
  tx: TenantTransaction,
  connection: { id: string; staffId: string; provider: ProviderKind },
  result: { full: boolean; upserts: readonly BusyBlockInput[]; deletes: readonly string[] },
  now: Date,
): Promise<{ counts: ImportCounts; changes: EntityChange[] }> {
  const busy = tx.get(ImportedBusyRepository);
  const stored = new Map((await busy.ofConnection(connection.id)).map((b) => [b.eventIdHash, b]));
  const incoming = new Map(result.upserts.map((b) => [b.eventIdHash, b]));

  const inserts: ImportedBlock[] = [];
  const updates: ImportedBlock[] = [];
  for (const block of incoming.values()) {
    const current = stored.get(block.eventIdHash);
    const row = {
      id: current?.id ?? randomUUID(),
      eventIdHash: block.eventIdHash,
      subject: block.subject,
      start: block.start,
      end: block.end,
      durationMinutes: block.durationMinutes,
    };
    if (!current) inserts.push(row);
    else if (!sameBlock(current, block)) updates.push(row);
  }
  const goneHashes = result.full
    ? [...stored.keys()].filter((hash) => !incoming.has(hash))
    : result.deletes.filter((hash) => stored.has(hash) && !incoming.has(hash));
  const removedIds = [...new Set(goneHashes)].map((hash) => stored.get(hash)!.id);

  await busy.deleteIds(removedIds);
  await busy.insertMany(
    { id: connection.id, staffId: connection.staffId, source: connection.provider },
    inserts,
    now,
  );
  for (const row of updates) await busy.update(row);

  const changes: EntityChange[] = [
    ...removedIds.map((id) => ({ entity: EXTERNAL_BUSY_ENTITY, id, op: 'del' as const })),
    ...[...inserts, ...updates].map((b) => ({ entity: EXTERNAL_BUSY_ENTITY, id: b.id, op: 'put' as const })),
  ];
  return { counts: { added: inserts.length, updated: updates.length, removed: removedIds.length }, changes };
}

/** Removes every block of a connection (disconnect); returns the sync tombstones to record. */
export async function removeAllBusyBlocks(
  tx: TenantTransaction,
  connectionId: string,
): Promise<EntityChange[]> {
  const busy = tx.get(ImportedBusyRepository);
  const ids = (await busy.ofConnection(connectionId)).map((b) => b.id);
  await busy.deleteIds(ids);
  return ids.map((id) => ({ entity: EXTERNAL_BUSY_ENTITY, id, op: 'del' as const }));
}
