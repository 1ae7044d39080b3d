/**
 * The HTML of the OAuth sign-in page: a small self-contained form with every dynamic value escaped,
 * one inline stylesheet allowed by a per-response nonce, and nothing else (no script, no images).
 */
import { randomBytes } from 'node:crypto';

/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A rendered page with the headers it must be served with. */
export interface Page {
  html: string;
  headers: Record<string, string>;
}

const STYLE = `
*{box-sizing:border-box}body{margin:0;min-height:100vh;display:grid;place-items:center;background:#f4f5f7;
font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2433}
main{width:min(24rem,92vw);background:#fff;border-radius:12px;padding:2rem;box-shadow:0 2px 12px rgba(20,30,60,.08)}
h1{font-size:1.35rem;margin:0 0 .25rem}p{margin:.25rem 0 1rem;color:#5b6477}
label{display:block;font-weight:600;font-size:.9rem;margin:.9rem 0 .3rem}
input{width:100%;padding:.6rem .7rem;border:1px solid #c9cfdb;border-radius:8px;font:inherit}
input:focus{outline:2px solid #3b6cf6;outline-offset:1px;border-color:#3b6cf6}
small{color:#5b6477}button{margin-top:1.3rem;width:100%;padding:.7rem;border:0;border-radius:8px;
background:#3b6cf6;color:#fff;font:inherit;font-weight:600;cursor:pointer}
.error{background:#fdecec;color:#8a1c1c;border-radius:8px;padding:.6rem .8rem;margin:0 0 .5rem}`;

/**
 * The `form-action` sources of the sign-in page: ourselves, and the redirect URI's origin, since some
 * browsers apply form-action to the redirect that follows the POST. CSP source expressions cannot
 * name an IPv6 literal, so an `[::1]` redirect is allowed through the `http:` scheme instead.
 */
function formActionSources(redirectUri: string | undefined): string {
  if (!redirectUri) return "'self'";
  const { hostname, origin } = new URL(redirectUri);
  return hostname.startsWith('[') ? "'self' http:" : `'self' ${origin}`;
}

function page(title: string, body: string, formAction = "'self'"): Page {
  const nonce = randomBytes(16).toString('base64');
  const html =
    `<!doctype html><html lang="en"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width,initial-scale=1"><meta name="referrer" content="same-origin">` +
    `<title>${escapeHtml(title)} · Bookdesk</title><style nonce="${nonce}">${STYLE}</style></head>` +
    `<body><main>${body}</main></body></html>`;
  return {
    html,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy':
        `default-src 'none'; style-src 'nonce-${nonce}'; form-action ${formAction}; ` +
        `frame-ancestors 'none'; base-uri 'none'`,
      'cache-control': 'no-store',
      pragma: 'no-cache',
      // same-origin, not no-referrer: under no-referrer Chromium posts the form with `Origin: null`.
      // The page's URL (with the authorization request) still never leaves this origin.
      'referrer-policy': 'same-origin',
      'x-frame-options': 'DENY',
    },
  };
}

/** The sign-in form; `hidden` are echoed as hidden fields, exactly as given. */
export function renderSignInPage(input: {
  hidden: Record<string, string>;
  email?: string;
  error?: string;
}): Page {
  const hidden = Object.entries(input.hidden)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('');
  const error = input.error ? `<p class="error" role="alert">${escapeHtml(input.error)}</p>` : '';
  return page(
    'Sign in',
    `<h1>Sign in to Bookdesk</h1><p>The Bookdesk desktop app is asking to use your account.</p>${error}` +
      `<form method="post" action="/oauth/authorize" autocomplete="on">${hidden}` +
      `<label for="email">Email</label>` +
      `<input id="email" name="email" type="email" autocomplete="username" required value="${escapeHtml(input.email ?? '')}">` +
      `<label for="password">Password</label>` +
      `<input id="password" name="password" type="password" autocomplete="current-password" required>` +
      `<label for="otp">Authentication code</label>` +
      `<input id="otp" name="otp" autocomplete="one-time-code" inputmode="text" maxlength="32">` +
      `<small>Only if you turned on two-step sign-in: the 6-digit code or a recovery code.</small>` +
      `<button type="submit">Sign in</button></form>`,
    formActionSources(input.hidden.redirect_uri),
  );
}

/** An error page for requests that must not be redirected anywhere (unknown client, bad redirect URI). */
export function renderErrorPage(title: string, message: string): Page {
  return page(title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>`);
}
