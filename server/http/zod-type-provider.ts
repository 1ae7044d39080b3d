/**
 * Zod 4 as Fastify's schema language: one zod schema per request part validates the input (unknown
 * fields are refused where the schema is a strict object), types the handler, serialises (and
 * strips) the response, and is converted with `z.toJSONSchema` for the OpenAPI document.
 * Written here instead of fastify-type-provider-zod, which is not a dependency of this repository.
 */
import type {
  FastifySchema,
  FastifySchemaCompiler,
  FastifySerializerCompiler,
  FastifyTypeProvider,
} from 'fastify';
import { z } from 'zod';
import type { FieldError } from '../errors';

/** `app.withTypeProvider<ZodTypeProvider>()` types request parts and replies from zod schemas. */
export interface ZodTypeProvider extends FastifyTypeProvider {
  validator: this['schema'] extends z.ZodType ? z.output<this['schema']> : unknown;
  serializer: this['schema'] extends z.ZodType ? z.input<this['schema']> : unknown;
}

/** Request part names as they appear in error paths (`body.owner.email`, `query.from`, `params.id`). */
const PART_NAMES: Record<string, string> = {
  body: 'body',
  querystring: 'query',
  params: 'params',
  headers: 'headers',
};

/** A request part that failed its schema: 422 with one entry per invalid field. */
export class RequestValidationError extends Error {
  readonly statusCode = 422;
  readonly code = 'BOOKDESK_VALIDATION';
  readonly errors: FieldError[];

  constructor(part: string, issues: readonly z.core.$ZodIssue[]) {
    const prefix = PART_NAMES[part] ?? part;
    const errors = issues.flatMap((issue): FieldError[] => {
      const base = [prefix, ...issue.path.map(String)].join('.');
      if (issue.code === 'unrecognized_keys') {
        return issue.keys.map((key) => ({ path: `${base}.${key}`, message: 'unknown field' }));
      }
      return [{ path: base, message: issue.message }];
    });
    super(`invalid ${prefix}: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
    this.errors = errors;
  }
}

function isZodSchema(value: unknown): value is z.ZodType {
  return value instanceof z.ZodType;
}

export const zodValidatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => {
  if (!isZodSchema(schema)) throw new Error(`route schema for ${httpPart} must be a zod schema`);
  return (data: unknown) => {
    const result = schema.safeParse(data);
    return result.success
      ? { value: result.data }
      : { error: new RequestValidationError(httpPart ?? 'body', result.error.issues) };
  };
};

/** Responses are parsed before sending, so fields outside the schema (hashes, secrets) never leak. */
export const zodSerializerCompiler: FastifySerializerCompiler<unknown> = ({ schema, method, url }) => {
  if (!isZodSchema(schema)) return (data: unknown) => JSON.stringify(data);
  return (data: unknown) => {
    const result = schema.safeParse(data);
    if (!result.success) {
      throw new Error(`response of ${method} ${url} does not match its schema: ${result.error.message}`);
    }
    return JSON.stringify(result.data);
  };
};

function toJsonSchema(schema: unknown, io: 'input' | 'output'): unknown {
  if (!isZodSchema(schema)) return schema;
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Record<
    string,
    unknown
  >;
  delete json.$schema;
  return json;
}

/** A response entry: a zod schema, or `{description?, content: {<media type>: {schema}}}`. */
function responseToJsonSchema(entry: unknown): unknown {
  if (isZodSchema(entry) || typeof entry !== 'object' || entry === null || !('content' in entry)) {
    return toJsonSchema(entry, 'output');
  }
  const { content, ...rest } = entry as { content: Record<string, { schema: unknown }> };
  return {
    ...rest,
    content: Object.fromEntries(
      Object.entries(content).map(([type, media]) => [
        type,
        { ...media, schema: toJsonSchema(media.schema, 'output') },
      ]),
    ),
  };
}

/** @fastify/swagger `transform`: zod schemas → JSON Schema (OpenAPI 3.1 dialect). */
export function zodToOpenApi({ schema, url }: { schema: FastifySchema; url: string }): {
  schema: FastifySchema;
  url: string;
} {
  if (!schema) return { schema, url };
  const { body, querystring, params, headers, response, ...rest } = schema as FastifySchema &
    Record<string, unknown>;
  const converted: Record<string, unknown> = { ...rest };
  if (body) converted.body = toJsonSchema(body, 'input');
  if (querystring) converted.querystring = toJsonSchema(querystring, 'input');
  if (params) converted.params = toJsonSchema(params, 'input');
  if (headers) converted.headers = toJsonSchema(headers, 'input');
  if (response) {
    converted.response = Object.fromEntries(
      Object.entries(response as Record<string, unknown>).map(([status, s]) => [
        status,
        responseToJsonSchema(s),
      ]),
    );
  }
  return { schema: converted as FastifySchema, url };
}
