import type { FastifyRequest } from 'fastify';
import type { TenantScopes } from '../db/tenant-scope';
import { UnauthorizedError } from '../errors';
import type { CredentialResolver } from './credential-cache';
import { attachAuth } from './request-auth';
import { hashSecret } from './secret-token';

/** Accepted `Authorization` header: a Bearer secret of base64url/token68 characters. */
const BEARER = /^Bearer ([A-Za-z0-9._~+/-]{16,512}=*)$/;

/**
 * Authenticates a request of the authenticated scope: `Authorization: Bearer <access token | API key>`
 * → SHA-256 lookup of a valid credential of an active tenant (cached, see ./credential-cache.ts)
 * → `request.auth` + `request.scope`.
 * app.ts runs it as a preParsing hook: after the rate limiter (route-level onRequest, so guessing
 * tokens is rate limited too) and before the body is read and validated (an unauthenticated caller
 * learns nothing about a route's input).
 */
export function bearerAuthHook(
  credentials: Pick<CredentialResolver, 'resolve'>,
  scopes: TenantScopes,
): (request: FastifyRequest) => Promise<void> {
  return async (request) => {
    const match = BEARER.exec(request.headers.authorization ?? '');
    if (!match) throw new UnauthorizedError();
    const credential = await credentials.resolve(hashSecret(match[1]));
    if (!credential) throw new UnauthorizedError('the credential is unknown, expired or revoked');
    attachAuth(
      request,
      {
        tenantId: credential.tenantId,
        userId: credential.userId ?? undefined,
        role: credential.role,
        credentialId: credential.credentialId,
        kind: credential.kind,
      },
      scopes.forTenant(credential.tenantId),
    );
  };
}
