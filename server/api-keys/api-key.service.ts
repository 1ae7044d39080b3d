/** API keys of a tenant: created by a signed-in owner or admin (audited), listed without secrets, revoked at once. */
import type { AuditLog } from '../audit/audit-log.service';
import { ApiKeyRepository } from '../auth/credential.repository';
import type { AuthContext } from '../auth/request-auth';
import type { TokenService } from '../auth/token.service';
import type { ApiKeyRow } from '../db/entities/platform.entities';
import type { TenantScope } from '../db/tenant-scope';
import { NotFoundError } from '../errors';
import { decodeOffsetCursor, encodeOffsetCursor } from '../users/offset-cursor';
import { actorOf } from '../users/user.service';
import type { ApiKeyView, CreateApiKeyBody } from './api-key.schemas';

function toView(row: ApiKeyRow): ApiKeyView {
  return {
    id: row.id,
    name: row.name,
    role: row.role as ApiKeyView['role'],
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    revokedAt: row.revokedAt ? row.revokedAt.toISOString() : null,
  };
}

export class ApiKeyService {
  constructor(
    private readonly tokens: Pick<TokenService, 'createApiKey'>,
    private readonly audit: AuditLog,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async create(
    scope: TenantScope,
    auth: AuthContext,
    userId: string,
    body: CreateApiKeyBody,
  ): Promise<{ id: string; key: string }> {
    const role = body.role ?? 'admin';
    return scope.transaction(async (tx) => {
      const created = await this.tokens.createApiKey(tx, { name: body.name, createdBy: userId, role });
      await this.audit.append(tx, {
        type: 'api_key.created',
        actorId: actorOf(auth),
        data: { keyId: created.id, name: body.name, role },
      });
      return created;
    });
  }

  async list(
    scope: TenantScope,
    query: { limit: number; cursor?: string },
  ): Promise<{ items: ApiKeyView[]; nextCursor: string | null }> {
    const offset = decodeOffsetCursor(query.cursor);
    const keys = await scope.transaction((tx) => tx.get(ApiKeyRepository).list());
    return {
      items: keys.slice(offset, offset + query.limit).map(toView),
      nextCursor: offset + query.limit < keys.length ? encodeOffsetCursor(offset + query.limit) : null,
    };
  }

  /** Revokes a key: the next request made with it is refused. Revoking a revoked key is a no-op. */
  async revoke(scope: TenantScope, auth: AuthContext, id: string): Promise<void> {
    await scope.transaction(async (tx) => {
      const keys = tx.get(ApiKeyRepository);
      if (!(await keys.findById(id))) throw new NotFoundError('API key not found');
      if (await keys.revoke(id, this.now())) {
        await this.audit.append(tx, { type: 'api_key.revoked', actorId: actorOf(auth), data: { keyId: id } });
      }
    });
  }
}
