/**
 * `POST /oauth/token` and `POST /oauth/revoke`, form-encoded or JSON. Errors have the RFC 6749 §5.2
 * shape OAuth clients parse (`{error, error_description}`) and also carry the problem+json members
 * (`type, title, status, detail`) of our /v1 convention, so both kinds of client read them.
 */
import { STATUS_CODES } from 'node:http';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { z } from 'zod';
import { PROBLEM_TYPE_BASE } from '../http/problem';
import { RequestValidationError } from '../http/zod-type-provider';
import type { ZodTypeProvider } from '../http/zod-type-provider';
import { RepeatedParameterError, registerFormBodyParser } from './form-body';
import { isKnownClient } from './oauth-client';
import type { OAuthErrorCode } from './oauth.errors';
import { OAuthError } from './oauth.errors';
import type { OAuthTokenService } from './oauth-token.service';

const param = (max: number) => z.string().max(max).optional();
const TokenRequest = z.object({
  grant_type: param(64).describe('authorization_code | refresh_token'),
  code: param(256),
  redirect_uri: param(512),
  client_id: param(64),
  code_verifier: param(256),
  refresh_token: param(256),
});
const TokenResponse = z.object({
  access_token: z.string(),
  refresh_token: z.string(),
  token_type: z.literal('Bearer'),
  expires_in: z.number().int(),
});
const OAuthErrorBody = z.object({
  error: z.string(),
  error_description: z.string().optional(),
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
});
const RevokeRequest = z.object({
  token: param(512),
  token_type_hint: param(32),
  client_id: param(64),
});

function sendOAuthError(
  reply: FastifyReply,
  status: number,
  error: OAuthErrorCode,
  description: string,
): FastifyReply {
  if (status === 401) reply.header('www-authenticate', 'Basic realm="bookdesk"');
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .header('pragma', 'no-cache')
    .type('application/json')
    .send(
      JSON.stringify({
        error,
        error_description: description,
        type: PROBLEM_TYPE_BASE + `oauth/${error}`,
        title: STATUS_CODES[status] ?? 'Error',
        status,
        detail: description,
      }),
    );
}

function required(value: string | undefined, name: string): string {
  if (!value) throw new OAuthError('invalid_request', `${name} is required`);
  return value;
}

export const tokenRoutes: FastifyPluginAsync<{
  tokens: OAuthTokenService;
  perAddressPerMinute: number;
}> = async (app, { tokens, perAddressPerMinute }) => {
  registerFormBodyParser(app);
  app.setErrorHandler((error, request, reply) => {
    if (error instanceof OAuthError)
      return sendOAuthError(reply, error.status, error.error, error.description);
    if (error instanceof RequestValidationError)
      return sendOAuthError(reply, 400, 'invalid_request', error.message);
    if (error instanceof RepeatedParameterError)
      return sendOAuthError(reply, 400, 'invalid_request', error.message);
    const status = (error as { statusCode?: number }).statusCode;
    if (status !== undefined && status >= 400 && status < 500) {
      return sendOAuthError(reply, status, 'invalid_request', (error as Error).message);
    }
    request.log.error({ err: error }, 'token endpoint failed');
    return sendOAuthError(reply, 500, 'server_error', 'an unexpected error occurred; it has been logged');
  });

  const routes = app.withTypeProvider<ZodTypeProvider>();
  const consumes = ['application/x-www-form-urlencoded', 'application/json'];
  const rateLimit = { max: perAddressPerMinute, timeWindow: '1 minute' };

  routes.post(
    '/oauth/token',
    {
      schema: {
        summary: 'OAuth 2.1 token endpoint: authorization_code (PKCE) and refresh_token grants',
        tags: ['oauth'],
        consumes,
        body: TokenRequest,
        response: { 200: TokenResponse, 400: OAuthErrorBody, 401: OAuthErrorBody, 429: OAuthErrorBody },
      },
      config: { rateLimit },
    },
    async (request, reply) => {
      const body = request.body ?? {};
      const clientId = required(body.client_id, 'client_id');
      if (!isKnownClient(clientId)) throw new OAuthError('invalid_client', 'unknown client_id');
      reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
      switch (body.grant_type) {
        case 'authorization_code':
          return tokens.exchangeCode({
            code: required(body.code, 'code'),
            redirectUri: required(body.redirect_uri, 'redirect_uri'),
            clientId,
            codeVerifier: required(body.code_verifier, 'code_verifier'),
          });
        case 'refresh_token':
          return tokens.refresh({ refreshToken: required(body.refresh_token, 'refresh_token'), clientId });
        case undefined:
          throw new OAuthError('invalid_request', 'grant_type is required');
        default:
          throw new OAuthError(
            'unsupported_grant_type',
            'grant_type must be authorization_code or refresh_token',
          );
      }
    },
  );

  routes.post(
    '/oauth/revoke',
    {
      schema: {
        summary: 'OAuth token revocation (RFC 7009): always 200 for a well-formed request',
        tags: ['oauth'],
        consumes,
        body: RevokeRequest,
        response: { 200: z.object({}), 400: OAuthErrorBody, 401: OAuthErrorBody, 429: OAuthErrorBody },
      },
      config: { rateLimit },
    },
    async (request, reply) => {
      const body = request.body ?? {};
      const token = required(body.token, 'token');
      if (body.client_id !== undefined && !isKnownClient(body.client_id)) {
        throw new OAuthError('invalid_client', 'unknown client_id');
      }
      await tokens.revoke({ token, clientId: body.client_id, tokenTypeHint: body.token_type_hint });
      return reply.header('cache-control', 'no-store').send({});
    },
  );
};
