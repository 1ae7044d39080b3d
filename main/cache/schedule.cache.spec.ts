import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDemoBusiness } from '../../core/demo/demo-business';
import { DaySchedule } from '../../core/ipc/schedule.ipc';
import { CacheCipher } from './cache.cipher';
import type { CacheDatabase } from './cache.database';
import { openCacheDatabase } from './cache.database';
import { ScheduleCache } from './schedule.cache';

describe(ScheduleCache.name, () => {
  let dir: string;
  let db: CacheDatabase;
  let cipher: CacheCipher;
  let sut: ScheduleCache;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bookdesk-cache-'));
    cipher = CacheCipher.withRandomKey();
    db = openCacheDatabase(join(dir, 'cache.sqlite'), { cipher });
    sut = new ScheduleCache(db, cipher);
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const seed = (date: string, timeZone: string, now = `${date}T12:00:00Z`) => {
    const demo = createDemoBusiness({ date, timeZone, now: new Date(now) });
    sut.putSnapshot({ ...demo, locations: [demo.location] });
    return demo;
  };

  it('returns null for a day before anything is cached', () => {
    expect(sut.getDay('2026-11-27')).toBeNull();
    expect(sut.hasDay('2026-11-27')).toBe(false);
  });

  it('reads back a stored day in contract shape, staff in their stored order, bookings by start time', () => {
    const demo = seed('2026-11-27', 'Europe/London');

    const day = sut.getDay('2026-11-27')!;

    expect(DaySchedule.parse(day)).toEqual(day);
    expect(day.staff.map((s) => s.name)).toEqual(demo.staff.map((s) => s.name));
    expect(day.bookings).toHaveLength(demo.bookings.length);
    const starts = day.bookings.map((b) => Date.parse(b.start));
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(day.walkIns.map((w) => w.position)).toEqual([1, 2]);
    expect(day.busy).toHaveLength(1);
  });

  it('joins the customer name onto each booking', () => {
    const demo = seed('2026-11-27', 'UTC');
    const emma = demo.customers.find((c) => c.name === 'Emma Laurent')!;

    const day = sut.getDay('2026-11-27')!;

    const hers = day.bookings.filter((b) => b.customerId === emma.id);
    expect(hers.length).toBeGreaterThan(0);
    expect(hers.every((b) => b.customerName === 'Emma Laurent')).toBe(true);
  });

  it('keeps days apart by the location zone, not UTC', () => {
    // In Asia/Tehran (+03:30) a 09:00 booking on the 27th is 05:30Z; the 26th must not see it.
    seed('2026-11-27', 'Asia/Tehran');

    expect(sut.getDay('2026-11-27')!.bookings).toHaveLength(22);
    expect(sut.getDay('2026-11-26')!.bookings).toHaveLength(0);
    expect(sut.getDay('2026-11-28')!.bookings).toHaveLength(0);
  });

  it('spans the whole 25-hour day when clocks go back', () => {
    seed('2026-11-01', 'America/New_York');

    expect(sut.hasDay('2026-11-01')).toBe(true);
    expect(sut.getDay('2026-11-01')!.bookings).toHaveLength(22);
  });

  it('replaces rows with the same id instead of duplicating them', () => {
    seed('2026-11-27', 'UTC', '2026-11-27T11:00:00Z');
    seed('2026-11-27', 'UTC', '2026-11-27T16:00:00Z');

    const day = sut.getDay('2026-11-27')!;
    expect(day.bookings).toHaveLength(22);
    expect(day.staff).toHaveLength(4);
    expect(day.bookings.filter((b) => b.status === 'booked').length).toBeLessThan(10);
  });

  it('stores thousands of rows in one call', () => {
    const demo = createDemoBusiness({
      date: '2026-11-27',
      timeZone: 'UTC',
      now: new Date('2026-11-27T12:00:00Z'),
    });
    const template = demo.bookings[0]!;
    const many = Array.from({ length: 3000 }, (_, i) => ({
      ...template,
      id: `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`,
    }));
    sut.putSnapshot({ ...demo, locations: [demo.location], bookings: many });

    expect(sut.getDay('2026-11-27')!.bookings).toHaveLength(3000);
  });

  it('applies a delta to its own rows only, in one transaction with the cursor', () => {
    const demo = seed('2026-11-27', 'UTC');
    const booking = demo.bookings[3]!;
    const customer = demo.customers[2]!;
    const before = (db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;

    sut.applyChanges(
      [
        {
          entity: 'booking',
          op: 'put',
          id: booking.id,
          version: 2,
          data: { ...booking, status: 'checked_in' },
        },
        {
          entity: 'customer',
          op: 'put',
          id: customer.id,
          version: 3,
          data: { ...customer, phone: '+44 20 0000 0000' },
        },
        { entity: 'booking', op: 'del', id: demo.bookings[4]!.id, version: 4 },
      ],
      { alsoInTransaction: () => db.prepare("INSERT INTO meta VALUES ('cursor', '\"c-4\"')").run() },
    );

    // Three rows and the cursor: nothing else was rewritten.
    expect((db.prepare('SELECT total_changes() AS n').get() as { n: number }).n - before).toBe(4);
    expect(sut.getBooking(booking.id)?.status).toBe('checked_in');
    expect(sut.customers.get(customer.id)?.phone).toBe('+44 20 0000 0000');
    expect(sut.getBooking(demo.bookings[4]!.id)).toBeNull();
  });

  it('seals walk-in names and booking notes, and reads them back', () => {
    const demo = seed('2026-11-27', 'UTC');
    const noted = { ...demo.bookings[0]!, notes: 'Allergic to latex', fields: { allergy: 'latex' } };
    sut.putSnapshot({ bookings: [noted] });

    const raw = db.prepare('SELECT data FROM bookings WHERE id = ?').get(noted.id) as { data: string };
    expect(raw.data).not.toContain('latex');
    expect(sut.getBooking(noted.id)).toEqual(noted);
    const walkIn = demo.walkIns[1]!;
    expect(
      (db.prepare('SELECT data FROM walk_ins WHERE id = ?').get(walkIn.id) as { data: string }).data,
    ).not.toContain(walkIn.customerName);
    expect(sut.getWalkIn(walkIn.id)).toEqual(walkIn);
  });

  it('keeps the cache across reopening the file', () => {
    seed('2026-11-27', 'UTC');
    db.close();
    db = openCacheDatabase(join(dir, 'cache.sqlite'), { cipher });
    sut = new ScheduleCache(db, cipher);

    expect(sut.getDay('2026-11-27')!.bookings).toHaveLength(22);
  });
});
