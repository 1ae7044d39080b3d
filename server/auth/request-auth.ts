/**
 * `request.auth` and `request.scope`: who is calling and the only database access a route gets.
 * Both exist only on routes registered inside the authenticated scope (server/app.ts); reading them
 * elsewhere is a programming error and fails loudly instead of returning undefined.
 */
import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { Role } from '../db/entities/platform.entities';
import type { TenantScope } from '../db/tenant-scope';
import { ForbiddenError } from '../errors';

/** The verified credential of a request. */
export interface AuthContext {
  /** The tenant the credential belongs to: the ONLY source of a request's tenant. */
  tenantId: string;
  /** The user an access token acts for; undefined for an API key. */
  userId?: string;
  role: Role;
  credentialId: string;
  kind: 'access_token' | 'api_key';
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The verified credential (authenticated routes only). */
    readonly auth: AuthContext;
    /** Database access for the credential's tenant (authenticated routes only). */
    readonly scope: TenantScope;
  }
}

const kAuth = Symbol('bookdesk.auth');
const kScope = Symbol('bookdesk.scope');
type Carrier = { [kAuth]?: AuthContext; [kScope]?: TenantScope };

export function decorateRequestAuth(app: FastifyInstance): void {
  app.decorateRequest('auth', {
    getter(this: FastifyRequest) {
      const auth = (this as unknown as Carrier)[kAuth];
      if (!auth) throw new Error('request.auth read on a route outside the authenticated scope');
      return auth;
    },
  });
  app.decorateRequest('scope', {
    getter(this: FastifyRequest) {
      const scope = (this as unknown as Carrier)[kScope];
      if (!scope) throw new Error('request.scope read on a route outside the authenticated scope');
      return scope;
    },
  });
}

/** Attaches a verified credential and its tenant scope (called by the bearer-auth hook only). */
export function attachAuth(request: FastifyRequest, auth: AuthContext, scope: TenantScope): void {
  if (scope.tenantId !== auth.tenantId) throw new Error('scope and credential disagree on the tenant');
  const carrier = request as unknown as Carrier;
  carrier[kAuth] = auth;
  carrier[kScope] = scope;
}

/** preHandler refusing (403) credentials whose role is not in `roles`. */
export function requireRole(...roles: Role[]): preHandlerAsyncHookHandler {
  return async (request) => {
    if (!roles.includes(request.auth.role)) throw new ForbiddenError();
  };
}

/** The user behind the request; 403 for an API key, which acts for no user. */
export function requireUserId(request: FastifyRequest): string {
  const { userId } = request.auth;
  if (!userId) throw new ForbiddenError('this route needs a user sign-in; API keys act for no user');
  return userId;
}
