/**
 * A strip under the header while the open account has no usable sign-in: the schedule shown is what
 * was last downloaded, and one button signs in again (the cache stays until someone signs out).
 */
import type { SessionStatus } from '../../core/ipc/session.ipc';
import type { SignIn } from './use-sign-in';

const REASONS: Record<NonNullable<SessionStatus['signedOutReason']>, string> = {
  invalid_grant: 'Your sign-in has ended (it expired or was revoked).',
  revoked: 'The server no longer accepts this sign-in.',
  no_credential: 'This computer did not keep your sign-in.',
};

export function SignedOutBanner({ session, signIn }: { session: SessionStatus | null; signIn: SignIn }) {
  if (!session?.apiBaseUrl || session.signedIn) return null;
  const apiBaseUrl = session.apiBaseUrl;
  return (
    <section className="notice" aria-label="Sign-in">
      <span className="notice__icon" aria-hidden="true">
        !
      </span>
      <p className="notice__text">
        {session.signedOutReason ? REASONS[session.signedOutReason] : 'You are signed out.'} The schedule
        shows what was last downloaded; changes wait until you sign in again.
        {signIn.error && <span role="alert"> {signIn.error}</span>}
      </p>
      {session.signingIn ? (
        <button type="button" className="btn" onClick={signIn.cancel}>
          Cancel sign-in
        </button>
      ) : (
        <button type="button" className="btn" onClick={() => void signIn.signIn(apiBaseUrl)}>
          Sign in again
        </button>
      )}
    </section>
  );
}
