/**
 * Signing in and out through main. The renderer asks main to sign in to a server and learns who is
 * signed in; it never sees a token. In the Chromium fallback main asks the page to open the API's
 * sign-in page in a new tab (there the browser the UI runs in is the system browser); the page also
 * keeps the address for a link, in case the browser blocked the tab.
 */
import { useCallback, useEffect, useState } from 'react';

export interface SignIn {
  /** Why the last attempt failed, in words for the user. */
  error: string | null;
  /** The sign-in page main asked to open, for "open it again". */
  pageUrl: string | null;
  signIn(apiBaseUrl: string): Promise<void>;
  cancel(): void;
  signOut(): Promise<void>;
}

export function useSignIn(): SignIn {
  const [error, setError] = useState<string | null>(null);
  const [pageUrl, setPageUrl] = useState<string | null>(null);

  useEffect(
    () =>
      window.bookdesk?.events.on('session:openBrowser', ({ url }) => {
        setPageUrl(url);
        window.open(url, '_blank', 'noopener');
      }),
    [],
  );

  const signIn = useCallback(async (apiBaseUrl: string) => {
    setError(null);
    setPageUrl(null);
    const result = await window.bookdesk.session.signIn({ apiBaseUrl });
    setPageUrl(null);
    if (!result.ok) setError(result.error.message);
  }, []);

  const cancel = useCallback(() => void window.bookdesk.session.cancelSignIn({}), []);

  const signOut = useCallback(async () => {
    const result = await window.bookdesk.session.signOut({});
    setError(result.ok ? null : result.error.message);
  }, []);

  return { error, pageUrl, signIn, cancel, signOut };
}
