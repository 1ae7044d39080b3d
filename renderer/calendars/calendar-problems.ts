/** The sentences the desk shows for connected calendars that stopped syncing, from the catalogue. */
import type { CalendarConnectionStatus } from '../../core/ipc/calendars.ipc';
import type { Formats } from '../i18n/format';
import type { Translate } from '../i18n/use-t';
import { dateIn } from '../lib/time';

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
  t: Translate,
  f: Formats,
): { id: string; message: string }[] {
  return connections
    .filter((c) => c.status !== 'active')
    .map((c) => {
      const values = {
        provider: PROVIDER_NAMES[c.provider],
        state: c.status,
        when: lastSynced(c.lastSyncedAt, zone, now, t, f),
      };
      return {
        id: c.id,
        message: c.staffName
          ? t('calendar.problem', { ...values, name: c.staffName })
          : t('calendar.problemUnknown', values),
      };
    });
}

/** "last synced 10:42" today, "last synced 26 Nov, 10:42" before, "never synced" without one. */
function lastSynced(at: string | null, zone: string, now: Date, t: Translate, f: Formats): string {
  if (!at) return t('calendar.neverSynced');
  const time = f.time(zone, at);
  if (dateIn(zone, new Date(at)) === dateIn(zone, now)) return t('calendar.syncedToday', { time });
  const locale = f.locale.startsWith('fa') ? 'fa-IR-u-ca-persian' : f.locale;
  const day = new Intl.DateTimeFormat(locale, { timeZone: zone, day: 'numeric', month: 'short' }).format(
    new Date(at),
  );
  return t('calendar.syncedBefore', { day, time });
}
