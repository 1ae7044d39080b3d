/**
 * Completes the API's HTML sign-in form the way a user's browser would, for the demo owner whose
 * password `npm start` generated: GET the authorize page, keep its hidden fields, POST them with the
 * e-mail and password, and follow the 302 to the loopback receiver. Used as the `openBrowser` of
 * {@link OAuthSignInClient}, so the code exchange, PKCE and state checks are the real ones.
 */
import { SignInError } from './loopback-receiver';

/** The e-mail and password typed into the form. */
export interface FormCredentials {
  email: string;
  password: string;
}

const decode = (value: string) =>
  value
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&#x27;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');

/** The `name`/`value` pairs of every `<input type="hidden">` of `html`. */
export function hiddenFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [tag] of html.matchAll(/<input\b[^>]*>/gi)) {
    if (!/\btype\s*=\s*["']?hidden/i.test(tag)) continue;
    const name = /\bname\s*=\s*"([^"]*)"/i.exec(tag)?.[1];
    const value = /\bvalue\s*=\s*"([^"]*)"/i.exec(tag)?.[1] ?? '';
    if (name) fields[decode(name)] = decode(value);
  }
  return fields;
}

/** An `openBrowser` that signs in with `credentials` instead of showing the form to a person. */
export function formSignInBrowser(
  credentials: FormCredentials,
  fetchFn: typeof fetch = fetch,
): (authorizeUrl: string) => Promise<void> {
  return async (authorizeUrl) => {
    const signal = AbortSignal.timeout(15_000);
    const page = await fetchFn(authorizeUrl, { headers: { accept: 'text/html' }, signal });
    if (!page.ok) throw new SignInError('access_denied', `The sign-in page answered ${page.status}.`);
    const form = new URLSearchParams({ ...hiddenFields(await page.text()), ...credentials });
    const url = new URL(authorizeUrl);
    const answer = await fetchFn(new URL(url.pathname, url.origin), {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: url.origin },
      body: form,
      signal,
    });
    const location = answer.headers.get('location');
    if (answer.status !== 302 || !location) {
      throw new SignInError('access_denied', `The sign-in form was refused (${answer.status}).`);
    }
    // The browser's last step: the redirect lands on the loopback receiver, which takes the code.
    await (await fetchFn(location, { signal })).text();
  };
}
