/**
 * `rotate-keys` covers calendar credentials: a connection made under master key k1 (and a pending
 * OAuth authorization's PKCE verifier) is re-encrypted under k2, and once k1 is gone the connection
 * still syncs (its credential and cursor decrypt under k2).
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyRotationService } from '../../server/cli/key-rotation.service';
import { issueAccessToken, seedTenant } from '../support/api';
import { createTestDatabase, STORES } from '../support/db';
import type { TestDatabase } from '../support/db';
import { FakeGoogleCalendar } from '../fakes/google-calendar.fake';
import { expectCall, seedShop } from '../frontdesk/front-desk.fixtures';
import { connectGoogle, googleConfig, startCalendarApp } from './support/calendar-app';

const key = () => randomBytes(32).toString('base64');

describe.each(STORES)(`${KeyRotationService.name} with calendar credentials on %s`, (store) => {
  const k1 = `k1:${key()}`;
  const k2 = `k2:${key()}`;
  let db: TestDatabase;
  let google: FakeGoogleCalendar;

  beforeAll(async () => {
    db = await createTestDatabase(store);
    google = await new FakeGoogleCalendar().start();
  });
  afterAll(async () => {
    await google?.stop();
    await db?.drop();
  });

  const calendarCiphertexts = async () =>
    [
      ...(await db.superuserQuery<{ v: string }>('SELECT credential AS v FROM calendar_connections')),
      ...(await db.superuserQuery<{ v: string }>('SELECT code_verifier AS v FROM calendar_oauth_states')),
    ].map((r) => r.v);

  it('re-encrypts connection credentials and OAuth verifiers; the connection syncs with only the new key', async () => {
    const before = await startCalendarApp(store, { ...googleConfig(google), masterKeys: k1 }, db);
    const owner = await seedTenant(before.platform);
    const shop = await seedShop(before, owner.token);
    const connectionId = await connectGoogle(before, google, owner.token, shop.staffIds[0]!);
    // A started, unfinished authorization leaves an encrypted PKCE verifier behind.
    await expectCall(before, owner.token, 'POST', '/v1/calendar-connections', 200, {
      provider: 'google',
      staffId: shop.staffIds[0],
    });
    await before.close();
    expect((await calendarCiphertexts()).map((v) => v.slice(0, 6))).toEqual(['v1:k1:', 'v1:k1:']);

    const rotating = await startCalendarApp(
      store,
      { ...googleConfig(google), masterKeys: `${k2},${k1}` },
      db,
    );
    try {
      const report = await rotating.platform.keyRotation.rotate();
      expect(report.failed).toEqual([]);
      expect(report.reencrypted).toBeGreaterThanOrEqual(2);
    } finally {
      await rotating.close();
    }
    expect((await calendarCiphertexts()).map((v) => v.slice(0, 6))).toEqual(['v1:k2:', 'v1:k2:']);

    const after = await startCalendarApp(store, { ...googleConfig(google), masterKeys: k2 }, db);
    try {
      const ownerToken = await issueAccessToken(after.platform, owner.tenantId, owner.userId);
      const synced = await expectCall<{ connection: { status: string; lastError: string | null } }>(
        after,
        ownerToken,
        'POST',
        `/v1/calendar-connections/${connectionId}/sync`,
        200,
      );
      expect(synced.connection).toMatchObject({ status: 'active', lastError: null });
    } finally {
      await after.close();
    }
  });
});
