/**
 * The cache's schema across versions: each earlier shape, with rows as the Bookdesk of that shape
 * wrote them, upgrades in place; a file that is damaged or newer than this build is moved aside and
 * replaced, never a crash.
 */
import Database from 'better-sqlite3';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDemoBusiness } from '../../core/demo/demo-business';
import type { DemoBusiness } from '../../core/demo/demo-business';
import { findInDatabaseFiles } from '../../tests/support/file-scan';
import { syncCursorKey } from '../sync/sync-puller';
import { CacheCipher } from './cache.cipher';
import { MIGRATIONS, openCacheDatabase } from './cache.database';
import { MetaStore } from './meta.store';
import { SYNC_CURSOR_PATTERN } from './sync-cursors';
import { ScheduleCache } from './schedule.cache';

const DATE = '2026-11-27';
/** The shapes before migration 3, which kept every row in clear: 1 (Bookdesk 0.1) and 2. */
const SHAPES_IN_CLEAR = [1, 2];
const CURSOR_KEY = syncCursorKey('http://127.0.0.1:8787');

/**
 * A cache file at `version` (1: the shape Bookdesk 0.1 shipped), holding the demo business the way
 * that version's ScheduleCache wrote it: every row's wire shape in clear in `data`.
 */
function writeEarlierShape(file: string, version: number, demo: DemoBusiness): void {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  for (const step of MIGRATIONS.slice(0, version)) {
    if (typeof step !== 'string') throw new Error('earlier shapes are plain SQL');
    db.exec(step);
  }
  db.pragma(`user_version = ${version}`);
  const json = (row: unknown) => JSON.stringify(row);
  const ms = Date.parse;
  const insert = (sql: string, rows: unknown[][]) => rows.forEach((r) => db.prepare(sql).run(r));
  insert('INSERT INTO locations VALUES (?, ?, ?)', [[demo.location.id, 0, json(demo.location)]]);
  insert(
    'INSERT INTO staff VALUES (?, ?, ?, ?)',
    demo.staff.map((s, i) => [s.id, s.locationId, i, json(s)]),
  );
  insert(
    'INSERT INTO services VALUES (?, ?)',
    demo.services.map((s) => [s.id, json(s)]),
  );
  insert(
    'INSERT INTO customers VALUES (?, ?, ?)',
    demo.customers.map((c) => [c.id, c.name, json(c)]),
  );
  insert(
    'INSERT INTO bookings (id, staff_id, customer_id, start_ms, end_ms, status, data) VALUES (?, ?, ?, ?, ?, ?, ?)',
    demo.bookings.map((b) => [b.id, b.staffId, b.customerId, ms(b.start), ms(b.end), b.status, json(b)]),
  );
  insert(
    'INSERT INTO walk_ins (id, arrived_ms, status, position, data) VALUES (?, ?, ?, ?, ?)',
    demo.walkIns.map((w) => [w.id, ms(w.arrivedAt), w.status, w.position, json(w)]),
  );
  insert('INSERT INTO meta VALUES (?, ?)', [[CURSOR_KEY, json('cursor-41')]]);
  db.close();
}

/** Every seeded customer's name, phone and e-mail, and the walk-ins' names. */
const personalData = (demo: DemoBusiness) =>
  [
    ...demo.customers.flatMap((c) => [c.name, c.phone, c.email, c.notes]),
    ...demo.walkIns.map((w) => w.customerName),
  ].filter((v): v is string => typeof v === 'string');

