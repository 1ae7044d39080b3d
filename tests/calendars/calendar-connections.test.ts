/**
 * Connected Google calendars end to end on both stores, against the fake Google server: the OAuth
 * dance through our routes, imported blocks in external-busy and availability, the booking conflict
 * check, external deletes, token refresh, revocation (needs_reconnect, blocks kept), disconnect and
 * disconnectAll, and what the database may never contain.
 */
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CalendarConnectionRepository } from '../../server/calendars/calendar-connection.repository';
import { CalendarConnectionService } from '../../server/calendars/calendar-connection.service';
import { openConnectionSecret, sealConnectionSecret } from '../../server/calendars/calendar-credential';
import { addUser, seedTenant } from '../support/api';
import type { SeededTenant, TestApp } from '../support/api';
import { STORES } from '../support/db';
import { FakeGoogleCalendar } from '../fakes/google-calendar.fake';
import { expectCall, seedShop } from '../frontdesk/front-desk.fixtures';
import type { ShopIds } from '../frontdesk/front-desk.fixtures';
import { connectGoogle, databaseText, googleConfig, startCalendarApp } from './support/calendar-app';

const SECRETS = ['Dr. Alice Secret', 'alice@example.org', 'Harley Street 12', 'Root canal, bring X-rays'];
const ZONE = 'Europe/London';
/** A day inside the sync window (whole local days, today −30 … +90). */
const day = DateTime.now().setZone(ZONE).plus({ days: 10 }).startOf('day');
const at = (hour: number, minute = 0) => day.set({ hour, minute }).toISO({ suppressMilliseconds: true })!;

interface Busy {
  id: string;
  staffId: string;
  subject: string;
  start: string;
  end: string;
  durationMinutes: number;
  source: string;
}
interface Connection {
  id: string;
  status: string;
  lastSyncedAt: string | null;
  lastError: string | null;
}

