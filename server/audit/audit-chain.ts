import { createHash, createHmac } from 'node:crypto';

/**
 * Pure hash-chain logic for the per-tenant, append-only security log. Storage is the caller's:
 *
 * - `audit_events (tenant_id, seq, id, type, actor_id, at, data, prev_hash, hash)`, primary key
 *   `(tenant_id, seq)`; `seq` starts at 1 per tenant and has no gaps; `at` keeps at least millisecond
 *   precision; `data` is a JSON object (integers beyond 2^53 must be strings). Never UPDATE or DELETE
 *   except through retention pruning.
 * - `audit_anchors (tenant_id, seq, hash, pruned_at)`, one row per tenant once anything was pruned:
 *   the `seq` and `hash` of the newest pruned event. Verification starts from it.
 *
 * Appending: read the head (newest event, else the anchor, else nothing), call {@link nextChainLink},
 * insert. Two concurrent appends for one tenant collide on `(tenant_id, seq)`: retry the loser.
 * Verifying: load the tenant's events ordered by `seq` and its anchor, call {@link verifyChain}.
 * Pruning: see {@link planRetentionPrune}.
 */

/** Every security event the log records. */
export const AUDIT_EVENT_TYPES = [
  'sign_in.success',
  'sign_in.failure',
  'token.reuse_detected',
  'role.changed',
  'api_key.created',
  'api_key.revoked',
  'data.exported',
  'data.erased',
  'booking.overlap_override',
  'account.cancelled',
  'mfa.enabled',
  'mfa.disabled',
  'password.changed',
  'tenant.restored',
  'tenant.moved',
  'tenant.plan_changed',
  'walk_in.closed_at_day_end',
] as const;

/** One of {@link AUDIT_EVENT_TYPES}. */
export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

/** A JSON value as stored in the `data` column. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** The hashed content of an event. */
export interface AuditEvent {
  tenantId: string;
  /** 1, 2, 3, … per tenant. */
  seq: number;
  type: AuditEventType;
  /** The user or API key that acted; null for the system or an unknown user (failed sign-in). */
  actorId: string | null;
  /** When it happened; hashed as its `toISOString()` form, so a Date read back from the database verifies. */
  at: string | Date;
  /** Event details (no secrets, as little personal data as possible). */
  data: { [key: string]: JsonValue };
}

/** A stored event. */
export interface AuditRow extends AuditEvent {
  id: string;
  /** Hash of the previous event, or of the anchor, or {@link GENESIS_HASH} for seq 1. */
  prevHash: string;
  hash: string;
}

/** The newest pruned event of a tenant: where verification of the remaining events starts. */
export interface AuditAnchor {
  tenantId: string;
  seq: number;
  hash: string;
}

/** Outcome of {@link verifyChain}; `firstBadId` is the first row that does not verify. */
export interface ChainVerification {
  ok: boolean;
  /** Rows that verified (all of them when `ok`). */
  checked: number;
  firstBadId?: string;
  reason?: 'hash_mismatch' | 'prev_hash_mismatch' | 'seq_gap' | 'tenant_mismatch' | 'head_mismatch';
}

/** Options shared by hashing and verification. */
export interface ChainKeyOption {
  /**
   * When set, event hashes are HMAC-SHA256 under this key instead of plain SHA-256, so someone who can
   * write to the database but does not hold the key cannot rebuild a consistent chain after editing it.
   */
  hmacKey?: Buffer;
}

/** `prevHash` of a tenant's first event. */
export const GENESIS_HASH = '0'.repeat(64);

/** Retention of audit events in days: default 180, configurable from 30 to 183 (1–6 months). */
export const AUDIT_RETENTION_DEFAULT_DAYS = 180;
export const AUDIT_RETENTION_MIN_DAYS = 30;
export const AUDIT_RETENTION_MAX_DAYS = 183;

/**
 * Deterministic JSON: object keys sorted by code unit, no whitespace, `-0` written as `0`.
 * @throws TypeError for values JSON cannot represent faithfully (non-finite numbers, undefined, …).
 */
