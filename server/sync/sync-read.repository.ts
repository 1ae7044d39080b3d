import { SqlRepository } from '../db/sql-repository';
import type { SyncEntity } from './sync-entities';

/** What one read of an entity table selects: a page in id order, or given ids. */
export type RowSelection = { ids: readonly string[] } | { afterId: string | null; limit: number };

/**
 * The working window of a snapshot (bookings starting in it, blocks and time off overlapping it),
 * less the rows that `except` would select (the days a snapshot sends first, see sync-pull.service).
 */
export interface SyncWindow {
  from: Date;
  to: Date;
  except?: { from: Date; to: Date };
}

/** A row as read, keyed by its id; the sources turn it into the REST wire shape. */
export type SqlRow = Record<string, unknown> & { id: string };

/**
 * Where a feature's source reads its entity (./sync-sources.ts `sqlSource`): the FROM clause with the
 * entity's table aliased `x` (joins may follow), the columns, and for a windowed entity the window
 * condition (its two parameters: the window's `to`, then its `from`).
 */
export interface SqlTable {
  from: string;
  columns: string;
  window?: string;
}

/** Most ids in one `IN (...)` list (well within both stores' parameter limits). */
const IN_CHUNK = 1000;

/**
 * Bulk reads of synced tables for pulls: pages in id order within the snapshot window, rows by id
 * for deltas, and the versions the feed holds for ids. Raw SQL: a full snapshot reads 10^5 rows.
 */
export class SyncReadRepository extends SqlRepository {
  /** Rows of `spec` selected by `selection`, restricted to `window` if given and `spec` has one. */
  async rows(spec: SqlTable, selection: RowSelection, window?: SyncWindow): Promise<SqlRow[]> {
    if ('ids' in selection) {
      if (selection.ids.length === 0) return [];
      if (this.dialect === 'postgres') {
        // One array parameter: a 5000-item IN list costs PostgreSQL more to parse and plan than to run.
        return this.sql<SqlRow>(
          `SELECT ${spec.columns} FROM ${spec.from} WHERE x.tenant_id = ? AND x.id = ANY(?::uuid[])`,
          [this.tenantId, selection.ids],
        );
      }
      const out: SqlRow[] = [];
      for (let i = 0; i < selection.ids.length; i += IN_CHUNK) {
        const chunk = selection.ids.slice(i, i + IN_CHUNK);
        out.push(
          ...(await this.sql<SqlRow>(
            `SELECT ${spec.columns} FROM ${spec.from} WHERE x.tenant_id = ? AND x.id IN (${chunk.map(() => '?').join(', ')})`,
            [this.tenantId, ...chunk],
          )),
        );
      }
      return out;
    }
    const { conditions, parameters } = this.pageConditions(spec, selection.afterId, window);
    return this.sql<SqlRow>(
      `SELECT ${spec.columns} FROM ${spec.from} WHERE ${conditions.join(' AND ')} ORDER BY x.id LIMIT ${Math.trunc(selection.limit)}`,
      parameters,
    );
  }

  /** How many rows the pages of {@link rows} go through (same FROM, same conditions): a snapshot's total. */
  async count(spec: SqlTable, window?: SyncWindow): Promise<number> {
    const { conditions, parameters } = this.pageConditions(spec, null, window);
    const [row] = await this.sql<{ n: unknown }>(
      `SELECT count(*) AS n FROM ${spec.from} WHERE ${conditions.join(' AND ')}`,
      parameters,
    );
    return Number(row?.n ?? 0);
  }

  /** The WHERE conditions of a page: the tenant, after `afterId`, and `spec`'s window condition. */
  private pageConditions(
    spec: SqlTable,
    afterId: string | null,
    window?: SyncWindow,
  ): { conditions: string[]; parameters: unknown[] } {
    const conditions = ['x.tenant_id = ?'];
    const parameters: unknown[] = [this.tenantId];
    if (afterId !== null) {
      conditions.push('x.id > ?');
      parameters.push(afterId);
    }
    if (window && spec.window) {
      conditions.push(spec.window);
      parameters.push(this.at(window.to), this.at(window.from));
      if (window.except) {
        conditions.push(`NOT (${spec.window})`);
        parameters.push(this.at(window.except.to), this.at(window.except.from));
      }
    }
    return { conditions, parameters };
  }

  /** The feed's version of each of these ids of `entity` (absent: never changed since the feed began). */
  async versions(entity: SyncEntity, ids: readonly string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    if (ids.length === 0) return out;
    if (this.dialect === 'postgres') {
      const rows = await this.sql<{ entity_id: string; version: unknown }>(
        `SELECT entity_id, version FROM sync_changes WHERE tenant_id = ? AND entity = ? AND entity_id = ANY(?::uuid[])`,
        [this.tenantId, entity, ids],
      );
      for (const r of rows) out.set(String(r.entity_id), Number(r.version));
      return out;
    }
    for (let i = 0; i < ids.length; i += IN_CHUNK) {
      const chunk = ids.slice(i, i + IN_CHUNK);
      const rows = await this.sql<{ entity_id: string; version: unknown }>(
        `SELECT entity_id, version FROM sync_changes
          WHERE tenant_id = ? AND entity = ? AND entity_id IN (${chunk.map(() => '?').join(', ')})`,
        [this.tenantId, entity, ...chunk],
      );
      for (const r of rows) out.set(String(r.entity_id), Number(r.version));
    }
    return out;
  }

  /** Changes after `version`, in version order (`limit` rows at most). */
  async changesAfter(
    version: number,
    limit: number,
  ): Promise<{ entity: SyncEntity; id: string; op: 'put' | 'del'; version: number }[]> {
    const rows = await this.sql<{
      entity: SyncEntity;
      entity_id: string;
      op: 'put' | 'del';
      version: unknown;
    }>(
      `SELECT entity, entity_id, op, version FROM sync_changes
        WHERE tenant_id = ? AND version > ? ORDER BY version LIMIT ${Math.trunc(limit)}`,
      [this.tenantId, version],
    );
    return rows.map((r) => ({
      entity: r.entity,
      id: String(r.entity_id),
      op: r.op,
      version: Number(r.version),
    }));
  }

  /** The last applied mutation id of every push client of the tenant. */
  async lastMutationIds(): Promise<Record<string, number>> {
    const rows = await this.sql<{ client_id: string; last_mutation_id: unknown }>(
      `SELECT client_id, last_mutation_id FROM sync_clients WHERE tenant_id = ?`,
      [this.tenantId],
    );
    return Object.fromEntries(rows.map((r) => [r.client_id, Number(r.last_mutation_id)]));
  }
}
