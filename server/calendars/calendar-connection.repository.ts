/**
 * `calendar_connections` and `calendar_oauth_states` of the scope's tenant (raw SQL on both stores).
 * The `credential` column is one SecretCipher ciphertext (see calendar-credential.ts); nothing here
 * decrypts it.
 */
import { returnedRows } from '../db/scoped-repository';
import { readInstant, readOptionalInstant } from '../db/sql-dialect';
import { SqlRepository } from '../db/sql-repository';
import type { ProviderKind } from './calendar-provider';

export type ConnectionStatus = 'active' | 'needs_reconnect' | 'error';

/** One connected calendar. */
export interface ConnectionRecord {
  id: string;
  staffId: string;
  provider: ProviderKind;
  status: ConnectionStatus;
  /** Ciphertext of {credential, state}. */
  credential: string;
  /** Bumped by every applied sync; a sync whose start generation is stale is discarded. */
  syncGeneration: number;
  lastSyncedAt: Date | null;
  lastError: string | null;
  nextSyncAt: Date;
  createdAt: Date;
}

/** A pending OAuth authorization (PKCE verifier encrypted), single use. */
export interface OAuthStateRecord {
  id: string;
  stateHash: string;
  provider: Exclude<ProviderKind, 'caldav'>;
  userId: string;
  staffId: string;
  codeVerifier: string;
  expiresAt: Date;
  createdAt: Date;
}

type ConnectionRow = {
  id: string;
  staff_id: string;
  provider: ProviderKind;
  status: ConnectionStatus;
  credential: string;
  sync_generation: number | string;
  last_synced_at: unknown;
  last_error: string | null;
  next_sync_at: unknown;
  created_at: unknown;
};

const COLUMNS =
  'id, staff_id, provider, status, credential, sync_generation, last_synced_at, last_error, next_sync_at, created_at';

function toRecord(r: ConnectionRow): ConnectionRecord {
  return {
    id: r.id,
    staffId: r.staff_id,
    provider: r.provider,
    status: r.status,
    credential: r.credential,
    syncGeneration: Number(r.sync_generation),
    lastSyncedAt: readOptionalInstant(r.last_synced_at),
    lastError: r.last_error,
    nextSyncAt: readInstant(r.next_sync_at),
    createdAt: readInstant(r.created_at),
  };
}

export class CalendarConnectionRepository extends SqlRepository {
  /** {@link SqlRepository.sql} for `UPDATE/DELETE … RETURNING`. */
  private async returning<R>(sql: string, parameters: unknown[]): Promise<R[]> {
    return returnedRows<R>(await this.sql<unknown>(sql, parameters));
  }

