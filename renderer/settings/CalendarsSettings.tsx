/**
 * The staff's connected calendars as main last heard from the API: which need reconnecting, connect
 * one through the provider's own page (opened in the browser), disconnect one. Connecting and
 * disconnecting need the line; the API's reason is shown when it refuses.
 */
import { useEffect, useState } from 'react';
import type { CalendarConnectionStatus } from '../../core/ipc/calendars.ipc';
import type { FrontDesk } from '../app/use-front-desk';
import { useT } from '../i18n/use-t';
import { Field } from '../lib/Field';
import { StaffSelect } from '../lib/StaffSelect';

const PROVIDER = { google: 'Google', microsoft: 'Outlook', caldav: 'iCloud/CalDAV' } as const;

export function CalendarsSettings({ desk }: { desk: FrontDesk }) {
  const t = useT();
  const staff = desk.day?.staff ?? [];
  const [connections, setConnections] = useState<CalendarConnectionStatus[]>(desk.calendars);
  const [staffId, setStaffId] = useState('');
  const [provider, setProvider] = useState<'google' | 'microsoft'>('google');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setConnections(desk.calendars), [desk.calendars]);

  const refresh = async () => {
    const result = await window.bookdesk.calendars.status({});
    if (result.ok) setConnections(result.value.connections);
  };
  const connect = async (who: string, which: 'google' | 'microsoft') => {
    const result = await window.bookdesk.calendars.connect({ provider: which, staffId: who });
    setError(result.ok ? null : result.error.message);
    if (result.ok) window.open(result.value.authorizeUrl, '_blank', 'noopener');
  };
  const disconnect = async (id: string) => {
    const result = await window.bookdesk.calendars.disconnect({ id });
    setError(result.ok ? null : result.error.message);
    await refresh();
  };
  const chosen = staffId || staff[0]?.id || '';

  return (
    <section className="panel" aria-labelledby="settings-calendars">
      <h2 id="settings-calendars">{t('settings.calendars')}</h2>
      {connections.length === 0 ? (
        <p>{t('settings.noCalendars')}</p>
      ) : (
        <ul className="rows">
          {connections.map((c) => (
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
              {c.status === 'needs_reconnect' && c.provider !== 'caldav' && (
                <button
                  type="button"
                  className="btn"
                  onClick={() => void connect(c.staffId, c.provider as 'google' | 'microsoft')}
                >
                  {t('settings.reconnect')}
                </button>
              )}
              <button type="button" className="btn" onClick={() => void disconnect(c.id)}>
                {t('settings.disconnect')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="connect">
        <Field label={t('booking.staff')}>
          <StaffSelect staff={staff} value={chosen} onChange={setStaffId} />
        </Field>
        <Field label={t('settings.provider')}>
          <select value={provider} onChange={(e) => setProvider(e.target.value as 'google' | 'microsoft')}>
            <option value="google">Google</option>
            <option value="microsoft">Microsoft 365 / Outlook</option>
          </select>
        </Field>
        <button
          type="button"
          className="btn"
          disabled={!chosen}
          onClick={() => void connect(chosen, provider)}
        >
          {t('settings.connect')}
        </button>
      </div>
      {error && (
        <p className="form__error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
