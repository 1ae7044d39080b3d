/**
 * A CalDAV/iCloud connection end to end against a real CalDAV server (Debian's Radicale), on both
 * stores: connect with an app-specific password (verified by the first sync, 422 naming the field
 * when refused), a weekly series with a moved instance, an EXDATE and a cancelled instance, an all-day
 * event blocking the whole local day, availability without those slots, and an external delete
 * freeing the day after the next sync. The password never reaches the database in plaintext.
 */
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CalendarConnectionService } from '../../server/calendars/calendar-connection.service';
import { seedTenant } from '../support/api';
import type { SeededTenant, TestApp } from '../support/api';
import { STORES } from '../support/db';
import { startRadicale } from '../fakes/radicale';
import type { RadicaleServer } from '../fakes/radicale';
import { expectCall, seedShop } from '../frontdesk/front-desk.fixtures';
import type { ShopIds } from '../frontdesk/front-desk.fixtures';
import { databaseText, startCalendarApp } from './support/calendar-app';
import { LONDON_VTIMEZONE, vcalendar, vevent } from './support/ics';

const ZONE = 'Europe/London';
const SECRETS = ['Dr. Alice Secret', 'alice@example.org', 'Harley Street 12', 'Root canal, bring X-rays'];
/** Monday at least a week ahead: six weekly instances stay inside the window (today … +90 days). */
const monday = DateTime.now().setZone(ZONE).plus({ weeks: 1 }).startOf('week');
const week = (n: number) => monday.plus({ weeks: n - 1 });
const local = (d: DateTime, hour: number) => d.set({ hour }).toFormat("yyyyMMdd'T'HHmmss");
const iso = (d: DateTime, hour: number) => d.set({ hour }).toISO({ suppressMilliseconds: true })!;
const allDay = week(1).plus({ days: 5 }); // the Saturday

interface Busy {
  subject: string;
  start: string;
  end: string;
  durationMinutes: number;
  source: string;
}

