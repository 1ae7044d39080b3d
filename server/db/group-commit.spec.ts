import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from './data-source';
import type { Database } from './data-source';
import { SqliteGroupCommit } from './group-commit';
import { ScopedRepository } from './scoped-repository';
import { TenantScopes } from './tenant-scope';
import type { TenantScope } from './tenant-scope';

/** Rows of a scratch table made for this spec. */
class ProbeRepository extends ScopedRepository {
  async add(id: string, parent: string | null = null): Promise<void> {
    await this.rawQuery('INSERT INTO probe (tenant_id, id, parent) VALUES (?, ?, ?)', [
      this.tenantId,
      id,
      parent,
    ]);
  }

  deferForeignKeys(): Promise<unknown> {
    return this.rawQuery('PRAGMA defer_foreign_keys = ON');
  }
}

describe(`${SqliteGroupCommit.name} (through Database on SQLite)`, () => {
  let dir: string;
  let db: Database;
  let scope: TenantScope;
  let n = 0;
  const nextId = () => `row-${++n}`;
  const stored = async (ids: string[]) =>
    (await db.query<{ id: string }>('SELECT id FROM probe ORDER BY id'))
      .map((r) => r.id)
      .filter((id) => ids.includes(id));

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bookdesk-group-commit-'));
    db = await openDatabase({ store: 'sqlite', url: join(dir, 'db.sqlite') });
    await db.query(
      'CREATE TABLE probe (tenant_id TEXT NOT NULL, id TEXT PRIMARY KEY, parent TEXT REFERENCES probe (id))',
    );
    scope = new TenantScopes(db).forTenant('00000000-0000-4000-8000-000000000001');
  });
  afterAll(async () => {
    await db?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('commits transactions that wait together, and a failing one loses only its own writes', async () => {
    const [a, b, c] = [nextId(), nextId(), nextId()];
    const results = await Promise.allSettled([
      scope.transaction((tx) => tx.get(ProbeRepository).add(a)),
      scope.transaction(async (tx) => {
        await tx.get(ProbeRepository).add(b);
        throw new Error('the slot is taken');
      }),
      scope.transaction((tx) => tx.get(ProbeRepository).add(c)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await stored([a, b, c])).toEqual([a, c]);
  });

  it('fails every member, and keeps none of their rows, when the group COMMIT fails', async () => {
    const [a, b, orphan] = [nextId(), nextId(), nextId()];
    const results = await Promise.allSettled([
      scope.transaction((tx) => tx.get(ProbeRepository).add(a)),
      scope.transaction(async (tx) => {
        // Checked only at COMMIT: a row pointing at a parent that does not exist.
        await tx.get(ProbeRepository).deferForeignKeys();
        await tx.get(ProbeRepository).add(orphan, 'no-such-parent');
      }),
      scope.transaction((tx) => tx.get(ProbeRepository).add(b)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(await stored([a, b, orphan])).toEqual([]);
    // The connection is usable afterwards.
    const later = nextId();
    await scope.transaction((tx) => tx.get(ProbeRepository).add(later));
    expect(await stored([later])).toEqual([later]);
  });

  it('answers a member that failed on its own only after the group, with the group error if the COMMIT fails', async () => {
    const [a, orphan] = [nextId(), nextId()];
    const results = await Promise.allSettled([
      scope.transaction((tx) => tx.get(ProbeRepository).add(a)),
      // Refused because of the row the member before it wrote (which is never committed).
      scope.transaction((tx) => tx.get(ProbeRepository).add(a)),
      scope.transaction(async (tx) => {
        await tx.get(ProbeRepository).deferForeignKeys();
        await tx.get(ProbeRepository).add(orphan, 'no-such-parent');
      }),
    ]);
    const reasons = results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'fulfilled'));
    expect(reasons.every((reason) => reason.includes('FOREIGN KEY'))).toBe(true);
    expect(await stored([a, orphan])).toEqual([]);
  });

  it("runs each member in its caller's async context", async () => {
    const context = new AsyncLocalStorage<string>();
    const seen = await Promise.all(
      ['first caller', 'second caller'].map((name) =>
        context.run(name, () => scope.transaction(async () => context.getStore())),
      ),
    );
    expect(seen).toEqual(['first caller', 'second caller']);
  });

  it('runs a transaction opened inside a member as its savepoint, and a lookup inside it at once', async () => {
    const [outer, inner] = [nextId(), nextId()];
    await scope.transaction(async (tx) => {
      await tx.get(ProbeRepository).add(outer);
      await expect(
        scope.transaction(async (nested) => {
          await nested.get(ProbeRepository).add(inner);
          throw new Error('inner fails');
        }),
      ).rejects.toThrow('inner fails');
      expect(
        (await db.query<{ n: number }>('SELECT count(*) AS n FROM probe WHERE id = ?', [outer]))[0]!.n,
      ).toBe(1);
    });
    expect(await stored([outer, inner])).toEqual([outer]);
  });
});
