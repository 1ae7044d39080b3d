import { FrontDeskRepository } from '../locations/front-desk-base.repository';
import type { RawWrite } from '../locations/front-desk-base.repository';
import type { EntityChange } from './sync-entities';

/** PostgreSQL NOTIFY channel of committed versions; payload `<tenantId>:<version>`. */
export const POKE_CHANNEL = 'bookdesk_sync';

/** Rows per multi-row upsert on SQLite (5 parameters each, far below SQLite's 32766 limit). */
const UPSERT_BATCH = 1000;

/**
 * The tenant's version counter and change log (`tenant_versions`, `sync_changes`). Only
 * {@link ChangeFeed} uses it; see server/sync/README.md for why the counter row orders commits.
 */
export class ChangeFeedRepository extends FrontDeskRepository {
  /**
   * Takes `changes.length` versions (the counter row stays locked until commit) and records each
   * change at its version, in order; returns the last version. On PostgreSQL one statement also
   * queues `pg_notify`, which PostgreSQL delivers only when (and if) the transaction commits.
   * `write`, the entity's own write, runs first: on PostgreSQL as a data-modifying WITH item of the
   * same statement (executed exactly once whether or not anything reads it; a violation aborts it all).
   */
  async record(changes: readonly EntityChange[], write?: RawWrite): Promise<number> {
    if (this.dialect === 'postgres') return this.recordPostgres(changes, write);
    if (write) await this.sql(write.sql, write.parameters);
    if (changes.length === 0) return this.currentVersion();
    const [row] = await this.sql<{ version: number }>(
      `INSERT INTO tenant_versions (tenant_id, version) VALUES (?, ?)
       ON CONFLICT (tenant_id) DO UPDATE SET version = tenant_versions.version + excluded.version
       RETURNING version`,
      [this.tenantId, changes.length],
    );
    const last = Number(row!.version);
    const first = last - changes.length + 1;
    for (let offset = 0; offset < changes.length; offset += UPSERT_BATCH) {
      const batch = changes.slice(offset, offset + UPSERT_BATCH);
      await this.sql(
        `INSERT INTO sync_changes (tenant_id, entity, entity_id, op, version)
         VALUES ${batch.map(() => '(?, ?, ?, ?, ?)').join(', ')}
         ON CONFLICT (tenant_id, entity, entity_id) DO UPDATE SET op = excluded.op, version = excluded.version`,
        batch.flatMap((c, i) => [this.tenantId, c.entity, c.id, c.op, first + offset + i]),
      );
    }
    return last;
  }

  private async recordPostgres(changes: readonly EntityChange[], write?: RawWrite): Promise<number> {
    const statement = this.postgresRecord(changes, write);
    const [row] = await this.sql<{ version: string }>(statement.sql, statement.parameters);
    return Number(row!.version);
  }

  /** PostgreSQL's one statement of {@link record} (`?` placeholders). */
  private postgresRecord(changes: readonly EntityChange[], write?: RawWrite): RawWrite {
    return {
      // The write runs first (v reads from it): its checks (e.g. the bookings exclusion constraint)
      // then run before, not while, this transaction holds the tenant's counter row.
      sql: `WITH ${write ? `w AS (${write.sql} RETURNING 1), ` : ''}v AS (
         INSERT INTO tenant_versions (tenant_id, version)
         SELECT ?, ? ${write ? 'FROM (SELECT count(*) FROM w) AS written' : ''}
         ON CONFLICT (tenant_id) DO UPDATE SET version = tenant_versions.version + excluded.version
         RETURNING version
       ), c AS (
         INSERT INTO sync_changes (tenant_id, entity, entity_id, op, version)
         SELECT ?, t.entity, t.entity_id::uuid, t.op, v.version - ? + t.ord
           FROM v, unnest(?::text[], ?::text[], ?::text[]) WITH ORDINALITY AS t(entity, entity_id, op, ord)
         ON CONFLICT (tenant_id, entity, entity_id) DO UPDATE SET op = excluded.op, version = excluded.version
       )
       SELECT v.version, pg_notify('${POKE_CHANNEL}', ?::text || ':' || v.version) FROM v`,
      parameters: [
        ...(write?.parameters ?? []),
        this.tenantId,
        changes.length,
        this.tenantId,
        changes.length,
        changes.map((c) => c.entity),
        changes.map((c) => c.id),
        changes.map((c) => c.op),
        this.tenantId,
      ],
    };
  }

  /** True on SQLite, whose commits are announced in-process rather than by pg_notify. */
  get isEmbedded(): boolean {
    return this.dialect === 'sqlite';
  }

  /** The tenant's current version (0 before its first change). */
  async currentVersion(): Promise<number> {
    const [row] = await this.sql<{ version: unknown }>(
      `SELECT version FROM tenant_versions WHERE tenant_id = ?`,
      [this.tenantId],
    );
    return row ? Number(row.version) : 0;
  }
}
