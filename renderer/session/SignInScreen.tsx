/**
 * The first screen when no account is open: the server to sign in to (proposed by main) and one
 * button that opens the server's own sign-in page in the browser. Passwords are typed there, never here.
 */
import type { FormEvent } from 'react';
import { useState } from 'react';
import type { SessionStatus } from '../../core/ipc/session.ipc';
import type { SignIn } from './use-sign-in';

export function SignInScreen({ session, signIn }: { session: SessionStatus; signIn: SignIn }) {
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
          Sign in to Bookdesk
        </h1>
        <p className="signin__lead">Your business&rsquo;s sign-in page opens in the browser.</p>
        <label className="signin__label" htmlFor="signin-server">
          Server
        </label>
        <input
          id="signin-server"
          className="signin__input"
          type="url"
          required
          placeholder="https://api.bookdesk.example"
          value={server}
          onChange={(event) => setServer(event.target.value)}
          disabled={session.signingIn}
        />
        {session.signingIn ? (
          <div className="signin__waiting" aria-live="polite">
            <p>Finish signing in in the browser tab that opened.</p>
            {signIn.pageUrl && (
              <a href={signIn.pageUrl} target="_blank" rel="noopener noreferrer">
                Open the sign-in page again
              </a>
            )}
            <button type="button" className="btn" onClick={signIn.cancel}>
              Cancel
            </button>
          </div>
        ) : (
          <button type="submit" className="btn btn--primary">
            Sign in with your browser
          </button>
        )}
        {signIn.error && (
          <p className="signin__error" role="alert">
            {signIn.error}
          </p>
        )}
        {session.credentials && !session.credentials.persistent && (
          <p className="signin__note">
            This computer has no keychain Bookdesk can use, so you&rsquo;ll need to sign in again next time.
          </p>
        )}
      </form>
    </main>
  );
}
