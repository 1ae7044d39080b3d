/** What the renderer is told when a sign-in fails: plain words, never a token or a stack trace. */
import { SignInError } from '../auth/loopback-receiver';
import { IpcFailure } from '../ipc/ipc-registry';

const MESSAGES: Record<SignInError['code'], [IpcFailure['code'], string]> = {
  timeout: ['unavailable', 'The sign-in was not finished in the browser within 5 minutes.'],
  cancelled: ['unavailable', 'Sign-in was cancelled.'],
  state_mismatch: ['forbidden', 'The browser came back from a different sign-in. Please try again.'],
  access_denied: ['forbidden', 'The sign-in was refused in the browser.'],
  invalid_grant: ['forbidden', 'The server refused the sign-in. Please try again.'],
  token_exchange_failed: ['unavailable', 'The server could not finish the sign-in now.'],
  not_signed_in: ['forbidden', 'Not signed in.'],
};

export function signInFailure(error: unknown, apiBaseUrl: string): IpcFailure {
  if (error instanceof IpcFailure) return error;
  if (error instanceof SignInError) return new IpcFailure(...MESSAGES[error.code]);
  return new IpcFailure('unavailable', `Could not reach ${apiBaseUrl}.`);
}