describe.each(STORES)(`${CalendarConnectionService.name} with Google on %s`, (store) => {
  let google: FakeGoogleCalendar;
  let sut: TestApp;
  let owner: SeededTenant;
  let shop: ShopIds;
  let staffId: string;
  let connectionId: string;

  const busyOfDay = async () =>
    (
      await expectCall<{ items: Busy[] }>(
        sut,
        owner.token,
        'GET',
        `/v1/external-busy?from=${encodeURIComponent(day.toISO()!)}&to=${encodeURIComponent(day.plus({ days: 1 }).toISO()!)}`,
        200,
      )
    ).items;
  const slotStarts = async () =>
    (
      await expectCall<{ slots: { start: string }[] }>(
        sut,
        owner.token,
        'GET',
        `/v1/availability?serviceId=${shop.serviceId}&from=${encodeURIComponent(day.toISO()!)}&to=${encodeURIComponent(day.plus({ days: 1 }).toISO()!)}`,
        200,
      )
    ).slots.map((s) => DateTime.fromISO(s.start).setZone(ZONE).toFormat('HH:mm'));
  const connection = async (): Promise<Connection> =>
    (
      await expectCall<{ items: Connection[] }>(sut, owner.token, 'GET', '/v1/calendar-connections', 200)
    ).items.find((c) => c.id === connectionId)!;
  const syncNow = (id = connectionId) =>
    expectCall<{ connection: Connection; counts: { added: number; updated: number; removed: number } }>(
      sut,
      owner.token,
      'POST',
      `/v1/calendar-connections/${id}/sync`,
      200,
    );

  /** The sync protocol's latest op for a busy block (server/sync: `sync_changes`). */
  const syncOp = async (id: string) =>
    (
      await sut.db.superuserQuery<{ op: string }>(
        `SELECT op FROM sync_changes WHERE entity = 'externalBusy' AND entity_id = ${store === 'sqlite' ? '?' : '$1'}`,
        [id],
      )
    )[0]?.op;

  /** Time passes: the stored access token's expiry (inside the encrypted credential) is now past. */
  const ageStoredAccessToken = () =>
    sut.platform.scopes.forTenant(owner.tenantId).transaction(async (tx) => {
      const repo = tx.get(CalendarConnectionRepository);
      const stored = (await repo.findById(connectionId))!;
      const secret = openConnectionSecret(
        sut.platform.cipher,
        owner.tenantId,
        connectionId,
        stored.credential,
      );
      (secret.credential as { expiresAt: number }).expiresAt = 0;
      await repo.recordSuccess(connectionId, stored.syncGeneration, {
        credential: sealConnectionSecret(sut.platform.cipher, owner.tenantId, connectionId, secret),
        syncedAt: stored.lastSyncedAt!,
        nextSyncAt: stored.nextSyncAt,
      });
    });

  beforeAll(async () => {
    google = await new FakeGoogleCalendar().start();
    sut = await startCalendarApp(store, googleConfig(google));
    owner = await seedTenant(sut.platform, { timeZone: ZONE });
    shop = await seedShop(sut, owner.token, { timeZone: ZONE });
    staffId = shop.staffIds[0]!;
    google.putEvent({
      id: 'dentist',
      summary: 'Dentist',
      description: SECRETS[3],
      location: SECRETS[2],
      attendees: [
        { email: 'stylist@example.com', self: true, responseStatus: 'accepted' },
        { email: SECRETS[1], displayName: SECRETS[0], responseStatus: 'accepted' },
      ],
      start: { dateTime: at(10), timeZone: ZONE },
      end: { dateTime: at(11), timeZone: ZONE },
    });
    google.putEvent({
      id: 'focus',
      summary: 'Focus time',
      transparency: 'transparent',
      start: { dateTime: at(14), timeZone: ZONE },
      end: { dateTime: at(15), timeZone: ZONE },
    });
  });
  afterAll(async () => {
    await sut?.close();
    await google?.stop();
  });

  it('connects through the OAuth dance (PKCE, state) and imports busy time, not free time', async () => {
    connectionId = await connectGoogle(sut, google, owner.token, staffId);
    const list = await expectCall<{
      items: Connection[];
      providers: Record<string, { configured: boolean }>;
    }>(sut, owner.token, 'GET', '/v1/calendar-connections', 200);
    expect(list.providers).toEqual({
      google: { configured: true },
      microsoft: { configured: false },
      caldav: { configured: true },
    });
    expect(await connection()).toMatchObject({ status: 'active', lastError: null });
    expect((await connection()).lastSyncedAt).not.toBeNull();
    const blocks = await busyOfDay();
    expect(blocks.map((b) => [b.subject, b.start, b.end, b.durationMinutes, b.source])).toEqual([
      ['Dentist', at(10), at(11), 60, 'google'],
    ]);
    const free = await slotStarts();
    expect(free).not.toContain('10:00');
    expect(free).not.toContain('10:30');
    expect(free).toContain('09:30');
    expect(free).toContain('14:00'); // the transparent event blocks nothing
  });

  it('refuses a second use of the state, a state for another provider and a forged state', async () => {
    const started = await sut.call({
      method: 'POST',
      url: '/v1/calendar-connections',
      token: owner.token,
      payload: { provider: 'google', staffId },
    });
    const { code, state } = google.approve(started.json().authorizeUrl);
    const url = `/v1/calendar-connections/callback/google?code=${code}&state=${encodeURIComponent(state!)}`;
    const forged = `/v1/calendar-connections/callback/google?code=${code}&state=${owner.tenantId}.forged`;
    expect((await sut.call({ method: 'GET', url: forged })).statusCode).toBe(400);
    expect((await sut.call({ method: 'GET', url: url.replace('/google?', '/microsoft?') })).statusCode).toBe(
      400,
    );
    expect((await sut.call({ method: 'GET', url })).statusCode).toBe(200);
    const replay = await sut.call({ method: 'GET', url });
    expect(replay.statusCode).toBe(400);
    expect(replay.body).toContain('invalid or has expired');
    const list = await expectCall<{ items: Connection[] }>(
      sut,
      owner.token,
      'GET',
      '/v1/calendar-connections',
      200,
    );
    expect(list.items).toHaveLength(2);
    await expectCall(sut, owner.token, 'DELETE', `/v1/calendar-connections/${list.items[1]!.id}`, 204);
  });

  it('refuses a booking over an imported block with /slot-taken unless allowOverlap', async () => {
    const body = { serviceId: shop.serviceId, staffId, start: at(10, 30), source: 'desk' };
    const refused = await sut.call({
      method: 'POST',
      url: '/v1/bookings',
      token: owner.token,
      payload: body,
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().type).toMatch(/\/slot-taken$/);
    const allowed = await sut.call({
      method: 'POST',
      url: '/v1/bookings',
      token: owner.token,
      payload: { ...body, allowOverlap: true },
    });
    expect(allowed.statusCode, allowed.body).toBe(201);
  });

  it('frees the slot after the event is deleted externally and the next sync runs', async () => {
    google.putEvent({
      id: 'lunch',
      summary: 'Lunch with mum',
      start: { dateTime: at(12), timeZone: ZONE },
      end: { dateTime: at(13), timeZone: ZONE },
    });
    expect((await syncNow()).counts).toEqual({ added: 1, updated: 0, removed: 0 });
    expect(await slotStarts()).not.toContain('12:00');
    const lunch = (await busyOfDay()).find((b) => b.subject === 'Lunch with mum')!;
    expect(await syncOp(lunch.id)).toBe('put'); // desktops receive the block through sync
    google.deleteEvent('lunch');
    const report = await syncNow();
    expect(await syncOp(lunch.id)).toBe('del');
    expect(report.counts).toEqual({ added: 0, updated: 0, removed: 1 });
    expect(report.connection.status).toBe('active');
    expect(await slotStarts()).toContain('12:00');
    expect((await busyOfDay()).map((b) => b.subject)).toEqual(['Dentist']);
  });

  it('refreshes an expired access token and keeps the connection active', async () => {
    google.expireAccessTokens();
    await ageStoredAccessToken();
    const before = google.requests.filter((r) => r.grantType === 'refresh_token').length;
    const report = await syncNow();
    expect(report.connection.lastError).toBeNull();
    expect(report.connection.status).toBe('active');
    expect(google.requests.filter((r) => r.grantType === 'refresh_token').length).toBe(before + 1);
    // The refreshed token was stored: the next sync needs no refresh.
    await syncNow();
    expect(google.requests.filter((r) => r.grantType === 'refresh_token').length).toBe(before + 1);
  });

  it('never stores attendees, descriptions, locations or tokens in plaintext', async () => {
    const text = await databaseText(sut);
    expect(text).toContain('Dentist'); // the scan does see imported data
    for (const secret of SECRETS) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/ya29\.|1\/\//); // the fake's access and refresh token shapes
    expect(text).not.toContain(google.clientSecret);
  });

  it('marks a revoked connection needs_reconnect, keeps its blocks and last successful sync', async () => {
    const lastSyncedAt = (await connection()).lastSyncedAt;
    google.revokeAll();
    google.expireAccessTokens();
    const report = await syncNow();
    expect(report.connection.status).toBe('needs_reconnect');
    expect(report.connection.lastError).toMatch(/google/);
    expect(report.connection.lastSyncedAt).toBe(lastSyncedAt);
    expect((await busyOfDay()).map((b) => b.subject)).toEqual(['Dentist']);
    expect((await connection()).status).toBe('needs_reconnect');
  });

  it('disconnects: revokes at Google, deletes the credential and every imported block in one go', async () => {
    const secondId = await connectGoogle(sut, google, owner.token, staffId);
    const [row] = await sut.db.superuserQuery<{ credential: string }>(
      `SELECT credential FROM calendar_connections WHERE id = ${store === 'sqlite' ? '?' : '$1'}`,
      [secondId],
    );
    expect(row!.credential).toMatch(/^v1:/);
    const revokes = google.requests.filter((r) => r.url.pathname === '/revoke').length;
    await expectCall(sut, owner.token, 'DELETE', `/v1/calendar-connections/${secondId}`, 204);
    expect(google.requests.filter((r) => r.url.pathname === '/revoke').length).toBe(revokes + 1);
    const left = await sut.db.superuserQuery<{ id: string }>(
      `SELECT id FROM calendar_connections WHERE credential = ${store === 'sqlite' ? '?' : '$1'}`,
      [row!.credential],
    );
    expect(left).toEqual([]);
    const blocks = await sut.db.superuserQuery<{ n: number | string }>(
      `SELECT count(*) AS n FROM external_busy WHERE connection_id = ${store === 'sqlite' ? '?' : '$1'}`,
      [secondId],
    );
    expect(Number(blocks[0]!.n)).toBe(0);
    await expectCall(sut, owner.token, 'DELETE', `/v1/calendar-connections/${secondId}`, 404);
  });

  it('disconnectAll removes every connection and block of the tenant (account cancellation)', async () => {
    await connectGoogle(sut, google, owner.token, staffId);
    expect((await busyOfDay()).length).toBeGreaterThan(0);
    const removed = await sut.platform.calendars.disconnectAll(sut.platform.scopes.forTenant(owner.tenantId));
    expect(removed).toBe(2);
    const list = await expectCall<{ items: Connection[] }>(
      sut,
      owner.token,
      'GET',
      '/v1/calendar-connections',
      200,
    );
    expect(list.items).toEqual([]);
    expect(await busyOfDay()).toEqual([]);
  });

  it('lets a staff user connect only the staff record with their email; receptionists may only list', async () => {
    const receptionist = await addUser(sut.platform, owner.tenantId, 'receptionist');
    const staffUser = await addUser(sut.platform, owner.tenantId, 'staff');
    const connect = (token: string, id: string) =>
      sut.call({
        method: 'POST',
        url: '/v1/calendar-connections',
        token,
        payload: { provider: 'google', staffId: id },
      });
    expect((await connect(receptionist.token, staffId)).statusCode).toBe(403);
    expect((await connect(staffUser.token, staffId)).statusCode).toBe(403);
    await expectCall(sut, owner.token, 'PATCH', `/v1/staff/${staffId}`, 200, { email: staffUser.email });
    expect((await connect(staffUser.token, staffId)).statusCode).toBe(200);
    await expectCall(sut, receptionist.token, 'GET', '/v1/calendar-connections', 200);
  });

  it('account cancellation (DELETE /v1/tenant) disconnects every calendar of the business', async () => {
    const business = await seedTenant(sut.platform, { timeZone: ZONE });
    const itsShop = await seedShop(sut, business.token, { timeZone: ZONE });
    await connectGoogle(sut, google, business.token, itsShop.staffIds[0]!);
    const p = store === 'sqlite' ? '?' : '$1';
    const count = async (table: string) =>
      Number(
        (
          await sut.db.superuserQuery<{ n: number | string }>(
            `SELECT count(*) AS n FROM ${table} WHERE tenant_id = ${p}`,
            [business.tenantId],
          )
        )[0]!.n,
      );
    expect(await count('external_busy')).toBeGreaterThan(0);
    const revokes = google.requests.filter((r) => r.url.pathname === '/revoke').length;
    await expectCall(sut, business.token, 'DELETE', '/v1/tenant', 200, { password: business.password });
    expect(await count('calendar_connections')).toBe(0);
    expect(await count('external_busy')).toBe(0);
    expect(google.requests.filter((r) => r.url.pathname === '/revoke').length).toBe(revokes + 1);
  });
});
