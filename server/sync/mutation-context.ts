/**
 * Ties a pushed mutation to the transaction that applies it. The push service runs the REST
 * service inside {@link runMutation}; the first transaction of that call that records a change
 * (ChangeFeed.record) also advances the client's last mutation id, in the same transaction, so a
 * mutation's effect and "mutation n was applied" commit together or not at all.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { TenantTransaction } from '../db/tenant-scope';
import { SyncClientRepository } from './sync-client.repository';

/** The mutation being applied in this async context. */
interface PendingMutation {
  clientId: string;
  mutationId: number;
  at: Date;
  /** Set once a transaction that advanced the id has committed. */
  committed: boolean;
}

/** Thrown inside the applying transaction when another push already applied this mutation id. */
export class DuplicateMutationError extends Error {
  constructor() {
    super('mutation already applied');
  }
}

const pending = new AsyncLocalStorage<PendingMutation>();
const advancedIn = new WeakSet<TenantTransaction>();

/** Runs `apply` as mutation `mutationId` of `clientId`; true if its id was recorded with a change. */
export async function runMutation(
  clientId: string,
  mutationId: number,
  at: Date,
  apply: () => Promise<unknown>,
): Promise<boolean> {
  const mutation: PendingMutation = { clientId, mutationId, at, committed: false };
  await pending.run(mutation, apply);
  return mutation.committed;
}

/** Whether a pushed mutation is being applied in this async context. */
export function inPushedMutation(): boolean {
  return pending.getStore() !== undefined;
}

/** Called by ChangeFeed.record: advances the pending mutation's id in `tx` (once per mutation). */
export async function recordPendingMutation(tx: TenantTransaction): Promise<void> {
  const mutation = pending.getStore();
  if (!mutation || mutation.committed || advancedIn.has(tx)) return;
  const advanced = await tx
    .get(SyncClientRepository)
    .advance(mutation.clientId, mutation.mutationId, mutation.at);
  if (!advanced) throw new DuplicateMutationError();
  advancedIn.add(tx);
  tx.afterCommit(() => {
    mutation.committed = true;
  });
}
