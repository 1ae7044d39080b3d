/**
 * Where a pull gets each entity's data: one {@link SyncSource} per entity, in snapshot order. Each
 * feature owns its source (`<feature>.sync.ts`, mapping rows with the same functions as its REST
 * GETs) and the composition root registers them (./sync.module.ts `openSync`).
 */
import type { TenantTransaction } from '../db/tenant-scope';
import { SYNC_ENTITIES } from './sync-entities';
import type { SyncEntity } from './sync-entities';
import { SyncReadRepository } from './sync-read.repository';
import type { SqlRow, SqlTable, SyncWindow } from './sync-read.repository';

export type { SqlRow, SqlTable, SyncWindow } from './sync-read.repository';

/** An entity's data for a pull: `id` and its REST wire shape. */
export interface SyncItem {
  id: string;
  data: unknown;
}

/** How a pull reads one entity. */
export interface SyncSource {
  entity: SyncEntity;
  /**
   * Snapshot page: up to `limit` items of the working set with an id greater than `afterId`
   * (null: from the start), in ascending id order (the cursor continues after the last id).
   * `window.now` is the snapshot's start, for entities whose working set is "today".
   */
  page(
    tx: TenantTransaction,
    window: SyncWindow & { now: Date },
    afterId: string | null,
    limit: number,
  ): Promise<SyncItem[]>;
  /** Current data of these ids; an id that no longer exists is absent. */
  load(tx: TenantTransaction, ids: readonly string[]): Promise<SyncItem[]>;
  /**
   * How many items the snapshot pages of `window` go through (same filters as {@link page}): the
   * pull's `total`. Without it the pull counts by reading the pages.
   */
  count?(tx: TenantTransaction, window: SyncWindow & { now: Date }): Promise<number>;
  /**
   * Whether `window` cuts this entity's working set (rows dated in it). A snapshot then sends the
   * rows of the days around its start first and the rest of the window after every other entity.
   */
  windowed?: boolean;
}

/** The registry of sources, in snapshot order (settings before the rows that refer to them). */
export class SyncSources {
  readonly #sources = new Map<SyncEntity, SyncSource>();

  /** Adds the source of `source.entity`; a second source of one entity is a wiring mistake and throws. */
  register(source: SyncSource): void {
    if (this.#sources.has(source.entity))
      throw new Error(`sync source '${source.entity}' is registered twice`);
    this.#sources.set(source.entity, source);
  }

  /** Registered sources in snapshot order. */
  ordered(): SyncSource[] {
    return SYNC_ENTITIES.flatMap((entity) => {
      const source = this.#sources.get(entity);
      return source ? [source] : [];
    });
  }

  get(entity: SyncEntity): SyncSource | undefined {
    return this.#sources.get(entity);
  }
}

/**
 * A source reading `table` with plain SQL (SyncReadRepository: a full snapshot reads 10^5 rows), its
 * rows mapped by `toData` to the entity's REST wire shape.
 */
export function sqlSource(entity: SyncEntity, table: SqlTable, toData: (row: SqlRow) => unknown): SyncSource {
  const items = (rows: SqlRow[]) => rows.map((row) => ({ id: String(row.id), data: toData(row) }));
  return {
    entity,
    page: async (tx, window, afterId, limit) =>
      items(await tx.get(SyncReadRepository).rows(table, { afterId, limit }, window)),
    load: async (tx, ids) => items(await tx.get(SyncReadRepository).rows(table, { ids })),
    count: (tx, window) => tx.get(SyncReadRepository).count(table, window),
    windowed: table.window !== undefined,
  };
}
