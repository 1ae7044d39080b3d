/**
 * `calendars:status` through the desktop's IPC gate against the real API started in-process (SQLite)
 * and a real CalDAV server (Debian's Radicale): a connected calendar whose password was changed is
 * reported `needs_reconnect` with its staff member's name and last successful sync; signed out, with a
 * refused token or offline the desk keeps the last list it read; with nothing ever read it is empty.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectCall, seedShop } from '../../tests/frontdesk/front-desk.fixtures';
import type { ShopIds } from '../../tests/frontdesk/front-desk.fixtures';
import { startCalendarApp } from '../../tests/calendars/support/calendar-app';
import { vcalendar, vevent } from '../../tests/calendars/support/ics';
import { startRadicale } from '../../tests/fakes/radicale';
import type { RadicaleServer } from '../../tests/fakes/radicale';
import type { SeededTenant, TestApp } from '../../tests/support/api';
import { seedTenant } from '../../tests/support/api';
import { memorySecrets } from '../../tests/support/desk';
import { ApiClient } from '../api/api.client';
import type { AccountServices } from '../app/account-services';
import { openAccountServices } from '../app/account-services';
import { MetaStore } from '../cache/meta.store';
import { IpcRegistry } from '../ipc/ipc-registry';
import { cacheTarget, SyncPuller } from '../sync/sync-puller';
import { CalendarStatusService } from './calendar-status.service';

const ZONE = 'Europe/London';
const APP_URL = 'file:///bookdesk/index.html';
const sender = { url: APP_URL, isTopFrame: true };

interface ApiConnection {
  id: string;
  status: string;
  lastSyncedAt: string | null;
}

describe(CalendarStatusService.name, () => {
  let dir: string;
  let radicale: RadicaleServer;
  let t: TestApp;
  let apiUrl: string;
  let owner: SeededTenant;
  let shop: ShopIds;
  let connectionId: string;
  /** What the desk's session would hand out as its access token right now. */
  let token: string | null;
  let sut: OpenAccount;
  let apiStopped = false;
  const secrets = memorySecrets();

  interface OpenAccount {
    account: AccountServices;
    registry: IpcRegistry;
  }
  /** An account's cache as the session opens it, its channel behind the IPC gate, signed in to the API. */
  const open = async (file: string): Promise<OpenAccount> => {
    const account = await openAccountServices(join(dir, file), {
      secrets,
      api: { apiBaseUrl: () => apiUrl, accessToken: async () => token },
    });
    const registry = new IpcRegistry((url) => url === APP_URL).handle('calendars:status', () =>
      account.calendars.status(),
    );
    return { account, registry };
  };
  const status = (desk: OpenAccount = sut) => desk.registry.dispatch('calendars:status', {}, sender);
  const syncConnection = () =>
    expectCall<{ connection: ApiConnection }>(
      t,
      owner.token,
      'POST',
      `/v1/calendar-connections/${connectionId}/sync`,
      200,
    );

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bookdesk-calendars-'));
    radicale = await startRadicale();
    const calendarUrl = await radicale.createCalendar('personal');
    const start = new Date(Date.now() + 2 * 86_400_000);
    const ics = (d: Date) =>
      d
        .toISOString()
        .replace(/[-:]/g, '')
        .replace(/\.\d{3}/, '');
    await radicale.putEvent(
      calendarUrl,
      'dentist.ics',
      vcalendar(
        vevent([
          'UID:dentist-1',
          'SUMMARY:Dentist',
          `DTSTART:${ics(start)}`,
          `DTEND:${ics(new Date(start.getTime() + 3_600_000))}`,
        ]),
      ),
    );
    // Radicale listens on loopback, which only an embedded server may reach.
    t = await startCalendarApp('sqlite', {}, undefined, { calendars: { allowInternalCalDav: true } });
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    apiUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    owner = await seedTenant(t.platform, { timeZone: ZONE });
    shop = await seedShop(t, owner.token, { timeZone: ZONE });
    const connected = await expectCall<{ connection: ApiConnection }>(
      t,
      owner.token,
      'POST',
      '/v1/calendar-connections',
      201,
      {
        provider: 'caldav',
        staffId: shop.staffIds[0],
        serverUrl: radicale.url,
        username: radicale.username,
        password: radicale.password,
      },
    );
    connectionId = connected.connection.id;

    token = owner.token;
    sut = await open('cache.sqlite');
    // The staff names come from the desk's own cache, filled the way the desk fills it.
    const pulled = await new SyncPuller({
      apiBaseUrl: apiUrl,
      api: new ApiClient(apiUrl),
      target: cacheTarget(sut.account.cache),
      meta: new MetaStore(sut.account.db),
    }).pull(owner.token);
    expect(pulled.ok).toBe(true);
  }, 60_000);

  afterAll(async () => {
    sut?.account.db.close();
    if (!apiStopped) await t?.close();
    await radicale?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports a calendar that syncs as active, with its staff member and last sync', async () => {
    const { connection } = await syncConnection();

    await expect(status()).resolves.toEqual({
      ok: true,
      value: {
        connections: [
          {
            id: connectionId,
            provider: 'caldav',
            staffId: shop.staffIds[0],
            staffName: 'Stylist A',
            status: 'active',
            lastSyncedAt: connection.lastSyncedAt,
          },
        ],
      },
    });
    expect(connection.lastSyncedAt).not.toBeNull();
  });

  it('reports needs_reconnect once the calendar refuses the stored password, keeping the last good sync', async () => {
    const before = (await syncConnection()).connection.lastSyncedAt;
    await radicale.setPassword('changed-by-the-stylist');
    const after = await syncConnection();
    expect(after.connection.status).toBe('needs_reconnect');

    const result = await status();

    expect(result).toEqual({
      ok: true,
      value: {
        connections: [
          expect.objectContaining({
            id: connectionId,
            staffName: 'Stylist A',
            status: 'needs_reconnect',
            lastSyncedAt: before,
          }),
        ],
      },
    });
  });

  it('keeps answering with the last list it read while signed out or with a refused token', async () => {
    const known = await status();

    token = null;
    await expect(status()).resolves.toEqual(known);
    token = 'not-a-valid-token';
    await expect(status()).resolves.toEqual(known);
    token = owner.token;
  });

  it('is empty for a desk that never read the list and is not signed in', async () => {
    const fresh = await open('fresh.sqlite');
    token = null;
    try {
      await expect(status(fresh)).resolves.toEqual({ ok: true, value: { connections: [] } });
    } finally {
      token = owner.token;
      fresh.account.db.close();
    }
  });

  it('keeps answering with the last list it read when the API is unreachable, across a restart', async () => {
    const known = await status();
    await t.close();
    apiStopped = true;
    sut.account.db.close();

    sut = await open('cache.sqlite');

    await expect(status()).resolves.toEqual(known);
    expect(known).toMatchObject({ ok: true, value: { connections: [{ status: 'needs_reconnect' }] } });
  });
});
