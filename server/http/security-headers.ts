/**
 * The security headers of every response, computed once by helmet itself (the library stays the source
 * of truth) and then set per request as a fixed table: they never vary per request, and running
 * helmet's middleware chain for each request was a measurable share of a short request's CPU (see
 * bench/api-auth.bench.ts). tests/api/security-headers.test.ts pins the exact set.
 * @fastify/swagger-ui replaces the content security policy on the /docs pages with its own (staticCSP).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';

/** The header set helmet's defaults produce; with `hsts` (served over TLS, directly or behind a proxy) it adds HSTS. */
export function securityHeaders(options: { hsts: boolean }): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string | number) => (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => delete headers[name.toLowerCase()],
  };
  helmet({ strictTransportSecurity: options.hsts })(
    {} as IncomingMessage,
    response as unknown as ServerResponse,
    () => undefined,
  );
  return Object.freeze(headers);
}

/**
 * Sets the security headers first thing on every request (onRequest, like helmet: routes, errors,
 * 404s and plugins' pages all get them; a later `reply.header` of a route may still override one).
 */
export function installSecurityHeaders(app: FastifyInstance, options: { hsts: boolean }): void {
  const headers = securityHeaders(options);
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
}
