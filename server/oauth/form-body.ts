/** `application/x-www-form-urlencoded` bodies for the OAuth endpoints (registered in their plugins only). */
import type { FastifyInstance } from 'fastify';

/** A form body whose parameter appears twice: refused, as RFC 6749 §3.1 requires. */
export class RepeatedParameterError extends Error {
  readonly statusCode = 400;
  constructor(readonly parameter: string) {
    super(`parameter "${parameter}" is repeated`);
  }
}

export function registerFormBodyParser(app: FastifyInstance): void {
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => {
      const result = Object.create(null) as Record<string, string>;
      for (const [name, value] of new URLSearchParams(body as string)) {
        if (Object.hasOwn(result, name)) {
          done(new RepeatedParameterError(name), undefined);
          return;
        }
        result[name] = value;
      }
      done(null, result);
    },
  );
}
