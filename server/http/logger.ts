/**
 * pino options: JSON logs with credentials and personal data redacted (issue 3). Request logs carry
 * method, route and status, never bodies; error objects are logged with their messages only.
 */
import { pino } from 'pino';
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

/**
 * A logger of warnings from background work (a LISTEN connection dropping, a provider retrying, a
 * NOTIFY failing): the message, and of the error only its name and message.
 */
export function warningLogger(level: LoggerOptions['level']): (message: string, error?: unknown) => void {
  const logger = pino(loggerOptions(level));
  return (message, error) =>
    logger.warn({ reason: error instanceof Error ? `${error.name}: ${error.message}` : undefined }, message);
}
