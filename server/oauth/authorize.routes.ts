/**
 * `GET /oauth/authorize` (the sign-in form) and `POST /oauth/authorize` (sign in → 302 to the client's
 * loopback redirect with `code` and `state`). Requests naming an unknown client or a redirect URI that
 * is not an allowed loopback URL get an error page and are never redirected (RFC 6749 §4.1.2.1).
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { RequestValidationError } from '../http/zod-type-provider';
import type { ZodTypeProvider } from '../http/zod-type-provider';
import type { Page } from './authorize.page';
import { renderErrorPage, renderSignInPage } from './authorize.page';
import { registerFormBodyParser } from './form-body';
import type { FormTokenSigner } from './form-token';
import { isAllowedRedirectUri, isKnownClient } from './oauth-client';
import type { OAuthTokenService } from './oauth-token.service';
import { isValidS256Challenge } from './pkce';
import type { SignInService } from './sign-in.service';

/** Per-address limit on sign-in submissions (per-account lockout is the SignInService's). */
export interface AddressRateLimit {
  max: number;
  timeWindowMs: number;
}

export const DEFAULT_SIGN_IN_ADDRESS_LIMIT: AddressRateLimit = { max: 30, timeWindowMs: 15 * 60_000 };

export interface AuthorizeRouteOptions {
  signIn: SignInService;
  tokens: OAuthTokenService;
  forms: FormTokenSigner;
  addressLimit: AddressRateLimit;
}

const text = (max: number) => z.string().max(max).optional();
const AuthorizationRequest = z.object({
  response_type: text(32).describe('must be "code"'),
  client_id: text(64).describe('"bookdesk-desktop"'),
  redirect_uri: text(512).describe('http://127.0.0.1:<port>/... or http://[::1]:<port>/...'),
  code_challenge: text(128).describe('BASE64URL(SHA256(code_verifier))'),
  code_challenge_method: text(16).describe('must be "S256"'),
  state: text(512),
});
type AuthorizationRequest = z.infer<typeof AuthorizationRequest>;
const SignInForm = AuthorizationRequest.extend({
  form_token: text(256),
  email: text(320),
  password: text(1024),
  otp: text(64),
});

const HIDDEN_FIELDS = [
  'response_type',
  'client_id',
  'redirect_uri',
  'code_challenge',
  'code_challenge_method',
  'state',
] as const;
const GENERIC_FAILURE = 'The email, password or authentication code is incorrect.';

function send(reply: FastifyReply, status: number, page: Page): FastifyReply {
  return reply.code(status).headers(page.headers).send(page.html);
}

function formExpired(reply: FastifyReply): FastifyReply {
  return send(
    reply,
    400,
    renderErrorPage('Sign-in page expired', 'Return to the Bookdesk app and start signing in again.'),
  );
}

/** The authorization request's own parameters, as they go into hidden fields and the form token. */
function hiddenFields(request: AuthorizationRequest): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const name of HIDDEN_FIELDS) {
    const value = request[name];
    if (value !== undefined) fields[name] = value;
  }
  return fields;
}

function redirectWith(
  reply: FastifyReply,
  redirectUri: string,
  params: Record<string, string | undefined>,
): FastifyReply {
  const target = new URL(redirectUri);
  for (const [name, value] of Object.entries(params))
    if (value !== undefined) target.searchParams.set(name, value);
  return reply
    .code(302)
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .redirect(target.href);
}

/**
 * Checks the parts that decide whether we may redirect at all, then the rest. Returns a reply when the
 * request is refused, undefined when it is a valid PKCE authorization-code request.
 */
function refuseInvalid(request: AuthorizationRequest, reply: FastifyReply): FastifyReply | undefined {
  if (!isKnownClient(request.client_id)) {
    return send(
      reply,
      400,
      renderErrorPage('Unknown application', 'This sign-in link does not come from a Bookdesk application.'),
    );
  }
  if (!isAllowedRedirectUri(request.client_id, request.redirect_uri)) {
    return send(
      reply,
      400,
      renderErrorPage('Invalid sign-in link', 'The application gave a return address that is not allowed.'),
    );
  }
  const redirectUri = request.redirect_uri!;
  if (request.response_type !== 'code') {
    return redirectWith(reply, redirectUri, { error: 'unsupported_response_type', state: request.state });
  }
  if (request.code_challenge_method !== 'S256' || !isValidS256Challenge(request.code_challenge ?? '')) {
    return redirectWith(reply, redirectUri, {
      error: 'invalid_request',
      error_description: 'PKCE with code_challenge_method=S256 is required',
      state: request.state,
    });
  }
  return undefined;
}

