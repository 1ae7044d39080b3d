import { OVERLAY_DEFAULT_SIZE } from '../../core/ipc/settings-defaults';
import type { FrontDesk } from '../app/use-front-desk';
import { useFormat, useT } from '../i18n/use-t';
import { DateField } from '../lib/DateField';
import { addDays, dateIn } from '../lib/time';
import { LocationPicker } from '../locations/LocationPicker';
import type { SyncView } from '../sync/use-sync';
import { ConnectionStatus } from './ConnectionStatus';
import { ProblemsButton } from './ProblemsButton';

export interface HeaderProps {
  desk: FrontDesk;
  sync: SyncView;
  onNewWalkIn(): void;
  onNewBooking(): void;
}

export function Header({ desk, sync, onNewWalkIn, onNewBooking }: HeaderProps) {
  const t = useT();
  const f = useFormat();
  const { session, day, date } = desk;
  const isToday = date !== null && date === dateIn(desk.zone, desk.now);
  const openOverlay = () =>
    window.open(
      '#/overlay',
      'bookdesk-overlay',
      `popup,width=${OVERLAY_DEFAULT_SIZE.width},height=${OVERLAY_DEFAULT_SIZE.height}`,
    );
  return (
    <header className="header">
      <div className="brand">
        <div className="brand__mark" aria-hidden="true">
          B
        </div>
        <div>
          <div className="brand__business">{session?.businessName ?? 'Bookdesk'}</div>
          <div className="brand__location">
            {day || session?.signedIn ? (
              <LocationPicker fallbackName={day?.location.name ?? ''} />
            ) : (
              t('header.notSignedIn')
            )}
            {session?.userName && <span className="brand__user"> · {session.userName}</span>}
          </div>
        </div>
      </div>

      <nav className="datenav" aria-label={t('header.date')}>
        <button
          type="button"
          className="iconbtn"
          aria-label={t('header.previousDay')}
          onClick={() => date && desk.setDate(addDays(date, -1))}
        >
          <span className="flip" aria-hidden="true">
            ‹
          </span>
        </button>
        <div className="datenav__label">
          <span className="datenav__date">{date ? f.longDate(date) : ''}</span>
          {isToday && <span className="datenav__today">{t('header.today')}</span>}
        </div>
        <button
          type="button"
          className="iconbtn"
          aria-label={t('header.nextDay')}
          onClick={() => date && desk.setDate(addDays(date, 1))}
        >
          <span className="flip" aria-hidden="true">
            ›
          </span>
        </button>
        {date && (
          <DateField
            label={t('header.pickDate')}
            labelHidden
            className="datenav__picker"
            value={date}
            onChange={desk.setDate}
          />
        )}
        {!isToday && (
          <button type="button" className="btn" onClick={desk.today}>
            {t('header.goToday')}
          </button>
        )}
      </nav>

      <div className="header__right">
        <ConnectionStatus sync={sync} session={session} zone={desk.zone} />
        {sync.status?.connection.state === 'offline' && (
          <button type="button" className="btn" onClick={() => void window.bookdesk.sync.retryNow({})}>
            {t('header.retry')}
          </button>
        )}
        <ProblemsButton sync={sync} />
        <button type="button" className="btn" onClick={openOverlay}>
          {t('header.overlay')}
        </button>
        <button type="button" className="btn" onClick={onNewBooking} aria-keyshortcuts="B">
          {t('header.newBooking')}
        </button>
        <button type="button" className="btn btn--primary" onClick={onNewWalkIn} aria-keyshortcuts="N">
          {t('header.newWalkIn')}
        </button>
      </div>
    </header>
  );
}

export const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]!.toUpperCase())
    .join('');
