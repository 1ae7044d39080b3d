/** The few CalDAV requests the adapter makes beyond tsdav's discovery: listings and sync-collection. */
import ICAL from 'ical.js';
import type { DAVCalendar, DAVClient } from 'tsdav';
import type { SyncWindow } from './calendar-provider';
import { isIanaZone } from './busy-block';

/** Server-relative path of an object, so hrefs compare equal however the server spelled them. */
export function davHref(href: string, base: string): string {
  return decodeURIComponent(new URL(href, base.endsWith('/') ? base : `${base}/`).pathname);
}

function isObjectHref(href: string | undefined, calendarUrl: string): href is string {
  return !!href && davHref(href, calendarUrl) !== davHref(calendarUrl, calendarUrl);
}

export function hasSyncCollection(calendar: DAVCalendar): boolean {
  return Array.isArray(calendar.reports) && (calendar.reports as unknown[]).includes('syncCollection');
}

/** The calendar's own zone (CALDAV:calendar-timezone), when it names an IANA zone. */
export function calendarZoneOf(calendar: DAVCalendar): string | undefined {
  if (!calendar.timezone) return undefined;
  try {
    const vtimezone = new ICAL.Component(ICAL.parse(calendar.timezone)).getFirstSubcomponent('vtimezone');
    const tzid = vtimezone?.getFirstPropertyValue('tzid');
    return isIanaZone(typeof tzid === 'string' ? tzid : undefined) ? (tzid as string) : undefined;
  } catch {
    return undefined;
  }
}

const icsTime = (d: Date) => `${d.toISOString().slice(0, 19).replace(/[-:]/g, '')}Z`;

/** href -> etag of every VEVENT object with an instance in the window (the server expands recurrences). */
export async function listEtags(
  client: DAVClient,
  calendar: DAVCalendar,
  window: SyncWindow,
): Promise<Record<string, string>> {
  const responses = await client.calendarQuery({
    url: calendar.url,
    props: { 'd:getetag': {} },
    filters: {
      'comp-filter': {
        _attributes: { name: 'VCALENDAR' },
        'comp-filter': {
          _attributes: { name: 'VEVENT' },
          'time-range': { _attributes: { start: icsTime(window.from), end: icsTime(window.to) } },
        },
      },
    },
    depth: '1',
  });
  const etags: Record<string, string> = {};
  for (const r of responses) {
    if (!r.ok || !isObjectHref(r.href, calendar.url)) continue;
    etags[davHref(r.href, calendar.url)] = String(r.props?.getetag ?? '');
  }
  return etags;
}

/** Changes since `syncToken` (RFC 6578); throws when the server refuses the token. */
export async function readSyncCollection(
  client: DAVClient,
  calendar: DAVCalendar,
  syncToken: string,
): Promise<{ changed: string[]; removed: string[] }> {
  const responses = await client.syncCollection({
    url: calendar.url,
    props: { 'd:getetag': {} },
    syncLevel: 1,
    syncToken,
  });
  const changed: string[] = [];
  const removed: string[] = [];
  for (const r of responses) {
    if (r.status === 404 && isObjectHref(r.href, calendar.url)) removed.push(davHref(r.href, calendar.url));
    else if (!r.ok) throw new Error(`sync-collection refused: HTTP ${r.status}`);
    else if (isObjectHref(r.href, calendar.url)) changed.push(davHref(r.href, calendar.url));
  }
  return { changed, removed };
}
