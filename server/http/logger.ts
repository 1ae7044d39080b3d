/**
 * pino options: JSON logs with credentials and personal data redacted (issue 3). Request logs carry
 * method, route and status, never bodies; error objects are logged with their messages only.
 */
import type { LoggerOptions } from 'pino';

/** Paths censored wherever they appear in a log object (one and two levels deep). */
const SENSITIVE = [
  'password',
  'newPassword',
  'currentPassword',
  'token',
  'accessToken',
  'access_token',
  'refreshToken',
  'refresh_token',
  'code',
  'code_verifier',
  'key',
  'apiKey',
  'secret',
  'clientSecret',
  'otp',
  'email',
  'phone',
  'passwordHash',
  'mfaSecret',
];

export function loggerOptions(level: LoggerOptions['level']): LoggerOptions {
  return {
    level,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'res.headers["set-cookie"]',
        ...SENSITIVE,
        ...SENSITIVE.map((field) => `*.${field}`),
        ...SENSITIVE.map((field) => `*.*.${field}`),
      ],
      censor: '[redacted]',
    },
    serializers: {
      req: (req: { method: string; url: string; id: string }) => ({
        method: req.method,
        // The query string can carry codes and emails (OAuth redirects, searches).
        url: req.url.split('?')[0],
        id: req.id,
      }),
    },
  };
}
