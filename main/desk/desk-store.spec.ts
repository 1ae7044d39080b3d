/**
 * The desk's outbox and rebase on a real SQLite file: queued changes survive reopening the cache, a
 * refusal undoes only its own change, a pull puts pending changes back on top of the server's rows,
 * and a queued row this desk cannot read leaves the queue as a problem instead of blocking it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDemoBusiness } from '../../core/demo/demo-business';
import type { DemoBusiness } from '../../core/demo/demo-business';
import { deskText } from '../../core/i18n/desk-texts';
import { CacheCipher } from '../cache/cache.cipher';
import type { CacheDatabase } from '../cache/cache.database';
import { openDeskCacheWith } from '../cache/desk-cache';
import { ScheduleCache } from '../cache/schedule.cache';
import { sayDeskText } from '../i18n/desk-text';
import { DeskStore } from './desk-store';

const DATE = '2026-03-02';

describe(DeskStore.name, () => {
  let dir: string;
  let file: string;
  let cipher: CacheCipher;
  let db: CacheDatabase;
  let cache: ScheduleCache;
  let demo: DemoBusiness;
  let sut: DeskStore;

  const open = () => {
    db = openDeskCacheWith(file, cipher).db;
    cache = new ScheduleCache(db, cipher);
    sut = new DeskStore(db, cache, cipher, () => new Date(`${DATE}T10:00:00Z`));
  };
  const walkIn = (name: string) => ({
    mutation: {
      name: 'walkIn.create' as const,
      args: { id: crypto.randomUUID(), serviceId: demo.services[0]!.id, customer: { name } },
    },
  });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bookdesk-desk-store-'));
    file = join(dir, 'cache.sqlite');
    cipher = CacheCipher.withRandomKey();
    demo = createDemoBusiness({ date: DATE, timeZone: 'UTC', now: new Date(`${DATE}T10:00:00Z`) });
    open();
    cache.putSnapshot({ ...demo, locations: [demo.location] });
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps queued changes, their ids and their client across a restart', () => {
    const first = sut.enqueue([walkIn('Ana')]);
    const second = sut.enqueue([walkIn('Ben')]);
    const clientId = sut.clientId;
    db.close();
    open();

    expect([first, second].map((r) => r.ok && r.mutationIds)).toEqual([[1], [2]]);
    expect(sut.clientId).toBe(clientId);
    expect(sut.queued().map((m) => [m.id, (m.args as { customer: { name: string } }).customer.name])).toEqual(
      [
        [1, 'Ana'],
        [2, 'Ben'],
      ],
    );
    expect(sut.enqueue([walkIn('Cy')])).toMatchObject({ ok: true, mutationIds: [3] });
  });

  it('undoes a refused change only, and keeps the problem in words', () => {
    const booking = demo.bookings.find((b) => b.status === 'booked')!;
    sut.enqueue([{ mutation: { name: 'booking.cancel', args: { id: booking.id } } }]);
    const kept = sut.enqueue([walkIn('Dee')]);
    expect(cache.getBooking(booking.id)?.status).toBe('cancelled');

    sut.reject(1, {
      type: 'https://bookdesk.app/problems/invalid-transition',
      reason: deskText('problem.serverNotPossible', { detail: 'booking is completed' }),
    });

    expect(cache.getBooking(booking.id)?.status).toBe('booked');
    expect(kept.ok && cache.getWalkIn(sut.queued()[0]!.args.id as string)?.customerName).toBe('Dee');
    expect(sut.problems()).toEqual([
      expect.objectContaining({
        mutation: 'booking.cancel',
        attempted: 'Cancel a booking',
        reason: 'Not possible any more: booking is completed',
      }),
    ]);
    // The desk's words around the API's own detail follow the desk's language.
    expect(sut.problems((text) => sayDeskText('fa', text))[0]!.reason).toBe(
      'دیگر ممکن نیست: booking is completed',
    );
  });

  it('says a refused booking in the language asked for, times in the location zone', () => {
    const booking = demo.bookings.find((b) => b.status === 'booked')!;
    const staff = demo.staff.find((s) => s.id === booking.staffId)!;
    const service = demo.services.find((s) => s.id === booking.serviceId)!;
    const start = '2026-03-02T16:00:00Z';
    const made = sut.enqueue([
      {
        mutation: {
          name: 'booking.create',
          args: { id: crypto.randomUUID(), serviceId: service.id, staffId: staff.id, start, source: 'desk' },
        },
        hints: { checkConflicts: false },
      },
    ]);
    expect(made.ok).toBe(true);

    sut.reject(1, { type: 'https://bookdesk.app/problems/slot-taken', reason: 'Slot taken' });

    const end = new Date(Date.parse(start) + service.durationMinutes * 60_000).toISOString().slice(11, 16);
    expect(sut.problems()).toEqual([
      expect.objectContaining({
        attempted: `Book ${service.name} with ${staff.name}, 2 Mar 2026, 16:00`,
        reason: `Slot taken: ${staff.name} already has 16:00–${end}`,
      }),
    ]);
    const persianDigits = (text: string) => text.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]!);
    const [problem] = sut.problems((text) => sayDeskText('fa', text));
    expect(problem!.reason).toBe(
      `زمان پر است: ${staff.name} از ${persianDigits('16:00')} تا ${persianDigits(end)} نوبت دارد`,
    );
    // The solar hijri date of 2 March 2026 (11 Esfand 1404), in Persian digits.
    expect(problem!.attempted).toBe(`نوبت ${service.name} با ${staff.name}، ۱۱ اسفند ۱۴۰۴، ۱۶:۰۰`);

    // A text kept by another build that this catalogue does not know: its English words, not a failure.
    db.prepare(`UPDATE desk_problems SET reason_text = '{"id":"refusal.gone"}'`).run();
    expect(sut.problems((text) => sayDeskText('fa', text))[0]!.reason).toBe(
      `Slot taken: ${staff.name} already has 16:00–${end}`,
    );
  });

  it("puts a pending change back on top of the server's newer row, and drops it once confirmed", () => {
    const booking = demo.bookings.find((b) => b.status === 'booked')!;
    sut.enqueue([
      { mutation: { name: 'booking.update', args: { id: booking.id, notes: 'Bring the form' } } },
    ]);
    const fromServer = { ...booking, staffId: demo.staff[1]!.id };

    sut.applyPull([{ entity: 'booking', op: 'put', id: booking.id, version: 9, data: fromServer }], {});
    expect(cache.getBooking(booking.id)).toMatchObject({
      staffId: demo.staff[1]!.id,
      notes: 'Bring the form',
    });
    expect(sut.waiting()).toBe(1);

    sut.applyPull(
      [
        {
          entity: 'booking',
          op: 'put',
          id: booking.id,
          version: 10,
          data: { ...fromServer, notes: 'Bring the form' },
        },
      ],
      {
        confirmedThrough: 1,
      },
    );
    expect(sut.waiting()).toBe(0);
    expect(cache.getBooking(booking.id)).toMatchObject({
      staffId: demo.staff[1]!.id,
      notes: 'Bring the form',
    });
  });

  it('sets aside a queued row it cannot read instead of blocking the queue', () => {
    sut.enqueue([walkIn('Eve')]);
    db.prepare(
      "INSERT INTO outbox (client_id, mutation_id, name, args, created_at) VALUES ('x', 2, 'walkIn.create', '{}', '2026-03-02T09:00:00Z')",
    ).run();

    expect(sut.queued().map((m) => m.id)).toEqual([1]);
    expect(sut.waiting()).toBe(1);
    expect(sut.problems()).toEqual([
      expect.objectContaining({
        mutation: 'walkIn.create',
        reason: expect.stringContaining('can no longer read it'),
      }),
    ]);
  });
});
