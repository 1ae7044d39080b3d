import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ProviderAuthError,
  type BusyBlockInput,
  type SyncWindow,
} from '../../server/calendars/calendar-provider';
import { CalDavProvider, type CalDavCredential } from '../../server/calendars/caldav.provider';
import { startRadicale, type RadicaleServer } from '../fakes/radicale';
import {
  EASTERN_WINDOWS_VTIMEZONE,
  LONDON_VTIMEZONE,
  NEW_YORK_VTIMEZONE,
  vcalendar,
  vevent,
} from './support/ics';

const window: SyncWindow = { from: new Date('2027-03-01T00:00:00Z'), to: new Date('2027-05-01T00:00:00Z') };
const SECRET_WORDS = [
  'Dr. Alice Secret',
  'alice@example.org',
  'Harley Street 12',
  'Root canal, bring X-rays',
];

const starts = (blocks: BusyBlockInput[], subject: string) =>
  blocks
    .filter((b) => b.subject === subject)
    .map((b) => b.start.toISOString())
    .sort();

describe(CalDavProvider.name, () => {
  let radicale: RadicaleServer;
  let credential: CalDavCredential;
  let calendarUrl: string;
  // Radicale listens on loopback: allowed, as on an embedded server (hosted ones refuse it).
  const sut = new CalDavProvider(undefined, { allowInternal: true });

  beforeAll(async () => {
    radicale = await startRadicale();
    credential = { serverUrl: radicale.url, username: radicale.username, password: radicale.password };
    calendarUrl = await radicale.createCalendar('personal', { timeZoneIcs: vcalendar(LONDON_VTIMEZONE) });
    await radicale.putEvent(
      calendarUrl,
      'weekly.ics',
      vcalendar(
        LONDON_VTIMEZONE,
        vevent([
          'UID:weekly-1',
          'SUMMARY:Weekly physio',
          'DTSTART;TZID=Europe/London:20270301T090000',
          'DTEND;TZID=Europe/London:20270301T100000',
          'RRULE:FREQ=WEEKLY;COUNT=8',
          'EXDATE;TZID=Europe/London:20270322T090000',
          `DESCRIPTION:${SECRET_WORDS[3]}`,
          `LOCATION:${SECRET_WORDS[2]}`,
          `ATTENDEE;CN=${SECRET_WORDS[0]}:mailto:${SECRET_WORDS[1]}`,
        ]),
        vevent([
          'UID:weekly-1',
          'RECURRENCE-ID;TZID=Europe/London:20270315T090000',
          'SUMMARY:Weekly physio (moved)',
          'DTSTART;TZID=Europe/London:20270315T140000',
          'DTEND;TZID=Europe/London:20270315T150000',
        ]),
        vevent([
          'UID:weekly-1',
          'RECURRENCE-ID;TZID=Europe/London:20270329T090000',
          'STATUS:CANCELLED',
          'SUMMARY:Weekly physio',
          'DTSTART;TZID=Europe/London:20270329T090000',
          'DTEND;TZID=Europe/London:20270329T100000',
        ]),
      ),
    );
    await radicale.putEvent(
      calendarUrl,
      'all-day.ics',
      vcalendar(
        vevent([
          'UID:all-day-1',
          'SUMMARY:Clocks change day off',
          'DTSTART;VALUE=DATE:20270328',
          'DTEND;VALUE=DATE:20270329',
        ]),
      ),
    );
    await radicale.putEvent(
      calendarUrl,
      'new-york.ics',
      vcalendar(
        NEW_YORK_VTIMEZONE,
        vevent([
          'UID:ny-1',
          'SUMMARY:New York stand-up',
          'DTSTART;TZID=America/New_York:20270308T090000',
          'DTEND;TZID=America/New_York:20270308T093000',
          'RRULE:FREQ=WEEKLY;COUNT=2',
        ]),
      ),
    );
    await radicale.putEvent(
      calendarUrl,
      'windows-zone.ics',
      vcalendar(
        EASTERN_WINDOWS_VTIMEZONE,
        vevent([
          'UID:win-1',
          'SUMMARY:Outlook-made call',
          'DTSTART;TZID=Eastern Standard Time:20270315T090000',
          'DTEND;TZID=Eastern Standard Time:20270315T100000',
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
          'DTSTART:20270302T170000Z',
          'DTEND:20270302T180000Z',
        ]),
      ),
    );
    await radicale.putEvent(
      calendarUrl,
      'cancelled.ics',
      vcalendar(
        vevent([
          'UID:cancelled-1',
          'SUMMARY:Called off',
          'STATUS:CANCELLED',
          'DTSTART:20270303T170000Z',
          'DTEND:20270303T180000Z',
        ]),
      ),
    );
    await radicale.putEvent(
      calendarUrl,
      'dentist.ics',
      vcalendar(
        vevent(['UID:dentist-1', 'SUMMARY:Dentist', 'DTSTART:20270304T100000Z', 'DTEND:20270304T110000Z']),
      ),
    );
  });

  afterAll(async () => {
    await radicale?.stop();
  });

  it('expands a weekly series with a moved and two cancelled instances, DST-correct', async () => {
    const result = await sut.sync(credential, null, window);

    expect(result.full).toBe(true);
    expect(starts(result.upserts, 'Weekly physio')).toEqual([
      '2027-03-01T09:00:00.000Z',
      '2027-03-08T09:00:00.000Z',
      // 03-15 moved, 03-22 EXDATE, 03-29 cancelled override; London is on BST (UTC+1) from 03-28.
      '2027-04-05T08:00:00.000Z',
      '2027-04-12T08:00:00.000Z',
      '2027-04-19T08:00:00.000Z',
    ]);
    expect(starts(result.upserts, 'Weekly physio (moved)')).toEqual(['2027-03-15T14:00:00.000Z']);
    expect(result.upserts.find((b) => b.subject === 'Weekly physio')?.durationMinutes).toBe(60);
  });

  it('blocks the whole local day for an all-day event, 23 hours on the spring-forward day', async () => {
    const result = await sut.sync(credential, null, window);

    const dayOff = result.upserts.filter((b) => b.subject === 'Clocks change day off');
    expect(dayOff).toHaveLength(1);
    expect(dayOff[0]!.start.toISOString()).toBe('2027-03-28T00:00:00.000Z');
    expect(dayOff[0]!.end.toISOString()).toBe('2027-03-28T23:00:00.000Z');
    expect(dayOff[0]!.durationMinutes).toBe(23 * 60);
  });

  it('converts events in another zone across its DST change, IANA or Windows TZID', async () => {
    const result = await sut.sync(credential, null, window);

    // 09:00 in New York is 14:00Z before the US change on 2027-03-14 and 13:00Z after it.
    expect(starts(result.upserts, 'New York stand-up')).toEqual([
      '2027-03-08T14:00:00.000Z',
      '2027-03-15T13:00:00.000Z',
    ]);
    expect(starts(result.upserts, 'Outlook-made call')).toEqual(['2027-03-15T13:00:00.000Z']);
  });

  it('does not block transparent or cancelled events', async () => {
    const result = await sut.sync(credential, null, window);

    const subjects = result.upserts.map((b) => b.subject);
    expect(subjects).not.toContain('Maybe gym');
    expect(subjects).not.toContain('Called off');
    expect(subjects).toContain('Dentist');
  });

  it('hands out only hash, subject, start, end and duration, nothing about attendees or places', async () => {
    const result = await sut.sync(credential, null, window);

    for (const block of result.upserts) {
      expect(Object.keys(block).sort()).toEqual([
        'durationMinutes',
        'end',
        'eventIdHash',
        'start',
        'subject',
      ]);
      expect(block.eventIdHash).toMatch(/^[0-9a-f]{64}$/);
    }
    const json = JSON.stringify(result);
    for (const word of [...SECRET_WORDS, 'weekly-1', 'dentist-1']) expect(json).not.toContain(word);
  });

  it('reports an event deleted at the server in deletes on the next incremental sync', async () => {
    const first = await sut.sync(credential, null, window);
    const dentist = first.upserts.find((b) => b.subject === 'Dentist')!;

    const unchanged = await sut.sync(credential, first.nextState, window);
    expect(unchanged).toMatchObject({ full: false, upserts: [], deletes: [] });

    await radicale.deleteEvent(calendarUrl, 'dentist.ics');
    await radicale.putEvent(
      calendarUrl,
      'late.ics',
      vcalendar(
        vevent(['UID:late-1', 'SUMMARY:Late booking', 'DTSTART:20270410T100000Z', 'DTEND:20270410T103000Z']),
      ),
    );
    const second = await sut.sync(credential, unchanged.nextState, window);

    expect(second.full).toBe(false);
    expect(second.deletes).toEqual([dentist.eventIdHash]);
    expect(second.upserts.map((b) => b.subject)).toEqual(['Late booking']);
  });

  it('removes a cancelled instance of a series on the next sync', async () => {
    const first = await sut.sync(credential, null, window);
    const april12 = first.upserts.find((b) => b.start.toISOString() === '2027-04-12T08:00:00.000Z')!;

    await radicale.putEvent(
      calendarUrl,
      'weekly.ics',
      vcalendar(
        LONDON_VTIMEZONE,
        vevent([
          'UID:weekly-1',
          'SUMMARY:Weekly physio',
          'DTSTART;TZID=Europe/London:20270301T090000',
          'DTEND;TZID=Europe/London:20270301T100000',
          'RRULE:FREQ=WEEKLY;COUNT=8',
          'EXDATE;TZID=Europe/London:20270322T090000,20270412T090000',
        ]),
      ),
    );
    const second = await sut.sync(credential, first.nextState, window);

    expect(second.deletes).toContain(april12.eventIdHash);
    expect(second.upserts.map((b) => b.start.toISOString())).not.toContain('2027-04-12T08:00:00.000Z');
  });

  it('falls back to comparing etags when the server refuses the sync token', async () => {
    await radicale.putEvent(
      calendarUrl,
      'haircut.ics',
      vcalendar(
        vevent(['UID:haircut-1', 'SUMMARY:Haircut', 'DTSTART:20270305T100000Z', 'DTEND:20270305T103000Z']),
      ),
    );
    const first = await sut.sync(credential, null, window);
    const haircut = first.upserts.find((b) => b.subject === 'Haircut')!;
    const [url, calendar] = Object.entries(first.nextState.calendars)[0]!;
    const staleState = {
      ...first.nextState,
      calendars: {
        [url]: { ...calendar, syncToken: 'http://radicale.org/ns/sync/unknown-token', ctag: 'stale' },
      },
    };

    await radicale.deleteEvent(calendarUrl, 'haircut.ics');
    const second = await sut.sync(credential, staleState, window);

    expect(second.full).toBe(false);
    expect(second.deletes).toEqual([haircut.eventIdHash]);
    expect(second.upserts).toEqual([]);
  });

  it('throws ProviderAuthError when the app-specific password was revoked', async () => {
    await expect(sut.sync({ ...credential, password: 'revoked' }, null, window)).rejects.toBeInstanceOf(
      ProviderAuthError,
    );
  });
});