/**
 * Browsers send Origin / Sec-Fetch-Site on form posts: refuse posts that come from another site.
 * `Origin: null` (a browser hiding the origin, e.g. under a no-referrer policy or from a sandboxed
 * frame) is accepted only when the browser also vouches `Sec-Fetch-Site: same-origin`.
 */
function isCrossSite(request: FastifyRequest): boolean {
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return true;
  const origin = request.headers.origin;
  if (origin === 'null') return site !== 'same-origin';
  return origin !== undefined && origin !== `${request.protocol}://${request.host}`;
}

export const authorizeRoutes: FastifyPluginAsync<AuthorizeRouteOptions> = async (app, options) => {
  registerFormBodyParser(app);
  app.setErrorHandler((error, request, reply) => {
    const status = (error as { statusCode?: number }).statusCode;
    if (status === 429) {
      return send(
        reply,
        429,
        renderErrorPage(
          'Too many attempts',
          'Too many sign-in attempts from your network. Wait a few minutes and try again.',
        ),
      );
    }
    if (error instanceof RequestValidationError || (status !== undefined && status >= 400 && status < 500)) {
      return send(
        reply,
        status === 413 ? 413 : 400,
        renderErrorPage('Invalid request', 'The sign-in request was malformed.'),
      );
    }
    request.log.error({ err: error }, 'sign-in page failed');
    return send(
      reply,
      500,
      renderErrorPage('Something went wrong', 'Sign-in failed unexpectedly. Please try again.'),
    );
  });

  const routes = app.withTypeProvider<ZodTypeProvider>();
  const docs = { tags: ['oauth'], produces: ['text/html'] };

  routes.get(
    '/oauth/authorize',
    {
      schema: {
        ...docs,
        summary: 'OAuth 2.1 authorization endpoint: the sign-in form (HTML)',
        querystring: AuthorizationRequest,
      },
    },
    async (request, reply) => {
      const refused = refuseInvalid(request.query, reply);
      if (refused) return refused;
      const hidden = hiddenFields(request.query);
      return send(
        reply,
        200,
        renderSignInPage({ hidden: { ...hidden, form_token: options.forms.sign(hidden) } }),
      );
    },
  );

  routes.post(
    '/oauth/authorize',
    {
      schema: {
        ...docs,
        summary: 'Submit the sign-in form: 302 to redirect_uri with code and state',
        consumes: ['application/x-www-form-urlencoded'],
        body: SignInForm,
      },
      config: { rateLimit: { max: options.addressLimit.max, timeWindow: options.addressLimit.timeWindowMs } },
    },
    async (request, reply) => {
      if (isCrossSite(request)) {
        return send(
          reply,
          403,
          renderErrorPage('Sign-in refused', 'This sign-in form was submitted from another site.'),
        );
      }
      const form = request.body;
      const refused = refuseInvalid(form, reply);
      if (refused) return refused;
      const hidden = hiddenFields(form);
      if (!form.form_token || !options.forms.verify(form.form_token, hidden)) return formExpired(reply);
      const again = (status: number, error: string) =>
        send(
          reply,
          status,
          renderSignInPage({
            hidden: { ...hidden, form_token: options.forms.sign(hidden) },
            email: form.email,
            error,
          }),
        );
      if (!form.email || !form.password) return again(400, 'Enter your email and password.');

      const result = await options.signIn.signIn({
        email: form.email,
        password: form.password,
        otp: form.otp?.trim() || undefined,
        address: request.ip,
      });
      if (!result.ok && result.reason === 'locked') {
        reply.header('retry-after', String(result.retryAfterSeconds));
        const minutes = Math.ceil(result.retryAfterSeconds / 60);
        return again(
          429,
          `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
        );
      }
      if (!result.ok) return again(401, GENERIC_FAILURE);
      const code = await options.tokens.issueCode(
        result.tenantId,
        {
          userId: result.userId,
          clientId: form.client_id!,
          redirectUri: form.redirect_uri!,
          codeChallenge: form.code_challenge!,
        },
        { token: form.form_token, expiresAt: options.forms.expiresAt(form.form_token) },
      );
      // A served form signs in once: a second post of it (a replay) gets no second code.
      if (code === null) return formExpired(reply);
      return redirectWith(reply, form.redirect_uri!, { code, state: form.state });
    },
  );
};
