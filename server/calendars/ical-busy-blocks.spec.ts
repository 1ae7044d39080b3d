import { describe, expect, it } from 'vitest';
import { busyBlocksFromICalendar, type ICalSource } from './ical-busy-blocks';

const source: ICalSource = {
  calendarUrl: 'https://caldav.example/cal/',
  zone: 'Australia/Lord_Howe',
  userAddresses: new Set(['mailto:stylist@example.com']),
};
const window = { from: new Date('2027-09-27T00:00:00Z'), to: new Date('2027-10-20T00:00:00Z') };

const ics = (...lines: string[]) =>
  [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//spec//EN',
    'BEGIN:VEVENT',
    'DTSTAMP:20270101T000000Z',
    ...lines,
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');

describe(busyBlocksFromICalendar.name, () => {
  it('reads floating times in the calendar zone and DURATION instead of DTEND', () => {
    const sut = busyBlocksFromICalendar(
      ics('UID:f-1', 'SUMMARY:Floating', 'DTSTART:20271004T090000', 'DURATION:PT1H30M'),
      source,
      window,
    );

    // Lord Howe is UTC+11 after its half-hour DST shift on 2027-10-03.
    expect(sut.map((b) => [b.start.toISOString(), b.durationMinutes])).toEqual([
      ['2027-10-03T22:00:00.000Z', 90],
    ]);
  });

  it('does not block an invitation the user declined, but does one they accepted', () => {
    const invite = (uid: string, partstat: string) =>
      ics(
        `UID:${uid}`,
        'SUMMARY:Invite',
        'DTSTART:20271001T010000Z',
        'DTEND:20271001T020000Z',
        'ORGANIZER:mailto:boss@example.com',
        `ATTENDEE;PARTSTAT=${partstat};CN=Stylist:mailto:Stylist@Example.com`,
      );

    expect(busyBlocksFromICalendar(invite('d-1', 'DECLINED'), source, window)).toEqual([]);
    expect(busyBlocksFromICalendar(invite('a-1', 'ACCEPTED'), source, window)).toHaveLength(1);
  });

  it('expands a daily all-day series into whole local days, including the short DST day', () => {
    const sut = busyBlocksFromICalendar(
      ics(
        'UID:leave-1',
        'SUMMARY:Leave',
        'DTSTART;VALUE=DATE:20271002',
        'DTEND;VALUE=DATE:20271003',
        'RRULE:FREQ=DAILY;COUNT=3',
      ),
      source,
      window,
    );

    expect(sut.map((b) => b.durationMinutes)).toEqual([1440, 1410, 1440]);
    expect(new Set(sut.map((b) => b.eventIdHash)).size).toBe(3);
  });

  it('keeps only instances overlapping the window, one that straddles its start included', () => {
    const sut = busyBlocksFromICalendar(
      ics(
        'UID:w-1',
        'SUMMARY:Night shift',
        'DTSTART:20270926T200000Z',
        'DTEND:20270927T040000Z',
        'RRULE:FREQ=WEEKLY;COUNT=5',
      ),
      source,
      window,
    );

    expect(sut.map((b) => b.start.toISOString())).toEqual([
      '2027-09-26T20:00:00.000Z',
      '2027-10-03T20:00:00.000Z',
      '2027-10-10T20:00:00.000Z',
      '2027-10-17T20:00:00.000Z',
    ]);
  });

  it('derives the hash from calendar URL, UID and instance: stable, and distinct per calendar', () => {
    const text = ics('UID:s-1', 'SUMMARY:Same', 'DTSTART:20271001T010000Z', 'DTEND:20271001T020000Z');

    const a = busyBlocksFromICalendar(text, source, window);
    const b = busyBlocksFromICalendar(
      text,
      { ...source, calendarUrl: 'https://caldav.example/other/' },
      window,
    );

    expect(a[0]!.eventIdHash).toBe(busyBlocksFromICalendar(text, source, window)[0]!.eventIdHash);
    expect(a[0]!.eventIdHash).not.toBe(b[0]!.eventIdHash);
  });
});
