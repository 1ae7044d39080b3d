/**
 * The security headers of every response: exactly what @fastify/helmet 13 (helmet 8) sends with its
 * defaults, written once here because they never vary per request. helmet built them anew for each
 * request through its middleware chain (a measurable share of a short request's CPU, see
 * bench/api-auth.bench.ts); tests/api/security-headers.test.ts pins the exact set.
 * @fastify/swagger-ui replaces the content security policy on the /docs pages with its own (staticCSP).
 */
import type { FastifyInstance } from 'fastify';

const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "base-uri 'self'",
  "font-src 'self' https: data:",
  "form-action 'self'",
  "frame-ancestors 'self'",
  "img-src 'self' data:",
  "object-src 'none'",
  "script-src 'self'",
  "script-src-attr 'none'",
  "style-src 'self' https: 'unsafe-inline'",
  'upgrade-insecure-requests',
].join(';');

const DEFAULT_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'SAMEORIGIN',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
};

/** The header set; with `hsts` (served over TLS, directly or behind a proxy) it adds HSTS. */
export function securityHeaders(options: { hsts: boolean }): Readonly<Record<string, string>> {
  return options.hsts
    ? { ...DEFAULT_HEADERS, 'strict-transport-security': 'max-age=31536000; includeSubDomains' }
    : DEFAULT_HEADERS;
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
