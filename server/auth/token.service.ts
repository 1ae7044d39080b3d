/**
 * Primitives for issuing bearer credentials, used by signup/test helpers now and by the OAuth 2.1
 * flow and API-key routes later. They take the caller's TenantTransaction so that issuing, rotating
 * and revoking compose atomically inside one transaction of the credential's tenant.
 */
import { randomUUID } from 'node:crypto';
import type { Role } from '../db/entities/platform.entities';
import type { TenantTransaction } from '../db/tenant-scope';
import {
  AccessTokenRepository,
  ApiKeyRepository,
  AuthorizationCodeRepository,
  RefreshTokenRepository,
} from './credential.repository';
import { generateSecret, hashSecret } from './secret-token';
import type { SecretType } from './secret-token';

/** A caller-derived secret (refresh rotation derives the successor, see OAuthTokenService) or a fresh one. */
function givenOrGenerated(type: SecretType, secret: string | undefined): { secret: string; hash: string } {
  return secret === undefined ? generateSecret(type) : { secret, hash: hashSecret(secret) };
}

/** Lifetimes of issued credentials. */
export interface TokenLifetimes {
  /** Access tokens: short (≤ 15 min per issue 3). */
  accessTokenSeconds: number;
  refreshTokenSeconds: number;
  authorizationCodeSeconds: number;
}

export const DEFAULT_TOKEN_LIFETIMES: TokenLifetimes = {
  accessTokenSeconds: 15 * 60,
  refreshTokenSeconds: 30 * 24 * 3600,
  authorizationCodeSeconds: 60,
};

/** A freshly issued secret; `secret` is shown to the client once and never stored. */
export interface IssuedSecret {
  id: string;
  secret: string;
  expiresAt: Date;
}

export class TokenService {
  constructor(
    private readonly lifetimes: TokenLifetimes = DEFAULT_TOKEN_LIFETIMES,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** A new access token for `userId` (optionally bound to a refresh-token family). */
  async issueAccessToken(
    tx: TenantTransaction,
    input: { userId: string; clientId: string; familyId?: string; ttlSeconds?: number; secret?: string },
  ): Promise<IssuedSecret> {
    const { secret, hash } = givenOrGenerated('accessToken', input.secret);
    const createdAt = this.now();
    const expiresAt = new Date(
      createdAt.getTime() + (input.ttlSeconds ?? this.lifetimes.accessTokenSeconds) * 1000,
    );
    const id = randomUUID();
    await tx.get(AccessTokenRepository).create({
      id,
      userId: input.userId,
      clientId: input.clientId,
      tokenHash: hash,
      familyId: input.familyId ?? null,
      expiresAt,
      revokedAt: null,
      createdAt,
    });
    return { id, secret, expiresAt };
  }

  /** A new refresh token; a new family unless `familyId` continues a rotation. */
  async issueRefreshToken(
    tx: TenantTransaction,
    input: { userId: string; clientId: string; familyId?: string; secret?: string },
  ): Promise<IssuedSecret & { familyId: string }> {
    const { secret, hash } = givenOrGenerated('refreshToken', input.secret);
    const createdAt = this.now();
    const expiresAt = new Date(createdAt.getTime() + this.lifetimes.refreshTokenSeconds * 1000);
    const id = randomUUID();
    const familyId = input.familyId ?? randomUUID();
    await tx.get(RefreshTokenRepository).create({
      id,
      familyId,
      userId: input.userId,
      clientId: input.clientId,
      tokenHash: hash,
      expiresAt,
      spentAt: null,
      revokedAt: null,
      createdAt,
    });
    return { id, secret, expiresAt, familyId };
  }

  /** A one-time authorization code bound to the PKCE challenge and redirect URI. */
  async issueAuthorizationCode(
    tx: TenantTransaction,
    input: { userId: string; clientId: string; redirectUri: string; codeChallenge: string },
  ): Promise<IssuedSecret> {
    const { secret, hash } = generateSecret('authorizationCode');
    const createdAt = this.now();
    const expiresAt = new Date(createdAt.getTime() + this.lifetimes.authorizationCodeSeconds * 1000);
    const id = randomUUID();
    await tx
      .get(AuthorizationCodeRepository)
      .create({ id, codeHash: hash, ...input, expiresAt, usedAt: null, createdAt });
    return { id, secret, expiresAt };
  }

  /** A new API key acting with `role` (an owner's key gets admin: keys cannot cancel the account). */
  async createApiKey(
    tx: TenantTransaction,
    input: { name: string; createdBy: string; role: Role },
  ): Promise<{ id: string; key: string }> {
    const { secret, hash } = generateSecret('apiKey');
    const id = randomUUID();
    await tx.get(ApiKeyRepository).create({
      id,
      name: input.name,
      keyHash: hash,
      role: input.role === 'owner' ? 'admin' : input.role,
      createdBy: input.createdBy,
      createdAt: this.now(),
      revokedAt: null,
    });
    return { id, key: secret };
  }

  /** Revokes a refresh-token family and the access tokens issued from it (reuse detection). */
  async revokeFamily(tx: TenantTransaction, familyId: string): Promise<void> {
    const at = this.now();
    await tx.get(RefreshTokenRepository).revokeFamily(familyId, at);
    await tx.get(AccessTokenRepository).revokeFamily(familyId, at);
  }

  /** Revokes every token and key of the tenant (account cancellation). */
  async revokeEverything(tx: TenantTransaction): Promise<void> {
    const at = this.now();
    await tx.get(AccessTokenRepository).revokeAll(at);
    await tx.get(RefreshTokenRepository).revokeAll(at);
    await tx.get(ApiKeyRepository).revokeAll(at);
  }
}
