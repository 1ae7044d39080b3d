/** Graph event resources as the fake Microsoft 365 serves them, and its JSON/AADSTS error helpers. */
import { randomBytes, randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { DateTime } from 'luxon';

export interface GraphEventResource {
  id: string;
  subject: string;
  start: { dateTime: string; timeZone: string };
  end: { dateTime: string; timeZone: string };
  isAllDay?: boolean;
  isCancelled?: boolean;
  showAs?: 'free' | 'tentative' | 'busy' | 'oof' | 'workingElsewhere' | 'unknown';
  type?: 'singleInstance' | 'occurrence' | 'exception' | 'seriesMaster';
  seriesMasterId?: string | null;
  responseStatus?: { response: string; time: string };
  [more: string]: unknown;
}

function toUtc(dt: { dateTime: string; timeZone: string }): DateTime {
  return DateTime.fromISO(dt.dateTime, { zone: dt.timeZone === 'UTC' ? 'UTC' : dt.timeZone }).toUTC();
}

export function overlaps(event: GraphEventResource, from: number, to: number): boolean {
  return toUtc(event.start).toMillis() < to && toUtc(event.end).toMillis() > from;
}

/** What `Prefer: outlook.timezone="UTC"` does: times in UTC, with Graph's seven fractional digits. */
export function inUtc(event: GraphEventResource): GraphEventResource {
  const fmt = (dt: { dateTime: string; timeZone: string }) => ({
    dateTime: event.isAllDay
      ? `${dt.dateTime.slice(0, 10)}T00:00:00.0000000`
      : `${toUtc(dt).toFormat("yyyy-MM-dd'T'HH:mm:ss")}.0000000`,
    timeZone: 'UTC',
  });
  return { ...event, start: fmt(event.start), end: fmt(event.end) };
}

export function withDefaults(event: GraphEventResource): GraphEventResource {
  const now = new Date().toISOString();
  return {
    '@odata.etag': `W/"${randomBytes(8).toString('base64')}"`,
    createdDateTime: now,
    lastModifiedDateTime: now,
    changeKey: randomBytes(8).toString('base64'),
    categories: [],
    originalStartTimeZone: event.start.timeZone,
    originalEndTimeZone: event.end.timeZone,
    iCalUId: `040000008200E00074C5B7101A82E008${randomBytes(8).toString('hex')}`,
    reminderMinutesBeforeStart: 15,
    isReminderOn: true,
    hasAttachments: false,
    importance: 'normal',
    sensitivity: 'normal',
    isAllDay: false,
    isCancelled: false,
    isOrganizer: true,
    responseRequested: true,
    seriesMasterId: null,
    showAs: 'busy',
    type: 'singleInstance',
    webLink: `https://outlook.office365.com/owa/?itemid=${encodeURIComponent(event.id)}`,
    isOnlineMeeting: false,
    isDraft: false,
    responseStatus: { response: 'organizer', time: '0001-01-01T00:00:00Z' },
    body: { contentType: 'html', content: '' },
    location: { displayName: '', locationType: 'default', uniqueIdType: 'unknown' },
    locations: [],
    attendees: [],
    organizer: { emailAddress: { name: 'Stylist', address: 'stylist@contoso.example' } },
    ...event,
  };
}

export function aadError(
  res: ServerResponse,
  status: number,
  error: string,
  description: string,
  code: number,
): void {
  json(res, status, {
    error,
    error_description: `${description}\r\nTrace ID: ${randomUUID()}\r\nCorrelation ID: ${randomUUID()}\r\nTimestamp: ${new Date().toISOString()}`,
    error_codes: [code],
    timestamp: new Date().toISOString(),
    trace_id: randomUUID(),
    correlation_id: randomUUID(),
  });
}

export function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}
