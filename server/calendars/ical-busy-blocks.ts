/**
 * Busy blocks from one iCalendar object (a CalDAV resource): recurrences expanded within the window
 * (RRULE/RDATE, EXDATE, RECURRENCE-ID overrides, cancelled instances), TZIDs resolved through the IANA
 * database when they name an IANA zone and through the object's own VTIMEZONE otherwise, all-day
 * (DATE) events blocking the whole local day. Only SUMMARY and the times are read.
 */
import ICAL from 'ical.js';
import type { BusyBlockInput, SyncWindow } from './calendar-provider';
import {
  allDayRange,
  hashEventId,
  isIanaZone,
  overlapsWindow,
  toBusyBlock,
  wallTimeToInstant,
} from './busy-block';

type ICalTime = InstanceType<typeof ICAL.Time>;
type ICalComponent = InstanceType<typeof ICAL.Component>;
type ICalEvent = InstanceType<typeof ICAL.Event>;

/** Occurrences are expanded until this far past the window so overrides moved earlier are still seen. */
const EXPANSION_SLACK_MS = 35 * 24 * 3600_000;
/** Upper bound on occurrences walked per series (a daily series since 1990 is ~13,000). */
const MAX_OCCURRENCES = 50_000;

/** Context of the calendar the object lives in. */
export interface ICalSource {
  /** The calendar collection's URL: part of every event id hash. */
  calendarUrl: string;
  /** Zone for floating times and all-day dates. */
  zone: string;
  /** The user's calendar addresses (`mailto:...`, lower case): their DECLINED invitations don't block. */
  userAddresses: ReadonlySet<string>;
}

/** Parses one iCalendar text and returns the blocks it contributes to `window`. */
export function busyBlocksFromICalendar(
  text: string,
  source: ICalSource,
  window: SyncWindow,
): BusyBlockInput[] {
  const root = new ICAL.Component(ICAL.parse(text));
  const byUid = new Map<string, { master?: ICalComponent; overrides: ICalComponent[] }>();
  for (const vevent of root.getAllSubcomponents('vevent')) {
    const uid = String(vevent.getFirstPropertyValue('uid') ?? '');
    const group = byUid.get(uid) ?? { overrides: [] };
    if (vevent.hasProperty('recurrence-id')) group.overrides.push(vevent);
    else group.master = vevent;
    byUid.set(uid, group);
  }

  const blocks: BusyBlockInput[] = [];
  for (const [uid, { master, overrides }] of byUid) {
    const seen = new Set<string>();
    if (master) {
      const event = new ICAL.Event(master, { exceptions: overrides });
      if (event.isRecurring()) expandSeries(event, uid, source, window, seen, blocks);
      else pushIfBusy(master, event.startDate, event.endDate, '', uid, source, window, blocks);
    }
    // Overrides whose original slot lies outside the expanded range, or that have no master here.
    for (const override of overrides) {
      const event = new ICAL.Event(override);
      const rid = recurrenceKey(event.recurrenceId, source.zone);
      if (seen.has(rid)) continue;
      pushIfBusy(override, event.startDate, event.endDate, rid, uid, source, window, blocks);
    }
  }
  return blocks;
}

function expandSeries(
  event: ICalEvent,
  uid: string,
  source: ICalSource,
  window: SyncWindow,
  seen: Set<string>,
  out: BusyBlockInput[],
): void {
  const masterStatus = event.component.getFirstPropertyValue('status');
  if (masterStatus === 'CANCELLED') return;
  const stopAt = window.to.getTime() + EXPANSION_SLACK_MS;
  const iterator = event.iterator();
  for (let n = 0; n < MAX_OCCURRENCES; n++) {
    const next = iterator.next();
    if (!next) break;
    if (timeToInstant(next, source.zone).getTime() > stopAt) break;
    const details = event.getOccurrenceDetails(next);
    const rid = recurrenceKey(details.recurrenceId, source.zone);
    seen.add(rid);
    pushIfBusy(details.item.component, details.startDate, details.endDate, rid, uid, source, window, out);
  }
}

function pushIfBusy(
  component: ICalComponent,
  startTime: ICalTime,
  endTime: ICalTime | null,
  rid: string,
  uid: string,
  source: ICalSource,
  window: SyncWindow,
  out: BusyBlockInput[],
): void {
  if (!blocksTime(component, source.userAddresses)) return;
  const { start, end } = instantRange(startTime, endTime, source.zone);
  if (!overlapsWindow(start, end, window)) return;
  const summary = component.getFirstPropertyValue('summary');
  out.push(
    toBusyBlock(
      hashEventId(source.calendarUrl, uid, rid),
      summary == null ? '' : String(summary),
      start,
      end,
    ),
  );
}

/** Cancelled, transparent (free) and declined events don't block. */
function blocksTime(component: ICalComponent, userAddresses: ReadonlySet<string>): boolean {
  if (component.getFirstPropertyValue('status') === 'CANCELLED') return false;
  if (component.getFirstPropertyValue('transp') === 'TRANSPARENT') return false;
  for (const attendee of component.getAllProperties('attendee')) {
    const address = String(attendee.getFirstValue() ?? '').toLowerCase();
    if (
      userAddresses.has(address) &&
      String(attendee.getParameter('partstat') ?? '').toUpperCase() === 'DECLINED'
    ) {
      return false;
    }
  }
  return true;
}

function instantRange(
  startTime: ICalTime,
  endTime: ICalTime | null,
  zone: string,
): { start: Date; end: Date } {
  if (startTime.isDate) {
    return allDayRange(startTime.toString(), endTime?.isDate ? endTime.toString() : null, zone);
  }
  const start = timeToInstant(startTime, zone);
  const end = endTime ? timeToInstant(endTime, zone) : start;
  return { start, end: end < start ? start : end };
}

/** A date-time to a UTC instant: UTC as is, IANA TZIDs through luxon, other TZIDs through their VTIMEZONE. */
function timeToInstant(time: ICalTime, fallbackZone: string): Date {
  if (time.isDate) return allDayRange(time.toString(), null, fallbackZone).start;
  const tzid = time.zone?.tzid;
  const wall = {
    year: time.year,
    month: time.month,
    day: time.day,
    hour: time.hour,
    minute: time.minute,
    second: time.second,
  };
  if (tzid === 'UTC')
    return new Date(Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second));
  if (!tzid || tzid === 'floating') return wallTimeToInstant(wall, fallbackZone);
  if (isIanaZone(tzid)) return wallTimeToInstant(wall, tzid);
  // A non-IANA TZID (e.g. a Windows zone name) is defined by the VTIMEZONE in the same object.
  return new Date(time.toUnixTime() * 1000);
}

/** Stable text for a RECURRENCE-ID: the date for all-day series, the UTC instant otherwise. */
function recurrenceKey(rid: ICalTime | null | undefined, zone: string): string {
  if (!rid) return '';
  return rid.isDate ? rid.toString() : timeToInstant(rid, zone).toISOString();
}
