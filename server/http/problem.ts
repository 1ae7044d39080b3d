/**
 * Every error leaves as `application/problem+json` (RFC 9457) `{type, title, status, detail, errors?}`
 * with the statuses of ../shared/API.md. Bad input is always 4xx; a 5xx means a bug and never shows
 * internals (the log has them, redacted).
 */
import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../errors';
import type { FieldError } from '../errors';
import { RequestValidationError } from './zod-type-provider';

/** Base of problem `type` URIs; the last segment names the problem (`.../slot-taken`). */
export const PROBLEM_TYPE_BASE = 'https://bookdesk.app/problems/';

export const ProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type Problem = z.infer<typeof ProblemSchema>;

const SLUG_BY_STATUS: Record<number, string> = {
  400: 'malformed-request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  406: 'not-acceptable',
  409: 'conflict',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  422: 'validation',
  429: 'rate-limited',
  500: 'internal',
  503: 'unavailable',
};

export function problem(
  status: number,
  detail?: string,
  options: { slug?: string; errors?: FieldError[] } = {},
): Problem {
  return {
    type: PROBLEM_TYPE_BASE + (options.slug ?? SLUG_BY_STATUS[status] ?? 'error'),
    title: STATUS_CODES[status] ?? 'Error',
    status,
    ...(detail ? { detail } : {}),
    ...(options.errors?.length ? { errors: options.errors } : {}),
  };
}

export function sendProblem(reply: FastifyReply, body: Problem): FastifyReply {
  if (body.status === 401) reply.header('www-authenticate', 'Bearer');
  return reply.code(body.status).type('application/problem+json').send(JSON.stringify(body));
}

/** Maps anything thrown to a problem. */
export function toProblem(error: unknown, request: FastifyRequest): Problem {
  if (error instanceof AppError) {
    return problem(error.status, error.message, {
      slug: error.slug,
      errors: 'errors' in error ? (error.errors as FieldError[]) : undefined,
    });
  }
  if (error instanceof RequestValidationError) {
    return problem(422, error.message, { errors: error.errors });
  }
  const fastifyError = error as Partial<FastifyError>;
  const status = fastifyError.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    if (fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
      return problem(413, 'the request body is too large');
    if (fastifyError.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError) {
      return problem(400, `malformed JSON body: ${fastifyError.message ?? ''}`.trim(), {
        errors: [{ path: 'body', message: 'malformed JSON' }],
      });
    }
    // Fastify's own 4xx messages (empty body, media type, rate limit) are safe to show.
    return problem(status, fastifyError.message);
  }
  if (isDatabaseUnavailable(error)) {
    // Not a bug: the database is down or restarting (issue 14 §5). 503 tells clients and load
    // balancers to retry; nothing of the request was committed.
    request.log.warn({ err: error }, 'database unavailable');
    return problem(503, 'the database is unavailable; retry shortly');
  }
  request.log.error({ err: error }, 'unhandled error');
  return problem(500, 'an unexpected error occurred; it has been logged');
}

/** Seconds in the `Retry-After` of a 503 for an unavailable database. */
export const DATABASE_RETRY_AFTER_SECONDS = 1;

/** node-pg / PostgreSQL errors of a connection lost or refused (class 08, 57P01–57P03 shutdown/starting). */
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', '57P01', '57P02', '57P03']);

/** True when `error` (or what it wraps: TypeORM's driverError, a cause) says the database cannot be reached. */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 3) return false;
  const { code, message, driverError, cause } = error as {
    code?: unknown;
    message?: unknown;
    driverError?: unknown;
    cause?: unknown;
  };
  if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) return true;
  if (typeof message === 'string' && /^Connection terminated( unexpectedly)?$/.test(message)) return true;
  return isDatabaseUnavailable(driverError, depth + 1) || isDatabaseUnavailable(cause, depth + 1);
}

/** Installs the error and not-found handlers on the root instance. */
export function installProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const body = toProblem(error, request);
    if (body.status === 503) reply.header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
    return sendProblem(reply, body);
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, problem(404, `no route ${request.method} ${request.url.split('?')[0]}`)),
  );
}