  async insert(c: ConnectionRecord): Promise<void> {
    await this.sql(
      `INSERT INTO calendar_connections (tenant_id, ${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        this.tenantId,
        c.id,
        c.staffId,
        c.provider,
        c.status,
        c.credential,
        c.syncGeneration,
        c.lastSyncedAt ? this.at(c.lastSyncedAt) : null,
        c.lastError,
        this.at(c.nextSyncAt),
        this.at(c.createdAt),
      ],
    );
  }

  async findById(id: string): Promise<ConnectionRecord | null> {
    const rows = await this.sql<ConnectionRow>(
      `SELECT ${COLUMNS} FROM calendar_connections WHERE tenant_id = ? AND id = ?`,
      [this.tenantId, id],
    );
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /** All connections (optionally of some staff only), oldest first. */
  async list(staffIds?: readonly string[]): Promise<ConnectionRecord[]> {
    if (staffIds?.length === 0) return [];
    const filter = staffIds ? ` AND staff_id IN (${staffIds.map(() => '?').join(', ')})` : '';
    const rows = await this.sql<ConnectionRow>(
      `SELECT ${COLUMNS} FROM calendar_connections WHERE tenant_id = ?${filter} ORDER BY created_at, id`,
      [this.tenantId, ...(staffIds ?? [])],
    );
    return rows.map(toRecord);
  }

  /**
   * Stores a successful sync if nobody applied another since `generation` was read; false otherwise
   * (the caller rolls back: its result was computed from a stale cursor).
   */
  async recordSuccess(
    id: string,
    generation: number,
    patch: { credential: string; syncedAt: Date; nextSyncAt: Date },
  ): Promise<boolean> {
    const rows = await this.returning<{ id: string }>(
      `UPDATE calendar_connections
          SET credential = ?, status = 'active', last_synced_at = ?, last_error = NULL, next_sync_at = ?,
              sync_lease_until = NULL, sync_generation = sync_generation + 1
        WHERE tenant_id = ? AND id = ? AND sync_generation = ? RETURNING id`,
      [patch.credential, this.at(patch.syncedAt), this.at(patch.nextSyncAt), this.tenantId, id, generation],
    );
    return rows.length === 1;
  }

  /** Records a failed sync; `status` undefined keeps the current one. Blocks are not touched. */
  async recordFailure(
    id: string,
    patch: { status?: ConnectionStatus; lastError: string; nextSyncAt: Date },
  ): Promise<void> {
    await this.sql(
      `UPDATE calendar_connections
          SET status = COALESCE(?, status), last_error = ?, next_sync_at = ?, sync_lease_until = NULL
        WHERE tenant_id = ? AND id = ?`,
      [patch.status ?? null, patch.lastError.slice(0, 500), this.at(patch.nextSyncAt), this.tenantId, id],
    );
  }

  async delete(id: string): Promise<boolean> {
    const rows = await this.returning<{ id: string }>(
      `DELETE FROM calendar_connections WHERE tenant_id = ? AND id = ? RETURNING id`,
      [this.tenantId, id],
    );
    return rows.length === 1;
  }

  /**
   * Claims up to `limit` due connections for this instance until `leaseUntil`. On PostgreSQL rows
   * another instance is claiming right now are skipped (SKIP LOCKED) and rows it claimed carry a
   * live lease, so each due connection goes to exactly one instance.
   */
  async claimDue(now: Date, leaseUntil: Date, limit: number): Promise<string[]> {
    const lock = this.dialect === 'postgres' ? ' FOR UPDATE SKIP LOCKED' : '';
    const rows = await this.returning<{ id: string }>(
      `UPDATE calendar_connections SET sync_lease_until = ?
        WHERE tenant_id = ? AND id IN (
          SELECT id FROM calendar_connections
           WHERE tenant_id = ? AND next_sync_at <= ? AND (sync_lease_until IS NULL OR sync_lease_until < ?)
           ORDER BY next_sync_at, id LIMIT ?${lock})
        RETURNING id`,
      [this.at(leaseUntil), this.tenantId, this.tenantId, this.at(now), this.at(now), limit],
    );
    return rows.map((r) => r.id);
  }

  /** Staff members whose email is `email` (case-insensitive): a `staff` user's own records. */
  async staffIdsWithEmail(email: string): Promise<string[]> {
    const rows = await this.sql<{ id: string }>(
      `SELECT id FROM staff WHERE tenant_id = ? AND lower(email) = lower(?) ORDER BY id`,
      [this.tenantId, email],
    );
    return rows.map((r) => r.id);
  }

  async deleteAllOAuthStates(): Promise<void> {
    await this.sql(`DELETE FROM calendar_oauth_states WHERE tenant_id = ?`, [this.tenantId]);
  }

  async insertOAuthState(s: OAuthStateRecord): Promise<void> {
    await this.sql(
      `INSERT INTO calendar_oauth_states (tenant_id, id, state_hash, provider, user_id, staff_id, code_verifier, expires_at, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        this.tenantId,
        s.id,
        s.stateHash,
        s.provider,
        s.userId,
        s.staffId,
        s.codeVerifier,
        this.at(s.expiresAt),
        this.at(s.createdAt),
      ],
    );
  }

  /** Drops abandoned authorizations (their encrypted verifiers and ids) once they expired. */
  async deleteExpiredOAuthStates(now: Date): Promise<void> {
    await this.sql(`DELETE FROM calendar_oauth_states WHERE tenant_id = ? AND expires_at <= ?`, [
      this.tenantId,
      this.at(now),
    ]);
  }

  /** Deletes and returns the unexpired state with this hash (single use); also drops expired ones. */
  async takeOAuthState(stateHash: string, now: Date): Promise<OAuthStateRecord | null> {
    await this.deleteExpiredOAuthStates(now);
    const rows = await this.returning<{
      id: string;
      state_hash: string;
      provider: OAuthStateRecord['provider'];
      user_id: string;
      staff_id: string;
      code_verifier: string;
      expires_at: unknown;
      created_at: unknown;
    }>(
      `DELETE FROM calendar_oauth_states WHERE tenant_id = ? AND state_hash = ?
       RETURNING id, state_hash, provider, user_id, staff_id, code_verifier, expires_at, created_at`,
      [this.tenantId, stateHash],
    );
    const r = rows[0];
    return r
      ? {
          id: r.id,
          stateHash: r.state_hash,
          provider: r.provider,
          userId: r.user_id,
          staffId: r.staff_id,
          codeVerifier: r.code_verifier,
          expiresAt: readInstant(r.expires_at),
          createdAt: readInstant(r.created_at),
        }
      : null;
  }
}
