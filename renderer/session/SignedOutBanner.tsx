/**
 * A strip under the header while the open account has no usable sign-in: the schedule shown is what
 * was last downloaded, and one button signs in again (the cache stays until someone signs out).
 */
import type { SessionStatus } from '../../core/ipc/session.ipc';
import { useT } from '../i18n/use-t';
import type { MessageId } from '../i18n/messages.en';
import type { SignIn } from './use-sign-in';

const REASONS: Record<NonNullable<SessionStatus['signedOutReason']>, MessageId> = {
  invalid_grant: 'signedOut.invalid_grant',
  revoked: 'signedOut.revoked',
  no_credential: 'signedOut.no_credential',
};

export function SignedOutBanner({ session, signIn }: { session: SessionStatus | null; signIn: SignIn }) {
  const t = useT();
  if (!session?.apiBaseUrl || session.signedIn) return null;
  const apiBaseUrl = session.apiBaseUrl;
  return (
    <section className="notice" aria-label={t('signedOut.region')}>
      <span className="notice__icon" aria-hidden="true">
        !
      </span>
      <p className="notice__text">
        {t(session.signedOutReason ? REASONS[session.signedOutReason] : 'signedOut.plain')}{' '}
        {t('signedOut.cache')}
        {signIn.error && <span role="alert"> {signIn.error}</span>}
      </p>
      {session.signingIn ? (
        <button type="button" className="btn" onClick={signIn.cancel}>
          {t('signedOut.cancel')}
        </button>
      ) : (
        <button type="button" className="btn" onClick={() => void signIn.signIn(apiBaseUrl)}>
          {t('signedOut.again')}
        </button>
      )}
    </section>
  );
}
