/**
 * Issue 14 §5, desk and server clocks 5 minutes apart (either way). What "still right" means here:
 * - a walk-in queues at the moment the receptionist added it, in the server's time: the desk keeps
 *   the offset of the server's clock from every answer's `Date` header and records times with it, so
 *   the API (which refuses desk times more than a minute ahead of its clock, API.md) accepts the
 *   party and orders the queue by its real arrival, including one added offline after a restart;
 * - a booking starts exactly when it was asked for (an absolute instant; no clock is involved);
 * - the access token's expiry is the server's: a token the server issued works for the desk
 *   whatever the desk's clock says, and one the server considers expired is refused (401: the desk
 *   asks its session for a fresh one) though the desk's clock would still call it valid.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Booking, WalkIn } from '../../core/domain/schemas';
import { CacheCipher } from '../../main/cache/cache.cipher';
import { openDeskCacheWith } from '../../main/cache/desk-cache';
import { ScheduleCache } from '../../main/cache/schedule.cache';
import { Desk } from '../../main/desk/desk';
import { eventually, LoopbackApi } from '../desk/desk.fixtures';
import { EVERY_DAY, expectCall, seedShop } from '../frontdesk/front-desk.fixtures';
import type { ShopIds } from '../frontdesk/front-desk.fixtures';
import { issueAccessToken, seedTenant } from '../support/api';
import type { SeededTenant } from '../support/api';

const SKEW_MS = 5 * 60_000;
const ALL_DAY: [string, string][] = [['00:00', '23:59']];

/** A desk whose computer clock is `skewMs` off the real (server) one, over the cache `file`. */
function skewedDesk(apiBaseUrl: string, token: string, skewMs: number, file: string, cipher: CacheCipher) {
  const { db } = openDeskCacheWith(file, cipher);
  let asked = 0;
  const desk = new Desk({
    db,
    cache: new ScheduleCache(db, cipher),
    cipher,
    apiBaseUrl,
    accessToken: async () => {
      asked++;
      return token;
    },
    onSignedOut: () => undefined,
    emit: () => undefined,
    now: () => new Date(Date.now() + skewMs),
    timing: { retryMs: 50, maxRetryMs: 300, safetyPullMs: 60_000 },
  });
  desk.start();
  return {
    desk,
    /** How often the desk asked for its token (again after each 401, to refresh it). */
    asked: () => asked,
    async close() {
      await desk.stop();
      db.close();
    },
  };
}

describe('desk and server clocks 5 minutes apart', () => {
  let api: LoopbackApi;
  let owner: SeededTenant;
  let shop: ShopIds;

  beforeAll(async () => {
    api = await LoopbackApi.start('sqlite');
    owner = await seedTenant(api.t.platform, { timeZone: 'Europe/London' });
    shop = await seedShop(api.t, owner.token, { staffCount: 2, hours: ALL_DAY, durationMinutes: 30 });
    await expectCall(api.t, owner.token, 'PATCH', `/v1/locations/${shop.locationId}`, 200, {
      openingHours: EVERY_DAY(ALL_DAY),
    });
  }, 60_000);
  afterAll(async () => {
    await api?.close();
  });

  it.each([
    ['ahead', SKEW_MS],
    ['behind', -SKEW_MS],
  ])(
    'desk %s: walk-ins queue at their real arrival (also offline after a restart), bookings at their start',
    async (_, skew) => {
      const file = join(mkdtempSync(join(tmpdir(), 'bookdesk-skew-')), 'cache.sqlite');
      const cipher = CacheCipher.withRandomKey();
      let d = skewedDesk(api.url, owner.token, skew, file, cipher);
      try {
        await eventually(() => d.desk.status().connection.state === 'online', 10_000);

        const addedAt = Date.now();
        const walkIn = d.desk.actions.createWalkIn({
          serviceId: shop.serviceId,
          customer: { name: `Skew ${skew}` },
        });
        const start = new Date(
          Math.ceil((Date.now() + 3 * 86_400_000) / 1_800_000) * 1_800_000 + (skew > 0 ? 0 : 3_600_000),
        );
        const booking = d.desk.actions.createBooking({
          serviceId: shop.serviceId,
          staffId: shop.staffIds[0]!,
          start: start.toISOString(),
          source: 'desk',
          customer: { name: `Booked ${skew}` },
        });
        await eventually(() => d.desk.status().waiting === 0, 10_000);
        expect(d.desk.store.problems()).toEqual([]);

        const queue = await expectCall<{ items: WalkIn[] }>(api.t, owner.token, 'GET', '/v1/walk-ins', 200);
        const stored = queue.items.find((w) => w.id === walkIn.id)!;
        expect(stored).toBeTruthy();
        expect(Math.abs(Date.parse(stored.arrivedAt) - addedAt)).toBeLessThan(2_000);
        const b = await expectCall<Booking>(api.t, owner.token, 'GET', `/v1/bookings/${booking.id}`, 200);
        expect(Date.parse(b.start)).toBe(start.getTime());

        // Restarted and offline: the desk still records the server's time from the offset it kept.
        await d.close();
        await api.down();
        d = skewedDesk(api.url, owner.token, skew, file, cipher);
        await eventually(() => d.desk.status().connection.state === 'offline', 10_000);
        const offlineAt = Date.now();
        const offline = d.desk.actions.createWalkIn({
          serviceId: shop.serviceId,
          customer: { name: `Offline ${skew}` },
        });
        await api.up();
        await eventually(() => d.desk.status().waiting === 0, 15_000);
        expect(d.desk.store.problems()).toEqual([]);
        const after = await expectCall<{ items: WalkIn[] }>(api.t, owner.token, 'GET', '/v1/walk-ins', 200);
        const queued = after.items.find((w) => w.id === offline.id)!;
        expect(Math.abs(Date.parse(queued.arrivedAt) - offlineAt)).toBeLessThan(2_000);
      } finally {
        await d.close();
      }
    },
    50_000,
  );

  it("keeps the server's token expiry: a valid token works, an expired one is refused", async () => {
    const cipher = CacheCipher.withRandomKey();
    const dir = mkdtempSync(join(tmpdir(), 'bookdesk-skew-'));
    // Valid for 2 minutes on the server's clock, though "expired" 3 minutes ago on a desk 5 minutes ahead.
    const short = await issueAccessToken(api.t.platform, owner.tenantId, owner.userId, { ttlSeconds: 120 });
    const ahead = skewedDesk(api.url, short, SKEW_MS, join(dir, 'a.sqlite'), cipher);
    // Expired a second ago on the server's clock, though valid for 5 more minutes on a desk 5 minutes behind.
    const expired = await issueAccessToken(api.t.platform, owner.tenantId, owner.userId, { ttlSeconds: -1 });
    const behind = skewedDesk(api.url, expired, -SKEW_MS, join(dir, 'b.sqlite'), cipher);
    try {
      await eventually(() => ahead.desk.status().connection.state === 'online', 10_000);
      // Refused, and asked again and again for a fresh token (2 at start: stream and pull).
      await eventually(() => behind.asked() >= 4, 10_000);
      expect(behind.desk.status().connection.state).not.toBe('online');
    } finally {
      await ahead.close();
      await behind.close();
    }
  }, 30_000);
});
