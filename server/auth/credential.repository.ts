/**
 * Stored credentials of the scope's tenant: access and refresh tokens, authorization codes, API
 * keys. Rows hold only SHA-256 hashes of the secrets (server/auth/secret-token.ts).
 */
import { IsNull } from 'typeorm';
import type {
  AccessTokenRow,
  ApiKeyRow,
  AuthorizationCodeRow,
  RefreshTokenRow,
} from '../db/entities/platform.entities';
import { ENTITY } from '../db/entities/platform.entities';
import { ScopedRepository } from '../db/scoped-repository';

export class AccessTokenRepository extends ScopedRepository {
  private readonly tokens = this.table<AccessTokenRow>(ENTITY.accessToken);

  async create(row: Omit<AccessTokenRow, 'tenantId'>): Promise<void> {
    await this.tokens.insert(row);
  }

  findById(id: string): Promise<AccessTokenRow | null> {
    return this.tokens.findOne({ id });
  }

  findByHash(tokenHash: string): Promise<AccessTokenRow | null> {
    return this.tokens.findOne({ tokenHash });
  }

  /** Revokes one token; false when absent or already revoked. */
  async revoke(id: string, at: Date): Promise<boolean> {
    return (await this.tokens.update({ id, revokedAt: IsNull() }, { revokedAt: at })) > 0;
  }

  async revokeFamily(familyId: string, at: Date): Promise<number> {
    return this.tokens.update({ familyId, revokedAt: IsNull() }, { revokedAt: at });
  }

  async revokeAllOfUser(userId: string, at: Date): Promise<number> {
    return this.tokens.update({ userId, revokedAt: IsNull() }, { revokedAt: at });
  }

  async revokeAll(at: Date): Promise<number> {
    return this.tokens.update({ revokedAt: IsNull() }, { revokedAt: at });
  }
}

export class RefreshTokenRepository extends ScopedRepository {
  private readonly tokens = this.table<RefreshTokenRow>(ENTITY.refreshToken);

  async create(row: Omit<RefreshTokenRow, 'tenantId'>): Promise<void> {
    await this.tokens.insert(row);
  }

  findByHash(tokenHash: string): Promise<RefreshTokenRow | null> {
    return this.tokens.findOne({ tokenHash });
  }

  /** Marks a token spent (rotated); false if it already was, so two concurrent rotations cannot both win. */
  async markSpent(id: string, at: Date): Promise<boolean> {
    return (await this.tokens.update({ id, spentAt: IsNull() }, { spentAt: at })) > 0;
  }

  async revokeFamily(familyId: string, at: Date): Promise<number> {
    return this.tokens.update({ familyId, revokedAt: IsNull() }, { revokedAt: at });
  }

  async revokeAll(at: Date): Promise<number> {
    return this.tokens.update({ revokedAt: IsNull() }, { revokedAt: at });
  }
}

export class AuthorizationCodeRepository extends ScopedRepository {
  private readonly codes = this.table<AuthorizationCodeRow>(ENTITY.authorizationCode);

  async create(row: Omit<AuthorizationCodeRow, 'tenantId'>): Promise<void> {
    await this.codes.insert(row);
  }

  findByHash(codeHash: string): Promise<AuthorizationCodeRow | null> {
    return this.codes.findOne({ codeHash });
  }

  /** Marks a code used; false when it already was (a code redeems once). */
  async markUsed(id: string, at: Date): Promise<boolean> {
    return (await this.codes.update({ id, usedAt: IsNull() }, { usedAt: at })) > 0;
  }
}

export class ApiKeyRepository extends ScopedRepository {
  private readonly keys = this.table<ApiKeyRow>(ENTITY.apiKey);

  async create(row: Omit<ApiKeyRow, 'tenantId'>): Promise<void> {
    await this.keys.insert(row);
  }

  findById(id: string): Promise<ApiKeyRow | null> {
    return this.keys.findOne({ id });
  }

  list(): Promise<ApiKeyRow[]> {
    return this.keys.find({}, { order: { createdAt: 'ASC', id: 'ASC' } });
  }

  async revoke(id: string, at: Date): Promise<boolean> {
    return (await this.keys.update({ id, revokedAt: IsNull() }, { revokedAt: at })) > 0;
  }

  async revokeAll(at: Date): Promise<number> {
    return this.keys.update({ revokedAt: IsNull() }, { revokedAt: at });
  }
}
