/**
 * Every response carries the same security headers (helmet's defaults, see server/http/security-headers.ts):
 * JSON routes, problem+json errors, unknown routes and the documentation pages alike.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app';
import { startTestApp } from '../support/api';
import type { TestApp } from '../support/api';

const EXPECTED = {
  'content-security-policy':
    "default-src 'self';base-uri 'self';font-src 'self' https: data:;form-action 'self';frame-ancestors 'self';img-src 'self' data:;object-src 'none';script-src 'self';script-src-attr 'none';style-src 'self' https: 'unsafe-inline';upgrade-insecure-requests",
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

/** @fastify/swagger-ui's own policy for its pages (staticCSP): it replaces the default one there. */
const DOCS_CSP =
  "default-src 'self'; base-uri 'self'; font-src 'self' https: data:; frame-ancestors 'self'; img-src 'self' data: validator.swagger.io; object-src 'none'; script-src 'self' ; script-src-attr 'none'; style-src 'self' https: ; upgrade-insecure-requests;";

function securityHeaders(headers: Record<string, unknown>): Record<string, unknown> {
  const names = [...Object.keys(EXPECTED), 'strict-transport-security', 'x-powered-by'];
  return Object.fromEntries(Object.entries(headers).filter(([name]) => names.includes(name)));
}

describe(`${buildApp.name} security headers`, () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await startTestApp('sqlite');
  });
  afterAll(async () => {
    await sut?.close();
  });

  it.each([
    ['a JSON route', '/healthz', 200, /^application\/json/],
    ['a problem+json error', '/v1/me', 401, /^application\/problem\+json/],
    ['an unknown route', '/no-such-route', 404, /^application\/problem\+json/],
    ['the OpenAPI document', '/openapi.json', 200, /^application\/json/],
  ])('sends them on %s', async (_what, url, status, contentType) => {
    const response = await sut.call({ method: 'GET', url });
    expect(response.statusCode).toBe(status);
    expect(String(response.headers['content-type'])).toMatch(contentType);
    expect(securityHeaders(response.headers)).toEqual(EXPECTED);
  });

  it.each([
    ['the docs page', '/docs/', /^text\/html/],
    ['a docs asset', '/docs/static/index.css', /^text\/css/],
  ])('sends them on %s, with the docs content security policy', async (_what, url, contentType) => {
    const response = await sut.call({ method: 'GET', url });
    expect(response.statusCode).toBe(200);
    expect(String(response.headers['content-type'])).toMatch(contentType);
    expect(securityHeaders(response.headers)).toEqual({
      ...EXPECTED,
      'content-security-policy': DOCS_CSP,
    });
  });

  it('adds Strict-Transport-Security behind a TLS-terminating proxy', async () => {
    const behindProxy = await startTestApp('sqlite', { trustProxy: true });
    try {
      const response = await behindProxy.call({ method: 'GET', url: '/healthz' });
      expect(securityHeaders(response.headers)).toEqual({
        ...EXPECTED,
        'strict-transport-security': 'max-age=31536000; includeSubDomains',
      });
    } finally {
      await behindProxy.close();
    }
  });
});
