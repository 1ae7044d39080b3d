/**
 * The first screen when no account is open: the server to sign in to (proposed by main, or one of the
 * configured regions, each its own API) and one button that opens the server's own sign-in page in the
 * browser. Passwords are typed there, never here.
 */
import type { FormEvent } from 'react';
import { useState } from 'react';
import type { SessionStatus } from '../../core/ipc/session.ipc';
import { useT } from '../i18n/use-t';
import type { SignIn } from './use-sign-in';

export function SignInScreen({ session, signIn }: { session: SessionStatus; signIn: SignIn }) {
  const t = useT();
  const [server, setServer] = useState(session.suggestedApiBaseUrl ?? '');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void signIn.signIn(server.trim());
  };
  return (
    <main className="signin">
      <form className="signin__card" onSubmit={submit} aria-labelledby="signin-title">
        <div className="brand__mark" aria-hidden="true">
          B
        </div>
        <h1 id="signin-title" className="signin__title">
          {t('signIn.title')}
        </h1>
        <p className="signin__lead">{t('signIn.lead')}</p>
        <label className="signin__label" htmlFor="signin-server">
          {t('signIn.server')}
        </label>
        {session.regions && session.regions.length > 0 && (
          // Each region is its own API (BOOKDESK_REGIONS): choosing one fills the server below.
          <div className="signin__regions">
            {session.regions.map((region) => (
              <button
                key={region.id}
                type="button"
                className="btn"
                dir="ltr"
                aria-pressed={server.trim() === region.url}
                onClick={() => setServer(region.url)}
                disabled={session.signingIn}
                title={region.url}
              >
                {region.id}
              </button>
            ))}
          </div>
        )}
        <input
          id="signin-server"
          className="signin__input"
          type="url"
          dir="ltr"
          required
          placeholder="https://api.bookdesk.example"
          value={server}
          onChange={(event) => setServer(event.target.value)}
          disabled={session.signingIn}
        />
        {session.signingIn ? (
          <div className="signin__waiting" aria-live="polite">
            <p>{t('signIn.finish')}</p>
            {signIn.pageUrl && (
              <a href={signIn.pageUrl} target="_blank" rel="noopener noreferrer">
                {t('signIn.openAgain')}
              </a>
            )}
            <button type="button" className="btn" onClick={signIn.cancel}>
              {t('common.cancel')}
            </button>
          </div>
        ) : (
          <button type="submit" className="btn btn--primary">
            {t('signIn.button')}
          </button>
        )}
        {signIn.error && (
          <p className="signin__error" role="alert">
            {signIn.error}
          </p>
        )}
        {session.credentials && !session.credentials.persistent && (
          <p className="signin__note">{t('signIn.noKeychain')}</p>
        )}
      </form>
    </main>
  );
}
