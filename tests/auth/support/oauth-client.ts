/**
 * The desktop's side of API.md's sign-in flow with nothing but `fetch`: GET the form, read its hidden
 * fields, POST them with the credentials, follow nothing (read the 302), exchange the code with the
 * PKCE verifier.
 */
import { createHash, randomBytes } from 'node:crypto';

export const CLIENT_ID = 'bookdesk-desktop';
export const REDIRECT_URI = 'http://127.0.0.1:53682/callback';

export interface Pkce {
  verifier: string;
  challenge: string;
}

export function newPkce(): Pkce {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export function authorizeUrl(baseUrl: string, params: Record<string, string>): string {
  return `${baseUrl}/oauth/authorize?${new URLSearchParams(params).toString()}`;
}

export function defaultAuthorizeParams(
  pkce: Pkce,
  state = randomBytes(8).toString('hex'),
): Record<string, string> {
  return {
    response_type: 'code',
    client_id: CLIENT_ID,
    redirect_uri: REDIRECT_URI,
    code_challenge: pkce.challenge,
    code_challenge_method: 'S256',
    state,
  };
}

function unescapeHtml(value: string): string {
  return value
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The hidden inputs of the first form in `html`, as a browser would submit them. */
export function hiddenFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const match of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) {
    fields[unescapeHtml(match[1]!)] = unescapeHtml(match[2]!);
  }
  return fields;
}

/** GETs the sign-in form and returns its hidden fields. */
export async function fetchForm(
  baseUrl: string,
  params: Record<string, string>,
): Promise<Record<string, string>> {
  const response = await fetch(authorizeUrl(baseUrl, params), { redirect: 'manual' });
  if (response.status !== 200) throw new Error(`authorize GET answered ${response.status}`);
  return hiddenFields(await response.text());
}

/** POSTs the sign-in form (form-encoded). */
export function postForm(
  baseUrl: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${baseUrl}/oauth/authorize`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
}

/** POSTs to the token (or revocation) endpoint, form-encoded, or JSON with `json: true`. */
export async function postToken(
  baseUrl: string,
  params: Record<string, string>,
  options: { json?: boolean; path?: string } = {},
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const response = await fetch(`${baseUrl}${options.path ?? '/oauth/token'}`, {
    method: 'POST',
    headers: { 'content-type': options.json ? 'application/json' : 'application/x-www-form-urlencoded' },
    body: options.json ? JSON.stringify(params) : new URLSearchParams(params).toString(),
  });
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown>,
    headers: response.headers,
  };
}

export interface TokenPair {
  access_token: string;
  refresh_token: string;
  token_type: string;
  expires_in: number;
}

/** Signs in through the form and returns the authorization code (throws unless redirected with one). */
export async function authorize(
  baseUrl: string,
  credentials: { email: string; password: string; otp?: string },
  pkce: Pkce = newPkce(),
): Promise<{ code: string; state: string; sentState: string; pkce: Pkce }> {
  const params = defaultAuthorizeParams(pkce);
  const fields = await fetchForm(baseUrl, params);
  const response = await postForm(baseUrl, { ...fields, ...credentials });
  if (response.status !== 302)
    throw new Error(`sign-in answered ${response.status}: ${await response.text()}`);
  const location = new URL(response.headers.get('location')!);
  if (`${location.origin}${location.pathname}` !== REDIRECT_URI)
    throw new Error(`redirected to ${location.href}`);
  return {
    code: location.searchParams.get('code')!,
    state: location.searchParams.get('state')!,
    sentState: params.state!,
    pkce,
  };
}

export function exchangeCode(
  baseUrl: string,
  code: string,
  verifier: string,
  overrides: Record<string, string> = {},
) {
  return postToken(baseUrl, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: REDIRECT_URI,
    client_id: CLIENT_ID,
    code_verifier: verifier,
    ...overrides,
  });
}

export function refresh(baseUrl: string, refreshToken: string) {
  return postToken(baseUrl, {
    grant_type: 'refresh_token',
    refresh_token: refreshToken,
    client_id: CLIENT_ID,
  });
}

/** The whole flow: form → code → tokens. */
export async function signIn(
  baseUrl: string,
  credentials: { email: string; password: string; otp?: string },
): Promise<TokenPair> {
  const { code, pkce } = await authorize(baseUrl, credentials);
  const { status, body } = await exchangeCode(baseUrl, code, pkce.verifier);
  if (status !== 200) throw new Error(`token exchange answered ${status}: ${JSON.stringify(body)}`);
  return body as unknown as TokenPair;
}

export function callApi(
  baseUrl: string,
  method: string,
  path: string,
  token: string,
  body?: unknown,
): Promise<Response> {
  return fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}
