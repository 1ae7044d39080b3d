/**
 * The scope tenant's audit storage (contract at the top of ./audit-chain.ts): `audit_events`, the
 * tenant's `audit_anchors` row (newest pruned event) and its `audit_chains` row (encrypted HMAC key
 * and the authenticated head). Raw SQL because these tables are not TypeORM entities.
 */
import type { AuditAnchor, AuditEventType, AuditRow, JsonValue } from './audit-chain';
import { ScopedRepository } from '../db/scoped-repository';
import { instantParam, placeholders, readInstant, readInteger } from '../db/sql-dialect';

/** The tenant's chain state: encrypted HMAC key and the newest event's seq/hash, MAC'd. */
export interface AuditChainState {
  hmacKey: string;
  headSeq: number;
  headHash: string;
  headMac: string;
}

/** The stored anchor with its MAC and when pruning wrote it. */
export interface StoredAnchor extends AuditAnchor {
  mac: string;
  prunedAt: Date;
}

/** Filters of an audit listing. */
export interface AuditEventFilter {
  from?: Date;
  to?: Date;
  type?: AuditEventType;
  /** Only events with a greater seq (keyset paging). */
  afterSeq?: number;
  limit: number;
}

type EventRecord = {
  tenant_id: string;
  seq: number | string;
  id: string;
  type: AuditEventType;
  actor_id: string | null;
  at: Date | string;
  data: string | Record<string, JsonValue>;
  prev_hash: string;
  hash: string;
};

export class AuditRepository extends ScopedRepository {
  private sql<R>(text: string, parameters: unknown[] = []): Promise<R[]> {
    return this.rawQuery<R>(placeholders(this.dialect, text), parameters);
  }

  /** Reads the chain state, locking it until the transaction ends (appends serialise on it). */
  async lockChain(): Promise<AuditChainState | null> {
    const lock = this.dialect === 'postgres' ? ' FOR UPDATE' : '';
    const [row] = await this.sql<{
      hmac_key: string;
      head_seq: number | string;
      head_hash: string;
      head_mac: string;
    }>(`SELECT hmac_key, head_seq, head_hash, head_mac FROM audit_chains WHERE tenant_id = ?${lock}`, [
      this.tenantId,
    ]);
    return row
      ? {
          hmacKey: row.hmac_key,
          headSeq: readInteger(row.head_seq),
          headHash: row.head_hash,
          headMac: row.head_mac,
        }
      : null;
  }

  /** Creates the chain row unless a concurrent transaction just did. */
  async createChain(state: AuditChainState): Promise<void> {
    await this.sql(
      `INSERT INTO audit_chains (tenant_id, hmac_key, head_seq, head_hash, head_mac) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (tenant_id) DO NOTHING`,
      [this.tenantId, state.hmacKey, state.headSeq, state.headHash, state.headMac],
    );
  }

  async updateHead(seq: number, hash: string, mac: string): Promise<void> {
    await this.sql(`UPDATE audit_chains SET head_seq = ?, head_hash = ?, head_mac = ? WHERE tenant_id = ?`, [
      seq,
      hash,
      mac,
      this.tenantId,
    ]);
  }

  /** Rewrites the encrypted HMAC key if it still holds `previous` (key rotation); false when it changed. */
  async replaceChainKey(previous: string, next: string): Promise<boolean> {
    const rows = await this.rawReturning(
      placeholders(
        this.dialect,
        `UPDATE audit_chains SET hmac_key = ? WHERE tenant_id = ? AND hmac_key = ? RETURNING tenant_id`,
      ),
      [next, this.tenantId, previous],
    );
    return rows.length > 0;
  }

  async insertEvent(row: AuditRow): Promise<void> {
    await this.sql(
      `INSERT INTO audit_events (tenant_id, seq, id, type, actor_id, at, data, prev_hash, hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        this.tenantId,
        row.seq,
        row.id,
        row.type,
        row.actorId,
        instantParam(this.dialect, new Date(row.at)),
        JSON.stringify(row.data),
        row.prevHash,
        row.hash,
      ],
    );
  }

  /** Events in ascending seq order matching `filter`. */
  async listEvents(filter: AuditEventFilter): Promise<AuditRow[]> {
    const conditions = ['tenant_id = ?'];
    const parameters: unknown[] = [this.tenantId];
    if (filter.from) {
      conditions.push('at >= ?');
      parameters.push(instantParam(this.dialect, filter.from));
    }
    if (filter.to) {
      conditions.push('at < ?');
      parameters.push(instantParam(this.dialect, filter.to));
    }
    if (filter.type) {
      conditions.push('type = ?');
      parameters.push(filter.type);
    }
    if (filter.afterSeq !== undefined) {
      conditions.push('seq > ?');
      parameters.push(filter.afterSeq);
    }
    parameters.push(filter.limit);
    const rows = await this.sql<EventRecord>(
      `SELECT * FROM audit_events WHERE ${conditions.join(' AND ')} ORDER BY seq LIMIT ?`,
      parameters,
    );
    return rows.map(toAuditRow);
  }

  async getAnchor(): Promise<StoredAnchor | null> {
    const [row] = await this.sql<{
      seq: number | string;
      hash: string;
      mac: string;
      pruned_at: Date | string;
    }>(`SELECT seq, hash, mac, pruned_at FROM audit_anchors WHERE tenant_id = ?`, [this.tenantId]);
    return row
      ? {
          tenantId: this.tenantId,
          seq: readInteger(row.seq),
          hash: row.hash,
          mac: row.mac,
          prunedAt: readInstant(row.pruned_at),
        }
      : null;
  }

  async saveAnchor(anchor: StoredAnchor): Promise<void> {
    await this.sql(
      `INSERT INTO audit_anchors (tenant_id, seq, hash, mac, pruned_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (tenant_id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, mac = excluded.mac,
         pruned_at = excluded.pruned_at`,
      [this.tenantId, anchor.seq, anchor.hash, anchor.mac, instantParam(this.dialect, anchor.prunedAt)],
    );
  }

  /** Retention: deletes the tenant's events with seq ≤ `seq`; returns how many went. */
  async deleteThrough(seq: number): Promise<number> {
    const rows = await this.rawReturning(
      placeholders(this.dialect, `DELETE FROM audit_events WHERE tenant_id = ? AND seq <= ? RETURNING seq`),
      [this.tenantId, seq],
    );
    return rows.length;
  }
}

function toAuditRow(row: EventRecord): AuditRow {
  return {
    tenantId: row.tenant_id,
    seq: readInteger(row.seq),
    id: row.id,
    type: row.type,
    actorId: row.actor_id,
    at: readInstant(row.at),
    data: typeof row.data === 'string' ? (JSON.parse(row.data) as AuditRow['data']) : row.data,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
