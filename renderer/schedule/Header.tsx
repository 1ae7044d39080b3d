import type { FrontDesk } from '../app/use-front-desk';
import { addDays, dateIn, longDate } from '../lib/time';

export function Header({ desk, onSignOut }: { desk: FrontDesk; onSignOut: () => Promise<void> }) {
  const { session, day, date } = desk;
  const isToday = date !== null && date === dateIn(desk.zone, desk.now);
  const pending = session?.pendingChanges ?? 0;
  const online = session?.online ?? false;
  const openOverlay = () => window.open('#/overlay', 'bookdesk-overlay', 'popup,width=360,height=520');
  const signOut = () => {
    // Signing out wipes this computer's copy, changes not yet sent included.
    const lost = `${pending} ${pending === 1 ? 'change' : 'changes'} not yet sent will be lost.`;
    if (pending > 0 && !window.confirm(`Sign out? ${lost}`)) return;
    void onSignOut();
  };
  return (
    <header className="header">
      <div className="brand">
        <div className="brand__mark" aria-hidden="true">
          B
        </div>
        <div>
          <div className="brand__business">{session?.businessName ?? 'Bookdesk'}</div>
          <div className="brand__location">
            {day?.location.name ?? (session?.signedIn ? '' : 'Not signed in')}
          </div>
        </div>
      </div>

      <nav className="datenav" aria-label="Date">
        <button
          type="button"
          className="iconbtn"
          aria-label="Previous day"
          onClick={() => date && desk.setDate(addDays(date, -1))}
        >
          ‹
        </button>
        <div className="datenav__label">
          <span className="datenav__date">{date ? longDate(date) : ''}</span>
          {isToday && <span className="datenav__today">Today</span>}
        </div>
        <button
          type="button"
          className="iconbtn"
          aria-label="Next day"
          onClick={() => date && desk.setDate(addDays(date, 1))}
        >
          ›
        </button>
        {!isToday && (
          <button type="button" className="btn" onClick={desk.today}>
            Today
          </button>
        )}
      </nav>

      <div className="header__right">
        <div className={`connection ${online ? 'connection--online' : 'connection--offline'}`} role="status">
          <span className="connection__dot" aria-hidden="true" />
          <span>{online ? 'Online' : 'Offline'}</span>
          <span className="connection__sep">·</span>
          <span>
            {pending === 0
              ? 'All changes saved'
              : `${pending} ${pending === 1 ? 'change' : 'changes'} waiting`}
          </span>
        </div>
        <button type="button" className="btn" onClick={openOverlay}>
          Now / next
        </button>
        {session?.userName && (
          <div className="user" title={session.userName}>
            <span className="user__avatar" aria-hidden="true">
              {initials(session.userName)}
            </span>
            <span className="user__name">{session.userName}</span>
          </div>
        )}
        {session?.apiBaseUrl && (
          <button type="button" className="btn" onClick={signOut}>
            Sign out
          </button>
        )}
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
