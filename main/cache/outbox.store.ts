/**
 * Changes made on the desktop that have not reached the API yet. Rows survive crashes and restarts
 * (they are in SQLite); the sync engine of a later issue pushes them in `seq` order.
 */
import type { CacheDatabase } from './cache.database';

/** One queued mutation as `POST /v1/sync/push` takes it. */
export interface OutboxEntry {
  clientId: string;
  mutationId: number;
  name: string;
  args: unknown;
}

export class OutboxStore {
  constructor(private readonly db: CacheDatabase) {}

  enqueue(entry: OutboxEntry, now = new Date()): void {
    this.db
      .prepare('INSERT INTO outbox (client_id, mutation_id, name, args, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(entry.clientId, entry.mutationId, entry.name, JSON.stringify(entry.args), now.toISOString());
  }

  /** How many changes are waiting; the header shows it as "N changes waiting". */
  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM outbox').get() as { n: number }).n;
  }
}
