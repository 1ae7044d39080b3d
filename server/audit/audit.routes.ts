/** `GET /v1/audit` and `GET /v1/audit/verify` (owner, admin). */
import type { FastifyPluginAsync } from 'fastify';
import { requireRole } from '../auth/request-auth';
import { ValidationError } from '../errors';
import { problemResponses } from '../http/route-docs';
import type { ZodTypeProvider } from '../http/zod-type-provider';
import type { AuditLog } from './audit-log.service';
import { AuditEventView, AuditPage, AuditQuery, AuditVerificationView } from './audit.schemas';

function decodeCursor(cursor: string | undefined): number | undefined {
  if (cursor === undefined) return undefined;
  const match = /^s:(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match)
    throw new ValidationError('invalid cursor', [
      { path: 'query.cursor', message: 'not a cursor from this list' },
    ]);
  return Number(match[1]);
}

export const auditRoutes: FastifyPluginAsync<{ audit: AuditLog }> = async (app, { audit }) => {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const managers = requireRole('owner', 'admin');

  routes.get(
    '/v1/audit',
    {
      schema: {
        summary: 'Security events in order, filtered by time and type (owner, admin)',
        tags: ['audit'],
        querystring: AuditQuery,
        response: { 200: AuditPage, ...problemResponses(401, 403, 422) },
      },
      preHandler: managers,
    },
    async (request) => {
      const { from, to, type, limit, cursor } = request.query;
      const rows = await audit.list(request.scope, {
        from: from ? new Date(from) : undefined,
        to: to ? new Date(to) : undefined,
        type,
        afterSeq: decodeCursor(cursor),
        limit: limit + 1,
      });
      const page = rows.slice(0, limit);
      return {
        items: page.map((row) => AuditEventView.parse({ ...row, at: new Date(row.at).toISOString() })),
        nextCursor: rows.length > limit ? Buffer.from(`s:${page.at(-1)!.seq}`).toString('base64url') : null,
      };
    },
  );

  routes.get(
    '/v1/audit/verify',
    {
      schema: {
        summary: "Verify the tenant's hash chain: ok, rows checked, the first row that fails",
        tags: ['audit'],
        response: { 200: AuditVerificationView, ...problemResponses(401, 403) },
      },
      preHandler: managers,
    },
    async (request) => audit.verify(request.scope),
  );
};
