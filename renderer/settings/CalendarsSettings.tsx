/**
 * The staff's connected calendars as main last heard from the API: which need reconnecting. Connecting
 * and disconnecting go through the API's provider pages, which this desk does not open yet.
 */
import type { FrontDesk } from '../app/use-front-desk';
import { useT } from '../i18n/use-t';

const PROVIDER = { google: 'Google', microsoft: 'Outlook', caldav: 'iCloud/CalDAV' } as const;

export function CalendarsSettings({ desk }: { desk: FrontDesk }) {
  const t = useT();
  return (
    <section className="panel" aria-labelledby="settings-calendars">
      <h2 id="settings-calendars">{t('settings.calendars')}</h2>
      {desk.calendars.length === 0 ? (
        <p>{t('settings.noCalendars')}</p>
      ) : (
        <ul className="rows">
          {desk.calendars.map((c) => (
            <li key={c.id} className="rows__item">
              <span>{c.staffName ?? '—'}</span>
              <span>{PROVIDER[c.provider]}</span>
              <span className={c.status === 'active' ? '' : 'text--warn'}>
                {c.status === 'active'
                  ? t('settings.calendarActive')
                  : c.status === 'needs_reconnect'
                    ? t('settings.needsReconnect')
                    : t('settings.calendarError')}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
