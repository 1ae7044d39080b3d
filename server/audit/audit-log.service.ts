/**
 * The security audit log every feature writes to. Events are hash-chained per tenant (./audit-chain.ts)
 * with HMAC-SHA256 under a random per-tenant chain key, stored encrypted with the master keyring
 * (SecretCipher, so key rotation re-encrypts it and old events keep verifying). The chain's head and
 * retention anchor carry a MAC too, so deleting the newest events or faking a prune is detected.
 */
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { SecretCipher } from '../crypto/secret.cipher';
import { secretAad } from '../crypto/secret.cipher';
import type { MaintenanceLookups } from '../db/maintenance-lookups';
import type { TenantScope, TenantScopes, TenantTransaction } from '../db/tenant-scope';
import type { AuditEventType, AuditRow, ChainVerification, JsonValue } from './audit-chain';
import {
  GENESIS_HASH,
  nextChainLink,
  planRetentionPrune,
  resolveAuditRetentionDays,
  verifyChain,
} from './audit-chain';
import type { AuditChainState, AuditEventFilter } from './audit.repository';
import { AuditRepository } from './audit.repository';

/** What a caller records. No secrets, as little personal data as possible. */
export interface AuditEntry {
  type: AuditEventType;
  /** The user or API key id that acted; null for the system or an unknown user. */
  actorId: string | null;
  data?: { [key: string]: JsonValue };
}

/** Outcome of {@link AuditLog.verify} (the `GET /v1/audit/verify` body). */
export interface AuditVerification {
  ok: boolean;
  checked: number;
  firstBadId?: string;
}

/** Outcome of one retention run over every tenant. */
export interface PruneReport {
  tenants: number;
  deleted: number;
  /** Tenants whose expired events did not verify: left untouched (evidence is never pruned). */
  refused: string[];
}

const VERIFY_BATCH = 1000;
const APPEND_ATTEMPTS = 3;

