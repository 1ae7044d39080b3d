import { SqlRepository } from '../db/sql-repository';
import type { RawWrite } from '../db/sql-repository';
import type { EntityChange } from './sync-entities';

/**
 * PostgreSQL NOTIFY channel of committed versions, sent by the committing instance after the commit
 * (server/sync/instance-pokes.ts); payload `<instanceId>:<tenantId>:<version>`.
 */
export const POKE_CHANNEL = 'bookdesk_sync';

/**
 * PostgreSQL: the highest value `sync_versions` has handed out (its last value, or one less while it
 * was never called, e.g. right after a RESTART): every later nextval returns more.
 */
const DRAWN_SQL = `SELECT last_value - (NOT is_called)::int AS f FROM sync_versions`;

/**
 * PostgreSQL: registers the `sync_versions` value this transaction's versions will be above, as a
 * transaction-scoped shared advisory lock keyed by that 64-bit value in the two-int4 key space
 * (pg_locks objsubid 2; Bookdesk's other advisory locks use bigint keys, objsubid 1). Shared locks
 * never wait for each other. Read by ChangeFeedRepository.watermark. No tenant table is touched.
 */
export const REGISTER_DRAW_SQL = `SELECT pg_advisory_xact_lock_shared((f >> 32)::int,
    ((f & 4294967295) - CASE WHEN (f & 4294967295) >= 2147483648 THEN 4294967296 ELSE 0 END)::int)
  FROM (${DRAWN_SQL}) s`;

/** Rows per multi-row upsert on SQLite (5 parameters each, far below SQLite's 32766 limit). */
const UPSERT_BATCH = 1000;

/**
 * The change log (`sync_changes`) and where versions come from (SQLite: the tenant's counter row in
 * `tenant_versions`; PostgreSQL: the `sync_versions` sequence). Only {@link ChangeFeed} and the pull
 * use it; see server/sync/README.md for why a pull never skips a version committed late.
 */
export class ChangeFeedRepository extends SqlRepository {
  /**
   * Records each change, in order, at a new version of the tenant.
   *
   * `committed` gets the last version once the transaction has committed (the caller announces it,
   * TenantTransaction.announceVersion, which is what pokes the event streams).
   *
   * SQLite (one writer at a time): the tenant's counter row (`tenant_versions`) gives the next
   * versions at once.
   *
   * PostgreSQL: the versions come from the `sync_versions` sequence, and the statements are queued
   * to run just before the transaction's COMMIT, in its round trip (ScopedRepository.rawAtCommit).
   * One statement runs `write`, registers the sequence's value before it draws as a shared advisory
   * lock held until the commit has ended (REGISTER_DRAW_SQL, see {@link watermark}), then records
   * the changes at nextval in order and returns the last. No writer waits for another. No NOTIFY in
   * the writer's transaction: PostgreSQL serialises the commits of all transactions that notified, on
   * one lock held through their WAL flush; the poke is sent after the commit (instance-pokes.ts). Its
   * errors surface from the commit.
   *
   * `write`, the entity's own write, runs with the record: on PostgreSQL as a data-modifying WITH
   * item of the same statement (executed exactly once; a violation aborts it all). `written`
   * (PostgreSQL only) gets whether it wrote a row once committed: the changes are recorded only then.
   */
  async record(
    changes: readonly EntityChange[],
    write: RawWrite | undefined,
    committed: (lastVersion: number) => void,
    written?: (wrote: boolean) => void,
  ): Promise<void> {
    if (this.dialect === 'postgres') {
      const statement = this.postgresRecord(changes, write);
      this.sqlAtCommit(statement.sql, statement.parameters, (rows) => {
        const version = (rows[0] as { version: unknown } | undefined)?.version;
        const wrote = version !== null && version !== undefined;
        if (wrote) committed(Number(version));
        written?.(wrote);
      });
      return;
    }
    if (written) throw new Error('a guarded write is recorded on PostgreSQL only');
    if (write) await this.sql(write.sql, write.parameters);
    if (changes.length === 0) return;
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
    committed(last);
  }

