import { SqlRepository } from '../db/sql-repository';
import type { Problem } from '../http/problem';

/**
 * How many rejected mutations a client's row remembers: more than one push batch of the desk
 * (SyncPusher sends 100), so a whole lost answer can be told again.
 */
export const REMEMBERED_REJECTIONS = 200;

/** A rejected mutation's id and the problem it was answered with. */
export interface Rejection {
  id: number;
  problem: Problem;
}

/**
 * The last applied push mutation id per desktop client of the scope's tenant (`sync_clients`), and
 * the problems of its latest rejected mutations (`rejections`).
 */
export class SyncClientRepository extends SqlRepository {
  /** 0 for a client that never pushed. */
  async lastApplied(clientId: string): Promise<number> {
    const [row] = await this.sql<{ last_mutation_id: unknown }>(
      `SELECT last_mutation_id FROM sync_clients WHERE tenant_id = ? AND client_id = ?`,
      [this.tenantId, clientId],
    );
    return row ? Number(row.last_mutation_id) : 0;
  }

  /**
   * Moves the client's last id to `mutationId` if it is below it; false if it was not (the
   * mutation is a duplicate). On PostgreSQL a concurrent push of the same client waits on the row
   * and then sees the new id, so one mutation id is applied at most once.
   */
  async advance(clientId: string, mutationId: number, at: Date): Promise<boolean> {
    const rows = await this.sql(
      `INSERT INTO sync_clients (tenant_id, client_id, last_mutation_id, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (tenant_id, client_id) DO UPDATE
         SET last_mutation_id = excluded.last_mutation_id, updated_at = excluded.updated_at
         WHERE sync_clients.last_mutation_id < excluded.last_mutation_id
       RETURNING client_id`,
      [this.tenantId, clientId, mutationId, this.at(at)],
    );
    return rows.length > 0;
  }

  /** The client's remembered rejections, oldest first (none for a client that never pushed). */
  async rejections(clientId: string): Promise<Rejection[]> {
    const [row] = await this.sql<{ rejections: unknown }>(
      `SELECT rejections FROM sync_clients WHERE tenant_id = ? AND client_id = ?`,
      [this.tenantId, clientId],
    );
    return typeof row?.rejections === 'string' ? (JSON.parse(row.rejections) as Rejection[]) : [];
  }

  /**
   * Remembers a rejection, dropping the oldest beyond {@link REMEMBERED_REJECTIONS}. Called in the
   * transaction whose {@link advance} moved past the mutation (the row exists and is locked).
   */
  async remember(clientId: string, rejection: Rejection): Promise<void> {
    const kept = [...(await this.rejections(clientId)), rejection].slice(-REMEMBERED_REJECTIONS);
    await this.sql(`UPDATE sync_clients SET rejections = ? WHERE tenant_id = ? AND client_id = ?`, [
      JSON.stringify(kept),
      this.tenantId,
      clientId,
    ]);
  }
}
