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
  request.log.error({ err: error }, 'unhandled error');
  return problem(500, 'an unexpected error occurred; it has been logged');
}

/** Installs the error and not-found handlers on the root instance. */
export function installProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => sendProblem(reply, toProblem(error, request)));
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, problem(404, `no route ${request.method} ${request.url.split('?')[0]}`)),
  );
}
