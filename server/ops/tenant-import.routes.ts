/**
 * `POST /v1/ops/tenant-import` — the target side of move-tenant (./tenant-move.ts). Operator-only:
 * registered only when `OPS_TOKEN` is set, and answered only for `Authorization: Bearer <OPS_TOKEN>`
 * (compared in constant time). Never reachable with a tenant's credentials.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { Uuid } from '../../core/domain/schemas';
import { UnauthorizedError } from '../errors';
import { problemResponses } from '../http/route-docs';
import type { ZodTypeProvider } from '../http/zod-type-provider';
import type { TenantMovePayload } from './tenant-move';
import type { importMovedTenant } from './tenant-move';

/** A whole business can be large: this route alone accepts up to 512 MiB. */
const IMPORT_BODY_LIMIT = 512 * 1024 * 1024;
const IDENTIFIER = z.string().regex(/^[a-z_][a-z0-9_]*$/);

const ImportBody = z.object({
  format: z.literal('bookdesk-tenant-move/1'),
  tenantId: Uuid,
  fromRegion: z.string().min(1).max(32),
  tables: z.array(
    z.object({
      table: IDENTIFIER,
      columns: z.array(IDENTIFIER),
      rows: z.array(z.record(IDENTIFIER, z.unknown())),
    }),
  ),
  secrets: z.array(
    z.object({ table: IDENTIFIER, column: IDENTIFIER, recordId: z.string(), value: z.string() }),
  ),
});
const ImportResult = z.object({ tenantId: Uuid, region: z.string(), rows: z.number(), digest: z.string() });

const digest = (value: string) => createHash('sha256').update(value).digest();

export const tenantImportRoutes: FastifyPluginAsync<{
  opsToken: string;
  importTenant: (payload: TenantMovePayload) => ReturnType<typeof importMovedTenant>;
}> = async (app, { opsToken, importTenant }) => {
  const expected = digest(opsToken);
  app.withTypeProvider<ZodTypeProvider>().post(
    '/v1/ops/tenant-import',
    {
      schema: {
        summary: "Import a business moved from another region (operator's OPS_TOKEN only)",
        tags: ['operations'],
        body: ImportBody,
        response: { 201: ImportResult, ...problemResponses(401, 409, 413, 422) },
      },
      bodyLimit: IMPORT_BODY_LIMIT,
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      // Authenticated before the (large) body is read.
      onRequest: async (request) => {
        const header = request.headers.authorization ?? '';
        const presented = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
        if (!timingSafeEqual(digest(presented), expected))
          throw new UnauthorizedError('operator token required');
      },
    },
    async (request, reply) => reply.code(201).send(await importTenant(request.body as TenantMovePayload)),
  );
};