describe.each(STORES)(`${CalendarConnectionService.name} with CalDAV (Radicale) on %s`, (store) => {
  let radicale: RadicaleServer;
  let calendarUrl: string;
  let sut: TestApp;
  let owner: SeededTenant;
  let shop: ShopIds;
  let connectionId: string;

  const range = (from: DateTime, to: DateTime) =>
    `from=${encodeURIComponent(from.toISO()!)}&to=${encodeURIComponent(to.toISO()!)}`;
  const busy = async () =>
    (
      await expectCall<{ items: Busy[] }>(
        sut,
        owner.token,
        'GET',
        `/v1/external-busy?${range(week(1), week(7))}`,
        200,
      )
    ).items.map((b) => [b.subject, b.start, b.end, b.durationMinutes, b.source]);
  const slotsOn = async (d: DateTime) =>
    (
      await expectCall<{ slots: { start: string }[] }>(
        sut,
        owner.token,
        'GET',
        `/v1/availability?serviceId=${shop.serviceId}&${range(d, d.plus({ days: 1 }))}`,
        200,
      )
    ).slots.map((s) => DateTime.fromISO(s.start).setZone(ZONE).toFormat('HH:mm'));
  const connect = (password: string) =>
    sut.call({
      method: 'POST',
      url: '/v1/calendar-connections',
      token: owner.token,
      payload: {
        provider: 'caldav',
        staffId: shop.staffIds[0],
        serverUrl: radicale.url,
        username: radicale.username,
        password,
      },
    });

  beforeAll(async () => {
    radicale = await startRadicale();
    calendarUrl = await radicale.createCalendar('personal', { timeZoneIcs: vcalendar(LONDON_VTIMEZONE) });
    await radicale.putEvent(
      calendarUrl,
      'weekly.ics',
      vcalendar(
        LONDON_VTIMEZONE,
        vevent([
          'UID:weekly-1',
          'SUMMARY:Weekly physio',
          `DTSTART;TZID=Europe/London:${local(week(1), 9)}`,
          `DTEND;TZID=Europe/London:${local(week(1), 10)}`,
          'RRULE:FREQ=WEEKLY;COUNT=6',
          `EXDATE;TZID=Europe/London:${local(week(3), 9)}`,
          `DESCRIPTION:${SECRETS[3]}`,
          `LOCATION:${SECRETS[2]}`,
          `ATTENDEE;CN=${SECRETS[0]}:mailto:${SECRETS[1]}`,
        ]),
        vevent([
          'UID:weekly-1',
          `RECURRENCE-ID;TZID=Europe/London:${local(week(2), 9)}`,
          'SUMMARY:Weekly physio (moved)',
          `DTSTART;TZID=Europe/London:${local(week(2), 14)}`,
          `DTEND;TZID=Europe/London:${local(week(2), 15)}`,
        ]),
        vevent([
          'UID:weekly-1',
          `RECURRENCE-ID;TZID=Europe/London:${local(week(4), 9)}`,
          'STATUS:CANCELLED',
          'SUMMARY:Weekly physio',
          `DTSTART;TZID=Europe/London:${local(week(4), 9)}`,
          `DTEND;TZID=Europe/London:${local(week(4), 10)}`,
        ]),
      ),
    );
    await radicale.putEvent(
      calendarUrl,
      'all-day.ics',
      vcalendar(
        vevent([
          'UID:all-day-1',
          'SUMMARY:Day off',
          `DTSTART;VALUE=DATE:${allDay.toFormat('yyyyMMdd')}`,
          `DTEND;VALUE=DATE:${allDay.plus({ days: 1 }).toFormat('yyyyMMdd')}`,
        ]),
      ),
    );
    await radicale.putEvent(
      calendarUrl,
      'free.ics',
      vcalendar(
        vevent([
          'UID:free-1',
          'SUMMARY:Maybe gym',
          'TRANSP:TRANSPARENT',
          `DTSTART:${week(1).set({ hour: 15 }).toUTC().toFormat("yyyyMMdd'T'HHmmss'Z'")}`,
          `DTEND:${week(1).set({ hour: 16 }).toUTC().toFormat("yyyyMMdd'T'HHmmss'Z'")}`,
        ]),
      ),
    );
    // Radicale listens on loopback, which only an embedded server may reach by default.
    sut = await startCalendarApp(store, {}, undefined, { calendars: { allowInternalCalDav: true } });
    owner = await seedTenant(sut.platform, { timeZone: ZONE });
    shop = await seedShop(sut, owner.token, { timeZone: ZONE });
  });
  afterAll(async () => {
    await sut?.close();
    await radicale?.stop();
  });

  it('refuses a server address in the internal network unless allowed (a hosted server is no proxy)', async () => {
    const hosted = await startCalendarApp(store, {}, undefined, {
      calendars: { allowInternalCalDav: false },
    });
    try {
      const tenant = await seedTenant(hosted.platform);
      const staffId = (await seedShop(hosted, tenant.token)).staffIds[0];
      const refused = await hosted.call({
        method: 'POST',
        url: '/v1/calendar-connections',
        token: tenant.token,
        payload: { provider: 'caldav', staffId, serverUrl: radicale.url, username: 'u', password: 'p' },
      });
      expect(refused.statusCode, refused.body).toBe(422);
      expect(refused.json().errors).toContainEqual(expect.objectContaining({ path: 'body.serverUrl' }));
      expect(await hosted.db.superuserQuery('SELECT id FROM calendar_connections')).toEqual([]);
    } finally {
      await hosted.close();
    }
  });

  it('refuses a wrong app-specific password with 422 naming body.password, storing nothing', async () => {
    const refused = await connect('not-the-password');
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.json().errors).toContainEqual(expect.objectContaining({ path: 'body.password' }));
    const list = await expectCall<{ items: unknown[] }>(
      sut,
      owner.token,
      'GET',
      '/v1/calendar-connections',
      200,
    );
    expect(list.items).toEqual([]);
  });

  it('connects and imports the expanded series (moved, excluded, cancelled) and the all-day event', async () => {
    const connected = await connect(radicale.password);
    expect(connected.statusCode, connected.body).toBe(201);
    const report = connected.json();
    connectionId = report.connection.id;
    expect(report.connection).toMatchObject({ provider: 'caldav', status: 'active', lastError: null });
    expect(report.counts).toEqual({ added: 5, updated: 0, removed: 0 });
    expect(await busy()).toEqual([
      ['Weekly physio', iso(week(1), 9), iso(week(1), 10), 60, 'caldav'],
      ['Day off', iso(allDay, 0), iso(allDay.plus({ days: 1 }), 0), 1440, 'caldav'],
      ['Weekly physio (moved)', iso(week(2), 14), iso(week(2), 15), 60, 'caldav'],
      ['Weekly physio', iso(week(5), 9), iso(week(5), 10), 60, 'caldav'],
      ['Weekly physio', iso(week(6), 9), iso(week(6), 10), 60, 'caldav'],
    ]);
  });

  it('removes those times from availability (the whole all-day date; not the transparent event)', async () => {
    const first = await slotsOn(week(1));
    expect(first).not.toContain('09:00');
    expect(first).not.toContain('09:30');
    expect(first).toContain('10:00');
    expect(first).toContain('15:00');
    expect(await slotsOn(week(3))).toContain('09:00'); // EXDATE
    expect(await slotsOn(week(4))).toContain('09:00'); // cancelled instance
    expect(await slotsOn(allDay)).toEqual([]);
  });

  it('frees the day after the event is deleted in the calendar and the next sync runs', async () => {
    await radicale.deleteEvent(calendarUrl, 'all-day.ics');
    const report = await expectCall<{ counts: { removed: number } }>(
      sut,
      owner.token,
      'POST',
      `/v1/calendar-connections/${connectionId}/sync`,
      200,
    );
    expect(report.counts.removed).toBe(1);
    expect(await slotsOn(allDay)).toContain('09:00');
  });

  it('keeps the app-specific password, descriptions and attendees out of the database in plaintext', async () => {
    const text = await databaseText(sut);
    expect(text).toContain('Weekly physio');
    expect(text).not.toContain(radicale.password);
    for (const secret of SECRETS) expect(text).not.toContain(secret);
  });

  it('marks the connection needs_reconnect when the password is changed, keeping its blocks', async () => {
    const before = await busy();
    await radicale.setPassword('a-new-password');
    const report = await expectCall<{ connection: { status: string } }>(
      sut,
      owner.token,
      'POST',
      `/v1/calendar-connections/${connectionId}/sync`,
      200,
    );
    expect(report.connection.status).toBe('needs_reconnect');
    expect(await busy()).toEqual(before);
    await radicale.setPassword(radicale.password);
  });
});
