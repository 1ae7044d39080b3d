import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDemoBusiness } from '../../core/demo/demo-business';
import type { Location, Staff } from '../../core/domain/schemas';
import { DeskActions } from '../desk/desk-actions';
import { DeskStore } from '../desk/desk-store';
import { ScheduleService } from '../schedule/schedule.service';
import { CacheCipher } from './cache.cipher';
import type { CacheDatabase } from './cache.database';
import { openCacheDatabase } from './cache.database';
import { ScheduleCache } from './schedule.cache';

const DATE = '2026-11-27';
const NOW = new Date(`${DATE}T12:00:00Z`);
const RIVERSIDE = '00000000-0000-4000-8000-00000000e001';
const RITA = '00000000-0000-4000-8000-00000000e002';

describe('a desk of a business with two locations', () => {
  let dir: string;
  let db: CacheDatabase;
  let cipher: CacheCipher;
  let chosen: string | null;
  let cache: ScheduleCache;
  let sut: ScheduleService;
  const demo = createDemoBusiness({ date: DATE, timeZone: 'UTC', now: NOW });
  const riverside: Location = { ...demo.location, id: RIVERSIDE, name: 'Riverside' };
  const rita: Staff = { ...demo.staff[0]!, id: RITA, name: 'Rita Riverside', locationId: RIVERSIDE };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bookdesk-locations-'));
    cipher = CacheCipher.withRandomKey();
    db = openCacheDatabase(join(dir, 'cache.sqlite'), { cipher });
    chosen = null;
    cache = new ScheduleCache(
      db,
      cipher,
      () => NOW,
      () => chosen,
    );
    sut = new ScheduleService(cache);
    // As a pull sends them: each walk-in says where it waits.
    cache.putSnapshot({
      ...demo,
      locations: [demo.location, riverside],
      staff: [...demo.staff, rita],
      walkIns: [
        ...demo.walkIns.map((w) => ({ ...w, locationId: demo.location.id })),
        {
          ...demo.walkIns[0]!,
          id: '00000000-0000-4000-8000-00000000e003',
          customerName: 'River Walker',
          locationId: RIVERSIDE,
        },
      ],
      bookings: [
        ...demo.bookings,
        { ...demo.bookings[0]!, id: '00000000-0000-4000-8000-00000000e004', staffId: RITA, status: 'booked' },
      ],
      busy: [...demo.busy, { ...demo.busy[0]!, id: '00000000-0000-4000-8000-00000000e005', staffId: RITA }],
    });
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists both locations and works at the first with staff until one is chosen', () => {
    expect(sut.locations()).toEqual({
      locations: [demo.location, riverside],
      currentId: demo.location.id,
    });
    const day = sut.getDay({ date: DATE });
    expect(day.location.id).toBe(demo.location.id);
    expect(day.staff.map((s) => s.name)).toEqual(demo.staff.map((s) => s.name));
    expect(day.bookings).toHaveLength(demo.bookings.length);
    expect(day.walkIns.map((w) => w.customerName)).toEqual(demo.walkIns.map((w) => w.customerName));
    expect(day.busy).toHaveLength(1);
  });

  it("shows the chosen location's staff, bookings, busy blocks and queue only", () => {
    chosen = RIVERSIDE;

    expect(sut.locations().currentId).toBe(RIVERSIDE);
    const day = sut.getDay({ date: DATE });
    expect(day.location.name).toBe('Riverside');
    expect(day.staff.map((s) => s.name)).toEqual(['Rita Riverside']);
    expect(day.bookings.map((b) => b.staffId)).toEqual([RITA]);
    expect(day.busy.map((b) => b.staffId)).toEqual([RITA]);
    expect(day.walkIns.map((w) => [w.customerName, w.position])).toEqual([['River Walker', 1]]);
  });

  it('leaves out a location without staff, and falls back from choosing it', () => {
    const empty: Location = { ...demo.location, id: '00000000-0000-4000-8000-00000000e006', name: 'Sign-up' };
    cache.putSnapshot({ locations: [empty] });
    chosen = empty.id;

    expect(sut.locations()).toEqual({ locations: [demo.location, riverside], currentId: demo.location.id });
  });

  it('falls back to the default when the chosen location is not in this business', () => {
    chosen = '00000000-0000-4000-8000-0000000000ff';

    expect(sut.locations().currentId).toBe(demo.location.id);
    expect(sut.getDay({ date: DATE }).location.id).toBe(demo.location.id);
  });

  it("offers free times of the chosen location's staff and queues a new walk-in there", () => {
    const store = new DeskStore(db, cache, cipher, () => NOW);
    const actions = new DeskActions(store, () => NOW, { written: () => {}, isOffline: () => true });
    chosen = RIVERSIDE;

    const { slots } = actions.slots({
      serviceId: rita.serviceIds[0]!,
      from: `${DATE}T13:00:00Z`,
      to: `${DATE}T15:00:00Z`,
    });
    expect(slots.length).toBeGreaterThan(0);
    expect(new Set(slots.flatMap((s) => s.staffIds))).toEqual(new Set([RITA]));

    const made = actions.createWalkIn({ customer: { name: 'Nell New' }, serviceId: rita.serviceIds[0]! });
    expect(cache.getWalkIn(made.id)?.locationId).toBe(RIVERSIDE);
    expect(sut.getDay({ date: DATE }).walkIns.map((w) => w.customerName)).toEqual([
      'River Walker',
      'Nell New',
    ]);
    chosen = null;
    expect(sut.getDay({ date: DATE }).walkIns.map((w) => w.customerName)).not.toContain('Nell New');
  });

  it("books 'anyone' with the member free at the chosen location, so the API keeps it there", () => {
    const store = new DeskStore(db, cache, cipher, () => NOW);
    const actions = new DeskActions(store, () => NOW, { written: () => {}, isOffline: () => true });
    chosen = RIVERSIDE;

    actions.createBooking({
      serviceId: rita.serviceIds[0]!,
      start: `${DATE}T14:00:00Z`,
      source: 'desk',
      customer: { name: 'Ana Anyone' },
    });

    const sent = store.queued().find((m) => m.name === 'booking.create')!;
    expect(sent.args).toMatchObject({ staffId: RITA });
    expect(sut.getDay({ date: DATE }).bookings.map((b) => b.staffId)).toEqual([RITA, RITA]);
  });
});