  /**
   * PostgreSQL's recording statement of {@link record} (`?` placeholders). The registration comes
   * before every nextval: each row the INSERT numbers is joined with the registration's one row,
   * which its CTE can only produce once the lock is held. A write that wrote no row (a guarded
   * INSERT whose conditions failed) records nothing, and the statement returns a NULL version.
   */
  private postgresRecord(changes: readonly EntityChange[], write?: RawWrite): RawWrite {
    return {
      sql: `WITH ${write ? `w AS (${write.sql} RETURNING 1), ` : ''}registered AS MATERIALIZED (
         ${REGISTER_DRAW_SQL}
       ), c AS (
         INSERT INTO sync_changes (tenant_id, entity, entity_id, op, version)
         SELECT ?, t.entity, t.entity_id::uuid, t.op, nextval('sync_versions')
           FROM registered,
                unnest(?::text[], ?::text[], ?::text[]) WITH ORDINALITY AS t(entity, entity_id, op, ord)
          ${write ? 'WHERE EXISTS (SELECT 1 FROM w)' : ''}
          ORDER BY t.ord
         ON CONFLICT (tenant_id, entity, entity_id) DO UPDATE SET op = excluded.op, version = excluded.version
         RETURNING version
       )
       SELECT max(c.version) AS version FROM c`,
      parameters: [
        ...(write?.parameters ?? []),
        this.tenantId,
        changes.map((c) => c.entity),
        changes.map((c) => c.id),
        changes.map((c) => c.op),
      ],
    };
  }

  /**
   * The highest version a pull may serve: every change with a version at or below it that will ever
   * be committed is committed now (visible to any statement that starts after this one).
   *
   * SQLite: the tenant's counter (one writer at a time, so nothing is ever in flight).
   *
   * PostgreSQL: `min(N, F)`, where N is the highest value the sequence has handed out (DRAWN_SQL),
   * read first, and F the lowest value registered (REGISTER_DRAW_SQL) by a transaction still in
   * flight, read after N (the LATERAL reference orders the two reads). Why nothing at or below it can
   * appear later: a transaction T that drew v <= N drew it before N was read, and had registered the
   * highest value handed out before drawing, f < v. If T was still in flight when the registrations
   * were read, F <= f < v. Otherwise T had ended before that read, and a commit is visible before its
   * locks are released, so T's changes are visible to every statement that starts later (tenant
   * transactions are READ COMMITTED, server/db/statements.ts) — or T rolled back. Versions drawn
   * after N was read are above N. This holds with CACHE 1 (migration SyncVersionSequence) and with
   * nothing but the recording statement drawing from the sequence.
   */
  async watermark(): Promise<number> {
    if (this.dialect !== 'postgres') return this.currentVersion();
    const [row] = await this.sql<{ watermark: unknown }>(
      `SELECT least(s.n, r.floor) AS watermark
         FROM (SELECT f AS n FROM (${DRAWN_SQL}) d) s
         CROSS JOIN LATERAL (
           SELECT min((l.classid::bigint << 32) | l.objid::bigint) AS floor FROM pg_locks l
            WHERE l.locktype = 'advisory' AND l.objsubid = 2 AND s.n IS NOT NULL
              AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
         ) r`,
    );
    return Number(row!.watermark);
  }

  /**
   * The tenant's last change a pull can serve now (0 before its first): on SQLite its counter, on
   * PostgreSQL its highest version at or below the {@link watermark} (read by a later statement).
   */
  async latestVersion(): Promise<number> {
    if (this.dialect !== 'postgres') return this.currentVersion();
    const ceiling = await this.watermark();
    const [row] = await this.sql<{ version: unknown }>(
      `SELECT max(version) AS version FROM sync_changes WHERE tenant_id = ? AND version <= ?`,
      [this.tenantId, ceiling],
    );
    return Number(row?.version ?? 0);
  }

  /** SQLite: the tenant's current version (0 before its first change). PostgreSQL: {@link watermark}. */
  async currentVersion(): Promise<number> {
    if (this.dialect === 'postgres') return this.watermark();
    const [row] = await this.sql<{ version: unknown }>(
      `SELECT version FROM tenant_versions WHERE tenant_id = ?`,
      [this.tenantId],
    );
    return row ? Number(row.version) : 0;
  }
}