describe(openCacheDatabase.name, () => {
  let dir: string;
  let file: string;
  let demo: DemoBusiness;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bookdesk-migrate-'));
    file = join(dir, 'cache.sqlite');
    demo = createDemoBusiness({ date: DATE, timeZone: 'UTC', now: new Date(`${DATE}T12:00:00Z`) });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates the current schema in a new file', () => {
    const db = openCacheDatabase(file);

    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    db.close();
  });

  it("finds a staff member's bookings around a time by index, not by walking everyone's", () => {
    const db = openCacheDatabase(file);

    const plan = db
      .prepare(
        'EXPLAIN QUERY PLAN SELECT id, data, sealed FROM bookings WHERE staff_id = ? AND start_ms < ? AND end_ms > ?',
      )
      .all('staff', 2, 1) as { detail: string }[];

    expect(plan.map((step) => step.detail).join('\n')).toContain('USING INDEX bookings_by_staff');
    db.close();
  });

  it.each(SHAPES_IN_CLEAR)(
    'upgrades a cache of schema %i in place, keeping its rows and its sync cursor',
    (version) => {
      writeEarlierShape(file, version, demo);
      const cipher = CacheCipher.withRandomKey();

      const db = openCacheDatabase(file, { cipher, onRebuilt: (reason) => expect.fail(reason) });
      const cache = new ScheduleCache(db, cipher);

      expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
      const day = cache.getDay(DATE)!;
      expect(day.bookings).toHaveLength(demo.bookings.length);
      const emma = demo.customers.find((c) => c.name === 'Emma Laurent')!;
      expect(
        day.bookings.filter((b) => b.customerId === emma.id).every((b) => b.customerName === emma.name),
      ).toBe(true);
      expect(day.walkIns.map((w) => w.customerName).sort()).toEqual(
        demo.walkIns.map((w) => w.customerName).sort(),
      );
      const sofia = demo.customers.find((c) => c.notes)!;
      expect(cache.customers.get(sofia.id)).toEqual({ ...sofia, pending: false });
      // Migration 4 adds time off, which earlier pulls skipped: the cursor goes, the next pull is a snapshot.
      expect(new MetaStore(db).get(CURSOR_KEY)).toBeNull();
      db.close();
    },
  );

  it('takes a cache of schema 3 (sealed rows) to time off in place, dropping only the sync cursor', () => {
    const cipher = CacheCipher.withRandomKey();
    const first = openCacheDatabase(file, { cipher });
    new ScheduleCache(first, cipher).putSnapshot({ locations: [demo.location], staff: demo.staff });
    new MetaStore(first).set(CURSOR_KEY, 'cursor-41');
    first.pragma('user_version = 3');
    first.exec('DROP TABLE time_off');
    first.exec('ALTER TABLE desk_problems DROP COLUMN attempted_text');
    first.exec('ALTER TABLE desk_problems DROP COLUMN reason_text');
    first.exec('DROP INDEX bookings_by_staff');
    first.close();

    const db = openCacheDatabase(file, { cipher, onRebuilt: (reason) => expect.fail(reason) });
    const cache = new ScheduleCache(db, cipher);
    const staffId = demo.staff[0]!.id;
    cache.putSnapshot({
      timeOff: [
        {
          id: demo.location.id,
          staffId,
          start: `${DATE}T13:00:00Z`,
          end: `${DATE}T15:00:00Z`,
          reason: 'private',
        },
      ],
    });

    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(cache.getDay(DATE)!.staff.map((s) => s.id)).toEqual(demo.staff.map((s) => s.id));
    expect(
      cache.timeOffOfStaff(staffId, Date.parse(`${DATE}T00:00:00Z`), Date.parse(`${DATE}T23:59:00Z`)),
    ).toEqual([{ start: Date.parse(`${DATE}T13:00:00Z`), end: Date.parse(`${DATE}T15:00:00Z`) }]);
    expect(new MetaStore(db).get(CURSOR_KEY)).toBeNull();
    db.close();
  });

  it('leaves none of the old rows in clear in the file or its WAL after the upgrade', () => {
    writeEarlierShape(file, 1, demo);
    expect(findInDatabaseFiles(file, ['Emma Laurent']).length).toBeGreaterThan(0); // the scan sees clear text

    const cipher = CacheCipher.withRandomKey();
    const db = openCacheDatabase(file, { cipher });

    expect(findInDatabaseFiles(file, personalData(demo))).toEqual([]);
    db.close();
    expect(findInDatabaseFiles(file, personalData(demo))).toEqual([]);
  });

  it('drops rows it cannot seal when opened without a key, and the cursor with them', () => {
    writeEarlierShape(file, 1, demo);

    const db = openCacheDatabase(file);

    const count = (table: string) =>
      (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
    expect([count('customers'), count('bookings'), count('walk_ins')]).toEqual([0, 0, 0]);
    expect(count('staff')).toBe(demo.staff.length);
    expect(new MetaStore(db).get(CURSOR_KEY)).toBeNull();
    expect(findInDatabaseFiles(file, personalData(demo))).toEqual([]);
    db.close();
  });

  it('names the sync cursors the way the puller keys them', () => {
    expect(CURSOR_KEY.startsWith(SYNC_CURSOR_PATTERN.replace('%', ''))).toBe(true);
  });

  describe('a file it cannot use', () => {
    const reopened = (onRebuilt: (reason: string) => void) => {
      const db = openCacheDatabase(file, { cipher: CacheCipher.withRandomKey(), onRebuilt });
      const version = db.pragma('user_version', { simple: true });
      const customers = (db.prepare('SELECT COUNT(*) AS n FROM customers').get() as { n: number }).n;
      db.close();
      return { version, customers };
    };
    const movedAside = (why: string) => readdirSync(dir).filter((f) => f.startsWith(`cache.${why}-`));

    it('moves a cache written by a newer Bookdesk aside and starts an empty one', () => {
      const newer = new Database(file);
      newer.exec('CREATE TABLE future (x)');
      newer.pragma(`user_version = ${MIGRATIONS.length + 5}`);
      newer.close();
      const notices: string[] = [];

      expect(reopened((n) => notices.push(n))).toEqual({ version: MIGRATIONS.length, customers: 0 });

      expect(notices).toHaveLength(1);
      expect(notices[0]).toMatch(/written by a newer Bookdesk .*moved to .*cache\.too-new-.*\.sqlite/);
      const [aside] = movedAside('too-new');
      const kept = new Database(join(dir, aside!), { readonly: true });
      expect(kept.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length + 5);
      kept.close();
    });

    it('moves a file that is not a database aside', () => {
      writeFileSync(file, 'these are not the bytes of a SQLite database, '.repeat(200));
      const notices: string[] = [];

      expect(reopened((n) => notices.push(n))).toEqual({ version: MIGRATIONS.length, customers: 0 });

      expect(notices[0]).toMatch(/could not be read/);
      expect(movedAside('unreadable')).toHaveLength(1);
    });

    it('moves a database with a damaged page aside, with its WAL', () => {
      const cipher = CacheCipher.withRandomKey();
      const db = openCacheDatabase(file, { cipher });
      new ScheduleCache(db, cipher).putSnapshot({ ...demo, locations: [demo.location] });
      db.pragma('wal_checkpoint(TRUNCATE)');
      const pageSize = db.pragma('page_size', { simple: true }) as number;
      const pages = db.pragma('page_count', { simple: true }) as number;
      db.close();
      const bytes = Buffer.alloc(pageSize, 0xa5);
      const fd = openSync(file, 'r+');
      for (let page = 2; page < pages; page += 2) writeSync(fd, bytes, 0, pageSize, page * pageSize);
      closeSync(fd);
      const notices: string[] = [];

      expect(reopened((n) => notices.push(n))).toEqual({ version: MIGRATIONS.length, customers: 0 });

      expect(notices[0]).toMatch(/could not be read/);
      expect(movedAside('unreadable')).toHaveLength(1);
    });

    it('does not move a file it could not open for another reason', () => {
      mkdirSync(file); // a directory where the file should be

      expect(() => openCacheDatabase(file)).toThrow();
      expect(existsSync(file)).toBe(true);
      expect(movedAside('unreadable')).toEqual([]);
    });
  });
});