export class AuditLog {
  constructor(
    private readonly cipher: SecretCipher,
    private readonly options: { retentionDays?: number; now?: () => Date } = {},
  ) {
    resolveAuditRetentionDays(options.retentionDays);
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  /**
   * Appends `entry` inside the caller's transaction, so the event commits or rolls back with the change
   * it records. Appends of one tenant serialise on its chain row (PostgreSQL row lock; SQLite has one
   * writer), so two transactions never take the same seq.
   */
  async append(tx: TenantTransaction, entry: AuditEntry): Promise<AuditRow> {
    const repository = tx.get(AuditRepository);
    const { state, key } = await this.lockChain(tx);
    const event = {
      tenantId: tx.tenantId,
      type: entry.type,
      actorId: entry.actorId,
      at: this.now(),
      data: entry.data ?? {},
    };
    const head = state.headSeq > 0 ? { seq: state.headSeq, hash: state.headHash } : null;
    const link = nextChainLink(head, event, { hmacKey: key });
    const row: AuditRow = { ...event, id: randomUUID(), ...link };
    await repository.insertEvent(row);
    await repository.updateHead(link.seq, link.hash, mac(key, 'head', tx.tenantId, link.seq, link.hash));
    return row;
  }

  /** Records `entry` in a transaction of its own (events with no accompanying change, e.g. a failed sign-in). */
  async record(scope: TenantScope, entry: AuditEntry): Promise<AuditRow> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await scope.transaction((tx) => this.append(tx, entry));
      } catch (error) {
        // A first append racing another on a brand-new chain can still collide on (tenant_id, seq).
        if (attempt >= APPEND_ATTEMPTS || !isUniqueViolation(error)) throw error;
      }
    }
  }

  /** Events of the scope's tenant in seq order, filtered (the `GET /v1/audit` listing). */
  list(scope: TenantScope, filter: AuditEventFilter): Promise<AuditRow[]> {
    return scope.transaction((tx) => tx.get(AuditRepository).listEvents(filter));
  }

  /** Verifies the tenant's whole remaining chain from its anchor to its head. */
  verify(scope: TenantScope): Promise<AuditVerification> {
    return scope.transaction(async (tx) => {
      const repository = tx.get(AuditRepository);
      const state = await repository.lockChain();
      const first = (await repository.listEvents({ limit: 1 }))[0];
      if (!state) return first ? { ok: false, checked: 0, firstBadId: first.id } : { ok: true, checked: 0 };
      const key = this.decryptKey(tx.tenantId, state.hmacKey);
      const stored = await repository.getAnchor();
      if (stored && !macMatches(stored.mac, mac(key, 'anchor', tx.tenantId, stored.seq, stored.hash))) {
        return { ok: false, checked: 0, ...(first ? { firstBadId: first.id } : {}) };
      }
      let anchor = stored ? { tenantId: tx.tenantId, seq: stored.seq, hash: stored.hash } : undefined;
      let checked = 0;
      for (;;) {
        const batch = await repository.listEvents({ afterSeq: anchor?.seq ?? 0, limit: VERIFY_BATCH });
        if (batch.length === 0) break;
        // Verification starts at the anchor, so rows before it (or a gap right after it) fail too.
        const result: ChainVerification = verifyChain(batch, { hmacKey: key, anchor });
        checked += result.checked;
        if (!result.ok)
          return { ok: false, checked, ...(result.firstBadId ? { firstBadId: result.firstBadId } : {}) };
        const last = batch.at(-1)!;
        anchor = { tenantId: tx.tenantId, seq: last.seq, hash: last.hash };
      }
      const headOk =
        macMatches(state.headMac, mac(key, 'head', tx.tenantId, state.headSeq, state.headHash)) &&
        state.headSeq === (anchor?.seq ?? 0) &&
        state.headHash === (anchor?.hash ?? GENESIS_HASH);
      return headOk ? { ok: true, checked } : { ok: false, checked };
    });
  }

  /**
   * Retention: in every tenant, deletes the events older than the retention period and moves the
   * anchor to the newest deleted one, so what remains still verifies. A tenant whose expired events do
   * not verify is left as it is and reported.
   */
  async prune(scopes: TenantScopes, tenants: MaintenanceLookups): Promise<PruneReport> {
    const report: PruneReport = { tenants: 0, deleted: 0, refused: [] };
    const now = this.now();
    const cutoff = new Date(
      now.getTime() - resolveAuditRetentionDays(this.options.retentionDays) * 86_400_000,
    );
    for (const tenantId of await tenants.tenantIds()) {
      const deleted = await scopes.forTenant(tenantId).transaction(async (tx) => {
        const repository = tx.get(AuditRepository);
        const state = await repository.lockChain();
        if (!state) return 0;
        const key = this.decryptKey(tenantId, state.hmacKey);
        const stored = await repository.getAnchor();
        if (stored && !macMatches(stored.mac, mac(key, 'anchor', tenantId, stored.seq, stored.hash)))
          return -1;
        const anchor = stored ? { tenantId, seq: stored.seq, hash: stored.hash } : undefined;
        const expired = await repository.listEvents({ to: cutoff, limit: 1_000_000 });
        if (expired.length === 0) return 0;
        // Contiguous from the anchor up to the newest expired event (an out-of-order instant stops the prefix).
        const after = anchor?.seq ?? 0;
        const prefix = await repository.listEvents({ afterSeq: after, limit: expired.at(-1)!.seq - after });
        const plan = planRetentionPrune(prefix, {
          now,
          retentionDays: this.options.retentionDays,
          anchor,
          hmacKey: key,
        });
        if (!plan.ok) return -1;
        if (plan.deleteThroughSeq === undefined || !plan.anchor) return 0;
        const count = await repository.deleteThrough(plan.deleteThroughSeq);
        const { seq, hash } = plan.anchor;
        await repository.saveAnchor({
          tenantId,
          seq,
          hash,
          mac: mac(key, 'anchor', tenantId, seq, hash),
          prunedAt: now,
        });
        return count;
      });
      report.tenants += 1;
      if (deleted < 0) report.refused.push(tenantId);
      else report.deleted += deleted;
    }
    return report;
  }

  /** The tenant's chain state (created with a fresh key on first use), locked, and its decrypted key. */
  private async lockChain(tx: TenantTransaction): Promise<{ state: AuditChainState; key: Buffer }> {
    const repository = tx.get(AuditRepository);
    let state = await repository.lockChain();
    if (!state) {
      const key = randomBytes(32);
      await repository.createChain({
        hmacKey: this.cipher.encrypt(key.toString('base64'), chainKeyAad(tx.tenantId)),
        headSeq: 0,
        headHash: GENESIS_HASH,
        headMac: mac(key, 'head', tx.tenantId, 0, GENESIS_HASH),
      });
      state = (await repository.lockChain())!;
    }
    return { state, key: this.decryptKey(tx.tenantId, state.hmacKey) };
  }

  private decryptKey(tenantId: string, ciphertext: string): Buffer {
    return Buffer.from(this.cipher.decrypt(ciphertext, chainKeyAad(tenantId)), 'base64');
  }
}

/** Where a tenant's chain key lives, bound into its ciphertext (and used by key rotation). */
export function chainKeyAad(tenantId: string): string {
  return secretAad({ tenantId, table: 'audit_chains', column: 'hmac_key', recordId: tenantId });
}

function mac(key: Buffer, kind: 'head' | 'anchor', tenantId: string, seq: number, hash: string): string {
  return createHmac('sha256', key)
    .update(`bookdesk-audit-${kind}\n${tenantId}\n${seq}\n${hash}`)
    .digest('hex');
}

function macMatches(stored: string, expected: string): boolean {
  const a = Buffer.from(stored, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

function isUniqueViolation(error: unknown): boolean {
  const cause = (error as { driverError?: { code?: string } }).driverError;
  return (
    cause?.code === '23505' ||
    cause?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    cause?.code === 'SQLITE_CONSTRAINT_UNIQUE'
  );
}
