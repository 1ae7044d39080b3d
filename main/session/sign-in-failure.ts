/** What the renderer is told when a sign-in fails: plain words, never a token or a stack trace. */
import type { DeskTextId } from '../../core/i18n/desk-texts';
import { deskText } from '../../core/i18n/desk-texts';
import { SignInError } from '../auth/loopback-receiver';
import { IpcFailure } from '../ipc/ipc-registry';

const MESSAGES: Record<SignInError['code'], [IpcFailure['code'], DeskTextId]> = {
  timeout: ['unavailable', 'signIn.timeout'],
  cancelled: ['unavailable', 'signIn.cancelled'],
  state_mismatch: ['forbidden', 'signIn.stateMismatch'],
  access_denied: ['forbidden', 'signIn.accessDenied'],
  invalid_grant: ['forbidden', 'signIn.invalidGrant'],
  token_exchange_failed: ['unavailable', 'signIn.tokenExchangeFailed'],
  not_signed_in: ['forbidden', 'signIn.notSignedIn'],
};

export function signInFailure(error: unknown, apiBaseUrl: string): IpcFailure {
  if (error instanceof IpcFailure) return error;
  if (error instanceof SignInError) {
    const [code, id] = MESSAGES[error.code];
    return new IpcFailure(code, deskText(id));
  }
  return new IpcFailure('unavailable', deskText('desk.couldNotReach', { server: apiBaseUrl }));
}
