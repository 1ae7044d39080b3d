/**
 * Errors services throw for outcomes a client must see; the HTTP error handler maps each to its
 * problem+json status (server/http/problem.ts). Anything else that escapes is a 500 without details.
 */

/** One invalid field: `path` like `body.owner.email`. */
export interface FieldError {
  path: string;
  message: string;
}

export abstract class AppError extends Error {
  abstract readonly status: number;
  /** Last segment of the problem `type` URI, e.g. `already-exists`. */
  abstract readonly slug: string;
}

/** 404: absent, or another tenant's (existence is never revealed). */
export class NotFoundError extends AppError {
  readonly status = 404;
  readonly slug = 'not-found';
  constructor(detail = 'not found') {
    super(detail);
  }
}

/** 409 with a kind: `already-exists`, `slot-taken`, `invalid-transition`, `not-in-plan`. */
export class ConflictError extends AppError {
  readonly status = 409;
  constructor(
    readonly slug: 'already-exists' | 'slot-taken' | 'invalid-transition' | 'not-in-plan',
    detail: string,
  ) {
    super(detail);
  }
}

/** 422: well-formed but invalid. */
export class ValidationError extends AppError {
  readonly status = 422;
  readonly slug = 'validation';
  constructor(
    detail: string,
    readonly errors: FieldError[] = [],
  ) {
    super(detail);
  }
}

/** 401: missing, unknown, expired or revoked credential. */
export class UnauthorizedError extends AppError {
  readonly status = 401;
  readonly slug = 'unauthorized';
  constructor(detail = 'a valid bearer token or API key is required') {
    super(detail);
  }
}

/** 403: the credential's role may not do this. */
export class ForbiddenError extends AppError {
  readonly status = 403;
  readonly slug = 'forbidden';
  constructor(detail = 'your role does not allow this') {
    super(detail);
  }
}

/** 410 with a kind: `cursor-expired` (a sync cursor older than the change log kept). */
export class GoneError extends AppError {
  readonly status = 410;
  constructor(
    readonly slug: 'cursor-expired',
    detail: string,
  ) {
    super(detail);
  }
}

/** 503: a dependency (the database) is unreachable. */
export class UnavailableError extends AppError {
  readonly status = 503;
  readonly slug = 'unavailable';
}
