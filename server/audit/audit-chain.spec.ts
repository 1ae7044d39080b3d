import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  GENESIS_HASH,
  canonicalJson,
  computeEventHash,
  nextChainLink,
  planRetentionPrune,
  resolveAuditRetentionDays,
  verifyChain,
  type AuditEvent,
  type AuditEventType,
  type AuditRow,
  type ChainKeyOption,
} from './audit-chain';

const tenantId = '0b6f3c1e-8a4e-4c0e-9d55-1f2a3b4c5d6e';
const otherTenantId = '7d1e2f3a-4b5c-4d6e-8f90-a1b2c3d4e5f6';
const start = Date.parse('2026-01-01T08:00:00Z');
const DAY = 86_400_000;
const types: AuditEventType[] = [
  'sign_in.failure',
  'sign_in.success',
  'role.changed',
  'api_key.created',
  'data.exported',
];

/** Appends `count` events one day apart, exactly as the storing side would. */
function buildChain(count: number, options: ChainKeyOption = {}, tenant = tenantId): AuditRow[] {
  const rows: AuditRow[] = [];
  for (let index = 0; index < count; index++) {
    const event: Omit<AuditEvent, 'seq'> = {
      tenantId: tenant,
      type: types[index % types.length]!,
      actorId: index % 2 === 0 ? null : `user-${index}`,
      at: new Date(start + index * DAY).toISOString(),
      data: { ip: '203.0.113.7', attempt: index, nested: { z: 1, a: [true, null, 'x'] } },
    };
    const link = nextChainLink(rows.at(-1) ?? null, event, options);
    rows.push({ ...event, ...link, id: `${tenant.slice(0, 4)}-row-${link.seq}` });
  }
  return rows;
}

