import { describe, expect, it } from 'vitest';
import type { CalendarConnectionStatus } from '../../core/ipc/calendars.ipc';
import { createIntl } from 'react-intl';
import { formatsFor } from '../i18n/format';
import { en } from '../i18n/messages.en';
import type { Translate } from '../i18n/use-t';
import { calendarProblems as problemsIn } from './calendar-problems';

const intl = createIntl({ locale: 'en-GB', messages: en });
const t: Translate = (id, values) => intl.formatMessage({ id }, values);
const calendarProblems = (...args: [Parameters<typeof problemsIn>[0], string, Date]) =>
  problemsIn(...args, t, formatsFor('en-GB'));

const ZONE = 'Europe/London';
const NOW = new Date('2026-11-27T11:05:00Z');
const connection = (over: Partial<CalendarConnectionStatus>): CalendarConnectionStatus => ({
  id: '6f1c2a9e-3b7d-4c1e-9a55-0d2e8f1b7c31',
  provider: 'google',
  staffId: '0b7e4c1a-2d3f-4e5a-8b6c-7d8e9f0a1b2c',
  staffName: 'Maya Chen',
  status: 'needs_reconnect',
  lastSyncedAt: '2026-11-27T10:42:00Z',
  ...over,
});

describe(problemsIn.name, () => {
  it('says whose calendar needs reconnecting and when it last synced today', () => {
    expect(calendarProblems([connection({})], ZONE, NOW).map((p) => p.message)).toEqual([
      "Maya Chen's Google calendar needs reconnecting — busy time from it may be out of date (last synced 10:42)",
    ]);
  });

  it('says nothing about calendars that sync', () => {
    expect(calendarProblems([connection({ status: 'active' })], ZONE, NOW)).toEqual([]);
  });

  it('names a failed sync, an earlier day, a calendar never synced and an unknown staff member', () => {
    const messages = calendarProblems(
      [
        connection({ status: 'error', provider: 'microsoft', lastSyncedAt: '2026-11-26T16:30:00Z' }),
        connection({ provider: 'caldav', staffName: undefined, lastSyncedAt: null }),
      ],
      ZONE,
      NOW,
    ).map((p) => p.message);

    expect(messages).toEqual([
      "Maya Chen's Outlook calendar could not sync — busy time from it may be out of date (last synced 26 Nov, 16:30)",
      "A staff member's iCloud/CalDAV calendar needs reconnecting — busy time from it may be out of date (never synced)",
    ]);
  });
});
