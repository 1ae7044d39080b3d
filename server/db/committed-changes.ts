/**
 * "Tenant X committed changes up to version v" inside this process, one signal per Database (so two
 * API instances in one process never hear each other's commits). Emitted by TenantScope.transaction
 * after the commit, for the versions its transaction announced (ChangeFeed, server/sync/change-feed.ts).
 * The sync server forwards it to this instance's event streams and, on PostgreSQL, to the others by
 * NOTIFY (server/sync/instance-pokes.ts).
 */
export type CommittedChangeHandler = (tenantId: string, version: number) => void;

export class CommittedChanges {
  readonly #handlers = new Set<CommittedChangeHandler>();

  /** Calls `handler` after every commit that announced a change; returns the unsubscribe function. */
  subscribe(handler: CommittedChangeHandler): () => void {
    this.#handlers.add(handler);
    return () => this.#handlers.delete(handler);
  }

  /** Calls every handler; one that throws is reported and skipped (the commit has happened anyway). */
  emit(tenantId: string, version: number): void {
    for (const handler of this.#handlers) {
      try {
        handler(tenantId, version);
      } catch (error) {
        process.emitWarning(`committed-change handler failed: ${String(error)}`);
      }
    }
  }
}