export function canonicalJson(value: JsonValue): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('canonicalJson: numbers must be finite');
    return JSON.stringify(value === 0 ? 0 : value);
  }
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item)).join(',')}]`;
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key]!)}`).join(',')}}`;
  }
  throw new TypeError(`canonicalJson: unsupported value of type ${typeof value}`);
}

/** Hex hash binding `event` to the hash of the event before it. */
export function computeEventHash(prevHash: string, event: AuditEvent, options: ChainKeyOption = {}): string {
  const at = new Date(event.at);
  if (Number.isNaN(at.getTime())) throw new TypeError('computeEventHash: "at" is not a valid instant');
  const payload = canonicalJson({
    prevHash,
    tenantId: event.tenantId,
    seq: event.seq,
    type: event.type,
    actorId: event.actorId,
    at: at.toISOString(),
    data: event.data,
  });
  const digest = options.hmacKey ? createHmac('sha256', options.hmacKey) : createHash('sha256');
  return digest.update(`bookdesk-audit-v1\n${payload}`, 'utf8').digest('hex');
}

/**
 * The `seq`, `prevHash` and `hash` for a new event, given the tenant's head: its newest stored event,
 * or its anchor when every event was pruned, or null for the first event ever.
 */
export function nextChainLink(
  head: Pick<AuditRow, 'seq' | 'hash'> | null,
  event: Omit<AuditEvent, 'seq'>,
  options: ChainKeyOption = {},
): { seq: number; prevHash: string; hash: string } {
  const seq = head ? head.seq + 1 : 1;
  const prevHash = head ? head.hash : GENESIS_HASH;
  return { seq, prevHash, hash: computeEventHash(prevHash, { ...event, seq }, options) };
}

/**
 * Verifies a tenant's events, given in ascending `seq` order as stored. Detects an edited row (its
 * hash no longer matches), a deleted row (a `seq` gap and a `prevHash` that does not match), rows
 * swapped or renumbered, and a row of another tenant. Starts from `anchor` when the tenant's log was
 * pruned. With `head` (the newest `seq`/`hash` the caller recorded separately), deleting the newest
 * rows is detected too.
 */
export function verifyChain(
  rows: readonly AuditRow[],
  options: ChainKeyOption & { anchor?: AuditAnchor; head?: Pick<AuditRow, 'seq' | 'hash'> } = {},
): ChainVerification {
  const { anchor, head } = options;
  const tenantId = anchor?.tenantId ?? rows[0]?.tenantId;
  let expectedSeq = anchor ? anchor.seq + 1 : 1;
  let expectedPrev = anchor ? anchor.hash : GENESIS_HASH;
  let checked = 0;
  for (const row of rows) {
    const bad = (reason: ChainVerification['reason']): ChainVerification => ({
      ok: false,
      checked,
      firstBadId: row.id,
      reason,
    });
    if (row.tenantId !== tenantId) return bad('tenant_mismatch');
    if (row.seq !== expectedSeq) return bad('seq_gap');
    if (row.prevHash !== expectedPrev) return bad('prev_hash_mismatch');
    if (!hashMatches(row, options)) return bad('hash_mismatch');
    expectedSeq += 1;
    expectedPrev = row.hash;
    checked += 1;
  }
  if (head && (head.seq !== expectedSeq - 1 || head.hash !== expectedPrev)) {
    return { ok: false, checked, reason: 'head_mismatch' };
  }
  return { ok: true, checked };
}

/** Validates a configured retention period; undefined gives the default of 180 days. */
export function resolveAuditRetentionDays(days?: number): number {
  if (days === undefined) return AUDIT_RETENTION_DEFAULT_DAYS;
  if (!Number.isInteger(days) || days < AUDIT_RETENTION_MIN_DAYS || days > AUDIT_RETENTION_MAX_DAYS) {
    throw new RangeError(
      `audit retention must be a whole number of days from ${AUDIT_RETENTION_MIN_DAYS} to ${AUDIT_RETENTION_MAX_DAYS}`,
    );
  }
  return days;
}

/** Result of {@link planRetentionPrune}. */
export type RetentionPrunePlan =
  | {
      ok: true;
      /** Delete the tenant's events with seq ≤ this (nothing when undefined). */ deleteThroughSeq?: number;
      anchor?: AuditAnchor;
    }
  | { ok: false; verification: ChainVerification };

/**
 * Decides what retention may delete. `rows` are the tenant's oldest events in ascending `seq` order
 * (at least all those older than the cutoff); `anchor` is its current anchor. The prefix of events
 * older than `now - retentionDays` is to be deleted and the newest of them becomes the new anchor,
 * so the remaining events still verify. The prefix is verified first: a broken chain is never pruned
 * (that would destroy the evidence) and the plan returns the failure instead.
 *
 * The caller then, in one transaction: deletes `seq <= deleteThroughSeq` for the tenant and upserts
 * the anchor row.
 */
export function planRetentionPrune(
  rows: readonly AuditRow[],
  options: ChainKeyOption & { now: Date; retentionDays?: number; anchor?: AuditAnchor },
): RetentionPrunePlan {
  const cutoff = options.now.getTime() - resolveAuditRetentionDays(options.retentionDays) * 86_400_000;
  const expired: AuditRow[] = [];
  for (const row of rows) {
    if (new Date(row.at).getTime() >= cutoff) break;
    expired.push(row);
  }
  const verification = verifyChain(expired, options);
  if (!verification.ok) return { ok: false, verification };
  const last = expired.at(-1);
  if (!last) return { ok: true, ...(options.anchor ? { anchor: options.anchor } : {}) };
  return {
    ok: true,
    deleteThroughSeq: last.seq,
    anchor: { tenantId: last.tenantId, seq: last.seq, hash: last.hash },
  };
}

function hashMatches(row: AuditRow, options: ChainKeyOption): boolean {
  try {
    return computeEventHash(row.prevHash, row, options) === row.hash;
  } catch {
    // An edited row whose data or instant can no longer be serialised is simply a mismatch.
    return false;
  }
}
