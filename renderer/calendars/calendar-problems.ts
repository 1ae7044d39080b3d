/** The sentences the desk shows for connected calendars that stopped syncing. */
import type { CalendarConnectionStatus } from '../../core/ipc/calendars.ipc';
import { dateIn, timeIn } from '../lib/time';

const PROVIDER_NAMES: Record<CalendarConnectionStatus['provider'], string> = {
  google: 'Google',
  microsoft: 'Outlook',
  caldav: 'iCloud/CalDAV',
};

/** One line per connection that needs reconnecting or failed to sync, in the order given. */
export function calendarProblems(
  connections: CalendarConnectionStatus[],
  zone: string,
  now: Date,
): { id: string; message: string }[] {
  return connections
    .filter((c) => c.status !== 'active')
    .map((c) => {
      const owner = c.staffName ? `${c.staffName}'s` : "A staff member's";
      const what = c.status === 'needs_reconnect' ? 'needs reconnecting' : 'could not sync';
      return {
        id: c.id,
        message: `${owner} ${PROVIDER_NAMES[c.provider]} calendar ${what} — busy time from it may be out of date (${lastSynced(c.lastSyncedAt, zone, now)})`,
      };
    });
}

/** "last synced 10:42" today, "last synced 26 Nov, 10:42" before, "never synced" without one. */
function lastSynced(at: string | null, zone: string, now: Date): string {
  if (!at) return 'never synced';
  const time = timeIn(zone, at);
  if (dateIn(zone, new Date(at)) === dateIn(zone, now)) return `last synced ${time}`;
  const day = new Intl.DateTimeFormat('en-GB', { timeZone: zone, day: 'numeric', month: 'short' }).format(
    new Date(at),
  );
  return `last synced ${day}, ${time}`;
}