describe('audit chain', () => {
  describe(canonicalJson.name, () => {
    it('sorts keys at every level and ignores insertion order', () => {
      expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe(
        '{"a":{"c":null,"d":[1,{"x":1,"y":2}]},"b":1}',
      );
      expect(canonicalJson({ x: 'é', y: -0 })).toBe(canonicalJson({ y: 0, x: 'é' }));
    });

    it('refuses values JSON cannot carry', () => {
      expect(() => canonicalJson({ n: Number.NaN })).toThrow(TypeError);
      expect(() => canonicalJson({ n: Number.POSITIVE_INFINITY })).toThrow(TypeError);
    });
  });

  describe(computeEventHash.name, () => {
    const event: AuditEvent = {
      tenantId,
      seq: 1,
      type: 'sign_in.success',
      actorId: 'user-1',
      at: '2026-01-01T08:00:00.000Z',
      data: { ip: '203.0.113.7', method: 'password+totp' },
    };

    it('is a 64-hex-digit hash that changes with every field and with the previous hash', () => {
      const hash = computeEventHash(GENESIS_HASH, event);
      expect(hash).toMatch(/^[0-9a-f]{64}$/);

      const variants: AuditEvent[] = [
        { ...event, tenantId: otherTenantId },
        { ...event, seq: 2 },
        { ...event, type: 'sign_in.failure' },
        { ...event, actorId: null },
        { ...event, at: '2026-01-01T08:00:00.001Z' },
        { ...event, data: { ...event.data, ip: '203.0.113.8' } },
      ];
      for (const variant of variants) expect(computeEventHash(GENESIS_HASH, variant)).not.toBe(hash);
      expect(computeEventHash('1'.repeat(64), event)).not.toBe(hash);
    });

    it('does not depend on key order in data or on how the instant is represented', () => {
      const reordered = { ...event, data: { method: 'password+totp', ip: '203.0.113.7' } };
      const asDate = { ...event, at: new Date('2026-01-01T09:00:00+01:00') };

      expect(computeEventHash(GENESIS_HASH, reordered)).toBe(computeEventHash(GENESIS_HASH, event));
      expect(computeEventHash(GENESIS_HASH, asDate)).toBe(computeEventHash(GENESIS_HASH, event));
    });

    it('with a key, gives a hash that the plain and other-key variants do not reproduce', () => {
      const key = randomBytes(32);
      const keyed = computeEventHash(GENESIS_HASH, event, { hmacKey: key });

      expect(keyed).not.toBe(computeEventHash(GENESIS_HASH, event));
      expect(keyed).not.toBe(computeEventHash(GENESIS_HASH, event, { hmacKey: randomBytes(32) }));
      expect(computeEventHash(GENESIS_HASH, event, { hmacKey: key })).toBe(keyed);
    });
  });

  describe(verifyChain.name, () => {
    it('accepts an untouched chain and an empty one', () => {
      expect(verifyChain(buildChain(10))).toEqual({ ok: true, checked: 10 });
      expect(verifyChain([])).toEqual({ ok: true, checked: 0 });
    });

    it('links the first event to the genesis hash', () => {
      const [first] = buildChain(1);

      expect(first!.seq).toBe(1);
      expect(first!.prevHash).toBe(GENESIS_HASH);
    });

    it.each([
      ['data', (row: AuditRow): AuditRow => ({ ...row, data: { ...row.data, ip: '198.51.100.1' } })],
      ['type', (row: AuditRow): AuditRow => ({ ...row, type: 'sign_in.success' as const })],
      ['actor', (row: AuditRow): AuditRow => ({ ...row, actorId: 'someone-else' })],
      ['time', (row: AuditRow): AuditRow => ({ ...row, at: new Date(start).toISOString() })],
    ])('detects an edited %s at that row', (_field, edit) => {
      const rows = buildChain(8);
      rows[4] = edit(rows[4]!);

      expect(verifyChain(rows)).toEqual({
        ok: false,
        checked: 4,
        firstBadId: rows[4]!.id,
        reason: 'hash_mismatch',
      });
    });

    it('detects an edited row even when its own hash was recomputed, at the row after it', () => {
      const rows = buildChain(8);
      const forged = { ...rows[4]!, data: { forged: true } };
      rows[4] = { ...forged, hash: computeEventHash(forged.prevHash, forged) };

      expect(verifyChain(rows)).toMatchObject({ ok: false, checked: 5, firstBadId: rows[5]!.id });
    });

    it('detects a deleted row at the row that followed it', () => {
      const rows = buildChain(8);
      const afterGap = rows[4]!;
      rows.splice(3, 1);

      expect(verifyChain(rows)).toEqual({
        ok: false,
        checked: 3,
        firstBadId: afterGap.id,
        reason: 'seq_gap',
      });
    });

    it('detects a deleted row whose successors were renumbered', () => {
      const rows = buildChain(8);
      rows.splice(3, 1);
      const renumbered = rows.map((row, index) => ({ ...row, seq: index + 1 }));

      expect(verifyChain(renumbered)).toEqual({
        ok: false,
        checked: 3,
        firstBadId: renumbered[3]!.id,
        reason: 'prev_hash_mismatch',
      });
    });

    it('detects two rows swapped in order', () => {
      const rows = buildChain(8);
      [rows[2], rows[3]] = [rows[3]!, rows[2]!];

      expect(verifyChain(rows)).toMatchObject({ ok: false, checked: 2, firstBadId: rows[2]!.id });
    });

    it('detects two rows that swapped their seq numbers', () => {
      const rows = buildChain(8);
      const [third, fourth] = [rows[2]!, rows[3]!];
      rows[2] = { ...fourth, seq: third.seq };
      rows[3] = { ...third, seq: fourth.seq };

      expect(verifyChain(rows)).toMatchObject({ ok: false, checked: 2, firstBadId: fourth.id });
    });

    it("detects another tenant's row slipped into the chain", () => {
      const rows = buildChain(6);
      const foreign = buildChain(6, {}, otherTenantId);
      rows[3] = foreign[3]!;

      expect(verifyChain(rows)).toMatchObject({
        ok: false,
        checked: 3,
        firstBadId: foreign[3]!.id,
        reason: 'tenant_mismatch',
      });
    });

    it('detects deleted newest rows when the caller keeps the head', () => {
      const rows = buildChain(6);
      const head = { seq: rows[5]!.seq, hash: rows[5]!.hash };

      expect(verifyChain(rows, { head })).toEqual({ ok: true, checked: 6 });
      expect(verifyChain(rows.slice(0, 4), { head })).toEqual({
        ok: false,
        checked: 4,
        reason: 'head_mismatch',
      });
    });

    it('with a key, refuses a chain rebuilt from scratch without it', () => {
      const hmacKey = randomBytes(32);
      const rows = buildChain(5, { hmacKey });

      expect(verifyChain(rows, { hmacKey })).toEqual({ ok: true, checked: 5 });
      expect(verifyChain(buildChain(5), { hmacKey })).toMatchObject({ ok: false, firstBadId: rows[0]!.id });
    });
  });

  describe(planRetentionPrune.name, () => {
    const now = new Date(start + 200 * DAY);

    it('prunes events older than the retention and leaves a chain that verifies from the new anchor', () => {
      const rows = buildChain(60).map((row, index) => ({
        ...row,
        at: new Date(start + index * 5 * DAY).toISOString(),
      }));
      const relinked = relink(rows);

      const plan = planRetentionPrune(relinked, { now, retentionDays: 30 });

      // Events at day 0, 5, …, 165 are older than day 170 (= 200 - 30): 34 of them.
      expect(plan).toMatchObject({
        ok: true,
        deleteThroughSeq: 34,
        anchor: { tenantId, seq: 34, hash: relinked[33]!.hash },
      });
      if (!plan.ok) return;
      const kept = relinked.filter((row) => row.seq > plan.deleteThroughSeq!);
      expect(verifyChain(kept, { anchor: plan.anchor })).toEqual({ ok: true, checked: 26 });
      expect(verifyChain(kept)).toMatchObject({ ok: false, firstBadId: kept[0]!.id });
    });

    it('prunes again later from the previous anchor, and new events chain onto the anchor', () => {
      const rows = relink(
        buildChain(10).map((row, index) => ({
          ...row,
          at: new Date(start + index * 40 * DAY).toISOString(),
        })),
      );
      const first = planRetentionPrune(rows, { now: new Date(start + 200 * DAY) });
      if (!first.ok) throw new Error('first prune refused');
      const afterFirst = rows.filter((row) => row.seq > first.deleteThroughSeq!);

      const second = planRetentionPrune(afterFirst, {
        now: new Date(start + 600 * DAY),
        anchor: first.anchor,
      });
      if (!second.ok) throw new Error('second prune refused');

      expect(second.deleteThroughSeq).toBe(10);
      const next = nextChainLink(second.anchor!, {
        tenantId,
        type: 'mfa.enabled',
        actorId: 'user-1',
        at: new Date(start + 600 * DAY).toISOString(),
        data: {},
      });
      const appended: AuditRow = {
        id: 'row-11',
        tenantId,
        type: 'mfa.enabled',
        actorId: 'user-1',
        at: new Date(start + 600 * DAY).toISOString(),
        data: {},
        ...next,
      };
      expect(next.seq).toBe(11);
      expect(verifyChain([appended], { anchor: second.anchor })).toEqual({ ok: true, checked: 1 });
    });

    it('prunes nothing when everything is recent, keeping the current anchor', () => {
      const rows = buildChain(5);
      const anchor = { tenantId, seq: 0, hash: GENESIS_HASH };

      expect(planRetentionPrune(rows, { now: new Date(start), retentionDays: 30 })).toEqual({ ok: true });
      expect(planRetentionPrune([], { now, anchor })).toEqual({ ok: true, anchor });
    });

    it('refuses to prune a tampered prefix, so pruning cannot launder an edit', () => {
      const rows = buildChain(10);
      rows[2] = { ...rows[2]!, data: { edited: true } };

      expect(planRetentionPrune(rows, { now })).toEqual({
        ok: false,
        verification: { ok: false, checked: 2, firstBadId: rows[2]!.id, reason: 'hash_mismatch' },
      });
    });
  });

  describe(resolveAuditRetentionDays.name, () => {
    it('defaults to 180 days and accepts 30 to 183', () => {
      expect(resolveAuditRetentionDays()).toBe(180);
      expect(resolveAuditRetentionDays(30)).toBe(30);
      expect(resolveAuditRetentionDays(183)).toBe(183);
    });

    it.each([29, 184, 90.5, Number.NaN])('refuses %s', (days) => {
      expect(() => resolveAuditRetentionDays(days)).toThrow(RangeError);
    });
  });
});

/** Recomputes the links after the test changed `at` values, as if the events had been appended so. */
function relink(rows: AuditRow[]): AuditRow[] {
  const out: AuditRow[] = [];
  for (const row of rows) {
    const link = nextChainLink(out.at(-1) ?? null, row);
    out.push({ ...row, ...link });
  }
  return out;
}
