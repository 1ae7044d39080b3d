/**
 * Settings: the account and its server (sign out), the location, the language, what the overlay
 * shows, and the staff's connected calendars.
 */
import type { FrontDesk } from '../app/use-front-desk';
import type { SignIn } from '../session/use-sign-in';
import { useFormat, useT } from '../i18n/use-t';
import { LocationPicker } from '../locations/LocationPicker';
import type { Settings } from './use-settings';
import { CalendarsSettings } from './CalendarsSettings';

export function SettingsView({
  desk,
  signIn,
  settings,
}: {
  desk: FrontDesk;
  signIn: SignIn;
  settings: Settings;
}) {
  const t = useT();
  const f = useFormat();
  const { session } = desk;
  const { language, overlay } = settings.settings;
  const pending = session?.pendingChanges ?? 0;
  const signOut = () => {
    // Signing out wipes this computer's copy, changes not yet sent included.
    if (pending > 0 && !window.confirm(t('settings.signOutLoses', { count: pending }))) return;
    void signIn.signOut();
  };
  return (
    <main className="page">
      <h1 className="page__title">{t('nav.settings')}</h1>
      <section className="panel" aria-labelledby="settings-account">
        <h2 id="settings-account">{t('settings.account')}</h2>
        <dl className="facts">
          <dt>{t('settings.user')}</dt>
          <dd>{session?.userName ?? '—'}</dd>
          <dt>{t('settings.business')}</dt>
          <dd>{session?.businessName ?? '—'}</dd>
          <dt>{t('settings.server')}</dt>
          <dd dir="ltr">{session?.apiBaseUrl ?? '—'}</dd>
          <dt>{t('settings.location')}</dt>
          <dd>
            <LocationPicker fallbackName={desk.day?.location.name ?? '—'} />
          </dd>
        </dl>
        {session?.apiBaseUrl && (
          <button type="button" className="btn" onClick={signOut}>
            {t('settings.signOut')}
          </button>
        )}
      </section>
      <section className="panel" aria-labelledby="settings-language">
        <h2 id="settings-language">{t('settings.language')}</h2>
        <label className="field">
          <span className="field__label">{t('settings.language')}</span>
          <select
            value={language}
            onChange={(e) => void settings.change({ language: e.target.value as 'en' | 'fa' })}
          >
            <option value="en" lang="en">
              English
            </option>
            <option value="fa" lang="fa">
              فارسی
            </option>
          </select>
        </label>
      </section>
      <section className="panel" aria-labelledby="settings-overlay">
        <h2 id="settings-overlay">{t('settings.overlay')}</h2>
        <label className="field">
          <span className="field__label">{t('settings.overlayNext')}</span>
          <select
            value={overlay.nextCount}
            onChange={(e) => void settings.change({ overlay: { nextCount: Number(e.target.value) } })}
          >
            {[0, 1, 2, 3].map((n) => (
              <option key={n} value={n}>
                {f.number(n)}
              </option>
            ))}
          </select>
        </label>
        <label className="field field--check">
          <input
            type="checkbox"
            checked={overlay.showQueue}
            onChange={(e) => void settings.change({ overlay: { showQueue: e.target.checked } })}
          />
          <span className="field__label">{t('settings.overlayQueue')}</span>
        </label>
      </section>
      <CalendarsSettings desk={desk} />
    </main>
  );
}
