/**
 * The cache with its data key from the real SecretStore chain (keychain through the test keyring, or
 * memory only): personal data never in clear on disk, and a key that was not kept means an empty
 * cache and a full snapshot, not unreadable rows.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDemoBusiness } from '../../core/demo/demo-business';
import { findInDatabaseFiles } from '../../tests/support/file-scan';
import { loadKeytar } from '../secrets/keytar.backend';
import { openSecretStore } from '../secrets/open-secret-store';
import type { SecretChain } from '../secrets/secret-store';
import { syncCursorKey } from '../sync/sync-puller';
import { cacheKeyAccount, openDeskCache } from './desk-cache';
import { MetaStore } from './meta.store';
import { ScheduleCache } from './schedule.cache';

const DATE = '2026-11-27';
const demo = createDemoBusiness({ date: DATE, timeZone: 'UTC', now: new Date(`${DATE}T12:00:00Z`) });
const cursorKey = syncCursorKey('http://127.0.0.1:8787');
const onlyMemory = () =>
  openSecretStore({ loadKeytar: () => loadKeytar(() => import(`keytar-missing-${randomUUID()}`)) });

describe(openDeskCache.name, () => {
  const service = `Bookdesk-test-${randomUUID()}`;
  let dir: string;
  let file: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bookdesk-desk-cache-'));
    file = join(dir, 'cache.sqlite');
  });
  afterEach(async () => {
    const loaded = await loadKeytar();
    if (loaded.ok) await loaded.keytar.deletePassword(service, cacheKeyAccount(file));
    rmSync(dir, { recursive: true, force: true });
  });

  /** Opens the cache, stores the demo business as a pull would, with a cursor. */
  const openAndFill = async (secrets: SecretChain) => {
    const opened = await openDeskCache({ file, secrets });
    const cache = new ScheduleCache(opened.db, opened.cipher);
    cache.applyChanges(
      [
        ...demo.customers.map((c) => ({
          entity: 'customer',
          op: 'put' as const,
          id: c.id,
          version: 1,
          data: c,
        })),
        ...demo.bookings.map((b) => ({
          entity: 'booking',
          op: 'put' as const,
          id: b.id,
          version: 1,
          data: b,
        })),
        ...demo.walkIns.map((w) => ({ entity: 'walkIn', op: 'put' as const, id: w.id, version: 1, data: w })),
        { entity: 'location', op: 'put' as const, id: demo.location.id, version: 1, data: demo.location },
      ],
      { replaceAll: true, alsoInTransaction: () => new MetaStore(opened.db).set(cursorKey, 'cursor-7') },
    );
    return { ...opened, cache };
  };

  it('keeps no seeded name, phone or e-mail in clear in the cache file or its WAL', async () => {
    const { db } = await openAndFill(await openSecretStore({ service }));
    const needles = [
      ...demo.customers.flatMap((c) => [c.name, c.phone, c.email, c.notes]),
      ...demo.walkIns.map((w) => w.customerName),
    ].filter((v): v is string => typeof v === 'string');

    expect(statSync(`${file}-wal`).size).toBeGreaterThan(0); // the rows are in the WAL, not checkpointed
    expect(findInDatabaseFiles(file, needles)).toEqual([]);
    db.pragma('wal_checkpoint(TRUNCATE)');
    expect(findInDatabaseFiles(file, needles)).toEqual([]);
    db.close();
    expect(findInDatabaseFiles(file, needles)).toEqual([]);
    // The scan is not blind: the location's name, which is no one's personal data, is in clear.
    expect(findInDatabaseFiles(file, [demo.location.name])).toHaveLength(1);
  });

  it('reads the rows back on the next run with the key kept in the keychain', async () => {
    const first = await openAndFill(await openSecretStore({ service }));
    expect(first.freshStart).toBe(true);
    first.db.close();

    const secrets = await openSecretStore({ service });
    const again = await openDeskCache({ file, secrets });

    expect(secrets.locationOf(cacheKeyAccount(file))?.backend).toBe('keychain');
    expect(again).toMatchObject({ freshStart: false, notice: null });
    const emma = demo.customers.find((c) => c.email === 'emma.laurent@example.com')!;
    expect(new ScheduleCache(again.db, again.cipher).customers.get(emma.id)).toEqual({
      ...emma,
      pending: false,
    });
    expect(new MetaStore(again.db).get(cursorKey)).toBe('cursor-7');
    again.db.close();
  });

  it('keeps the saved cache untouched, using a temporary one, when its key cannot be read', async () => {
    const secrets = await openSecretStore({ service });
    (await openAndFill(secrets)).db.close();

    const locked = {
      get: () => Promise.reject(new Error('access prompt refused')),
      set: secrets.set.bind(secrets),
    };
    const temporary = await openDeskCache({ file, secrets: locked });

    expect(temporary.freshStart).toBe(true);
    expect(temporary.notice).toMatch(
      /could not be read \(access prompt refused\); this run uses a temporary cache/,
    );
    expect(temporary.db.name).toBe(':memory:');
    temporary.db.close();
    const again = await openDeskCache({ file, secrets: await openSecretStore({ service }) });
    expect(again.freshStart).toBe(false);
    expect(new ScheduleCache(again.db, again.cipher).customers.get(demo.customers[0]!.id)?.name).toBe(
      demo.customers[0]!.name,
    );
    again.db.close();
  });

  it('empties the cache, and the outbox it can no longer open, when the key lived in memory last run', async () => {
    const first = await openAndFill(await onlyMemory());
    first.db
      .prepare('INSERT INTO outbox (client_id, mutation_id, name, args, created_at) VALUES (?, ?, ?, ?, ?)')
      .run('desk-1', 1, 'walkIn.action', '{}', new Date().toISOString());
    first.db.close();

    const again = await openDeskCache({ file, secrets: await onlyMemory() });

    expect(again.freshStart).toBe(true);
    expect(again.notice).toMatch(/emptied and is filled again from the server, and 1 change .* was dropped/);
    const count = (table: string) =>
      (again.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
    expect([count('customers'), count('bookings'), count('walk_ins'), count('locations')]).toEqual([
      0, 0, 0, 0,
    ]);
    expect(count('outbox')).toBe(0);
    expect(new MetaStore(again.db).get(cursorKey)).toBeNull();
    // What the new run writes reads back under its own key.
    const cache = new ScheduleCache(again.db, again.cipher);
    cache.putSnapshot({ customers: [demo.customers[0]!] });
    expect(cache.customers.get(demo.customers[0]!.id)?.name).toBe(demo.customers[0]!.name);
    again.db.close();
  });
});
