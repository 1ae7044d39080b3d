/**
 * A Microsoft 365 connection end to end against the fake identity authority + Graph (HTTPS with a
 * test CA passed as the platform's https agent), on both stores: the OAuth dance through our routes
 * (MSAL confidential client, PKCE), busy time imported, the MSAL token cache stored only encrypted,
 * revocation → needs_reconnect with blocks kept, and disconnect removing credential and blocks.
 */
import { Agent } from 'node:https';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CalendarConnectionService } from '../../server/calendars/calendar-connection.service';
import { seedTenant } from '../support/api';
import type { SeededTenant, TestApp } from '../support/api';
import { STORES } from '../support/db';
import { FakeMicrosoft365 } from '../fakes/microsoft.fake';
import { expectCall, seedShop } from '../frontdesk/front-desk.fixtures';
import { databaseText, startCalendarApp } from './support/calendar-app';

const ZONE = 'Europe/London';
const SECRETS = ['Dr. Alice Secret', 'alice@example.org', 'Harley Street 12', 'Root canal, bring X-rays'];
const day = DateTime.now().setZone(ZONE).plus({ days: 12 }).startOf('day');
const graphTime = (hour: number) => ({
  dateTime: day.set({ hour }).toFormat("yyyy-MM-dd'T'HH:mm:ss'.0000000'"),
  timeZone: ZONE,
});

describe.each(STORES)(`${CalendarConnectionService.name} with Microsoft 365 on %s`, (store) => {
  let microsoft: FakeMicrosoft365;
  let sut: TestApp;
  let owner: SeededTenant;
  let staffId: string;
  let connectionId: string;

  const subjects = async () =>
    (
      await expectCall<{ items: { subject: string; start: string }[] }>(
        sut,
        owner.token,
        'GET',
        `/v1/external-busy?from=${encodeURIComponent(day.toISO()!)}&to=${encodeURIComponent(day.plus({ days: 1 }).toISO()!)}`,
        200,
      )
    ).items.map((b) => `${b.subject} ${DateTime.fromISO(b.start).setZone(ZONE).toFormat('HH:mm')}`);

  beforeAll(async () => {
    microsoft = await new FakeMicrosoft365().start();
    microsoft.putEvent({
      id: 'AAMkDentist',
      subject: 'Dentist',
      start: graphTime(10),
      end: graphTime(11),
      body: { contentType: 'html', content: `<p>${SECRETS[3]}</p>` },
      bodyPreview: SECRETS[3],
      location: { displayName: SECRETS[2] },
      attendees: [
        {
          type: 'required',
          status: { response: 'accepted' },
          emailAddress: { name: SECRETS[0], address: SECRETS[1] },
        },
      ],
    });
    sut = await startCalendarApp(
      store,
      {
        publicUrl: 'http://bookdesk.test',
        microsoft: { clientId: microsoft.clientId, clientSecret: microsoft.clientSecret },
        providerEndpoints: {
          MICROSOFT_AUTHORITY: microsoft.authority,
          MICROSOFT_GRAPH_BASE: microsoft.graphBase,
        },
      },
      undefined,
      { calendars: { httpsAgent: new Agent({ ca: microsoft.caPem }) } },
    );
    owner = await seedTenant(sut.platform);
    staffId = (await seedShop(sut, owner.token, { timeZone: ZONE })).staffIds[0]!;
  });
  afterAll(async () => {
    await sut?.close();
    await microsoft?.stop();
  });

  it('connects through the OAuth dance and imports busy time', async () => {
    const started = await expectCall<{ authorizeUrl: string }>(
      sut,
      owner.token,
      'POST',
      '/v1/calendar-connections',
      200,
      {
        provider: 'microsoft',
        staffId,
      },
    );
    const { code, state } = microsoft.approve(started.authorizeUrl);
    const callback = await sut.call({
      method: 'GET',
      url: `/v1/calendar-connections/callback/microsoft?code=${encodeURIComponent(code)}&state=${encodeURIComponent(state!)}&session_state=x`,
    });
    expect(callback.statusCode, callback.body).toBe(200);
    const list = await expectCall<{ items: { id: string; provider: string; status: string }[] }>(
      sut,
      owner.token,
      'GET',
      '/v1/calendar-connections',
      200,
    );
    expect(list.items).toEqual([expect.objectContaining({ provider: 'microsoft', status: 'active' })]);
    connectionId = list.items[0]!.id;
    expect(await subjects()).toEqual(['Dentist 10:00']);
  });

  it('stores the MSAL token cache only encrypted, and nothing of the event but subject and time', async () => {
    const text = await databaseText(sut);
    expect(text).toContain('Dentist');
    for (const secret of SECRETS) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/RefreshToken|eyJ0eXAiOiJKV1Qi|0\.AR/);
  });

  it('marks a revoked connection needs_reconnect and keeps its blocks', async () => {
    microsoft.revokeAll();
    const report = await expectCall<{ connection: { status: string } }>(
      sut,
      owner.token,
      'POST',
      `/v1/calendar-connections/${connectionId}/sync`,
      200,
    );
    expect(report.connection.status).toBe('needs_reconnect');
    expect(await subjects()).toEqual(['Dentist 10:00']);
  });

  it('disconnects: credential and blocks are gone even though the account was already revoked', async () => {
    await expectCall(sut, owner.token, 'DELETE', `/v1/calendar-connections/${connectionId}`, 204);
    expect(await subjects()).toEqual([]);
    const rows = await sut.db.superuserQuery('SELECT id FROM calendar_connections');
    expect(rows).toEqual([]);
  });
});
