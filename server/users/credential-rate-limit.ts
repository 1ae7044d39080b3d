/**
 * Route-level rate limit keyed by the presented credential, for routes that check a secret (current
 * password, TOTP code): a stolen access token must not become an unlimited guessing oracle. The key is
 * a hash of the Authorization header, since rate limiting runs before authentication.
 */
import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';

/** `config.rateLimit` for a route: `max` attempts per credential per 15 minutes. */
export function perCredentialRateLimit(max = 10) {
  return {
    max,
    timeWindow: 15 * 60_000,
    keyGenerator: (request: FastifyRequest) =>
      'credential:' +
      createHash('sha256')
        .update(request.headers.authorization ?? request.ip)
        .digest('base64url'),
  };
}
