/**
 * The loopback redirect target of RFC 8252: a one-shot HTTP server on 127.0.0.1 that waits for the
 * browser to come back to `/callback?code=..&state=..` and checks the state before accepting the code.
 */
import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export class SignInError extends Error {
  constructor(
    readonly code:
      | 'state_mismatch'
      | 'access_denied'
      | 'timeout'
      | 'cancelled'
      | 'token_exchange_failed'
      /** The authorization server refused the code or refresh token for good (RFC 6749 §5.2). */
      | 'invalid_grant'
      | 'not_signed_in',
    message: string,
  ) {
    super(message);
  }
}

export interface LoopbackReceiver {
  redirectUri: string;
  /** Resolves with the authorization code once a callback with the right state arrives. */
  code: Promise<string>;
  close(): Promise<void>;
}

const page = (title: string, body: string) =>
  `<!doctype html><meta charset="utf-8"><title>${title}</title>` +
  `<body style="font-family:system-ui,sans-serif;margin:4rem auto;max-width:32rem;color:#101828">` +
  `<h1 style="font-size:1.4rem">${title}</h1><p>${body}</p></body>`;

/** How long a sign-in waits for the browser to come back. */
export const SIGN_IN_TIMEOUT_MS = 5 * 60_000;

export async function startLoopbackReceiver(
  expectedState: string,
  timeoutMs = SIGN_IN_TIMEOUT_MS,
  signal?: AbortSignal,
): Promise<LoopbackReceiver> {
  let settle!: { resolve: (code: string) => void; reject: (error: SignInError) => void };
  const code = new Promise<string>((resolve, reject) => (settle = { resolve, reject }));
  code.catch(() => {}); // the caller awaits it; avoid an unhandled rejection if it never does

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method !== 'GET' || url.pathname !== '/callback') {
      res.writeHead(404).end();
      return;
    }
    const reply = (status: number, title: string, body: string) => {
      res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(page(title, body));
    };
    // A callback that is not ours (forged or stale) ends this attempt: its code is never redeemed.
    if (url.searchParams.get('state') !== expectedState) {
      reply(
        400,
        'Sign-in failed',
        'This sign-in link does not belong to the Bookdesk window that started it.',
      );
      return settle.reject(
        new SignInError('state_mismatch', 'The sign-in response did not carry our state.'),
      );
    }
    const error = url.searchParams.get('error');
    const authorizationCode = url.searchParams.get('code');
    if (error || !authorizationCode) {
      reply(400, 'Sign-in cancelled', 'You can close this tab and try again from Bookdesk.');
      return settle.reject(new SignInError('access_denied', error ?? 'No authorization code'));
    }
    reply(200, 'Signed in to Bookdesk', 'You can close this tab and return to Bookdesk.');
    settle.resolve(authorizationCode);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const timer = setTimeout(() => settle.reject(new SignInError('timeout', 'Sign-in timed out.')), timeoutMs);
  timer.unref();
  const onAbort = () => settle.reject(new SignInError('cancelled', 'Sign-in was cancelled.'));
  if (signal?.aborted) onAbort();
  signal?.addEventListener('abort', onAbort, { once: true });

  return {
    redirectUri: `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback`,
    code,
    close: async () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
