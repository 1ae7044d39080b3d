/** Google Calendar Events resources and error bodies as the fake serves them. */
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { calendar_v3 } from 'googleapis/build/src/apis/calendar';

export type GoogleEvent = calendar_v3.Schema$Event;

export function withDefaults(event: GoogleEvent): GoogleEvent {
  const now = new Date().toISOString();
  return {
    kind: 'calendar#event',
    etag: `"${randomBytes(6).toString('hex')}"`,
    status: 'confirmed',
    htmlLink: `https://www.google.com/calendar/event?eid=${Buffer.from(event.id ?? '').toString('base64url')}`,
    created: now,
    updated: now,
    creator: { email: 'stylist@example.com', self: true },
    organizer: { email: 'stylist@example.com', self: true },
    iCalUID: `${event.id}@google.com`,
    sequence: 0,
    reminders: { useDefault: true },
    eventType: 'default',
    ...event,
  };
}

function instant(dt: calendar_v3.Schema$EventDateTime | undefined, fallback: number): number {
  if (dt?.dateTime) return Date.parse(dt.dateTime);
  if (dt?.date) return Date.parse(`${dt.date}T00:00:00Z`);
  return fallback;
}
export const startsBefore = (e: GoogleEvent, t: number) => instant(e.start, -Infinity) < t;
export const endsAfter = (e: GoogleEvent, t: number) => instant(e.end, Infinity) > t;

export function encodePageToken(p: { offset: number; upTo: number }): string {
  return Buffer.from(JSON.stringify(p)).toString('base64url');
}
export function decodePageToken(token: string): { offset: number; upTo: number } {
  return JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { offset: number; upTo: number };
}

export function googleError(code: number, reason: string, message: string) {
  return { error: { errors: [{ domain: 'global', reason, message }], code, message } };
}

export function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const json = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', ...headers });
  res.end(json);
}
