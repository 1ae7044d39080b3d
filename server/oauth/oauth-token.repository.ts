/** Refresh-token families and their access tokens, for rotation with reuse detection. */
import { IsNull, Not } from 'typeorm';
import type { AccessTokenRow, RefreshTokenRow } from '../db/entities/platform.entities';
import { ENTITY } from '../db/entities/platform.entities';
import { ScopedRepository } from '../db/scoped-repository';

export class OAuthTokenRepository extends ScopedRepository {
  private readonly refreshTokens = this.table<RefreshTokenRow>(ENTITY.refreshToken);
  private readonly accessTokens = this.table<AccessTokenRow>(ENTITY.accessToken);

  findRefreshById(id: string): Promise<RefreshTokenRow | null> {
    return this.refreshTokens.findOne({ id });
  }

  /** Every refresh token of a family (a family is one sign-in's chain of rotations). */
  family(familyId: string): Promise<RefreshTokenRow[]> {
    return this.refreshTokens.find({ familyId }, { order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** Revokes the refresh tokens of a family that were neither spent nor revoked yet. */
  revokeLiveRefreshTokens(familyId: string, at: Date): Promise<number> {
    return this.refreshTokens.update({ familyId, spentAt: IsNull(), revokedAt: IsNull() }, { revokedAt: at });
  }

  /** Revokes the family's unrevoked access tokens issued at or after `since`. */
  async revokeAccessTokensSince(familyId: string, since: Date, at: Date): Promise<number> {
    const live = await this.accessTokens.find({ familyId, revokedAt: IsNull() });
    let revoked = 0;
    for (const token of live.filter((row) => row.createdAt.getTime() >= since.getTime())) {
      revoked += await this.accessTokens.update({ id: token.id, revokedAt: IsNull() }, { revokedAt: at });
    }
    return revoked;
  }

  /** Ends every sign-in of a user except the request's own access token; returns how many tokens went. */
  async revokeOtherSessions(userId: string, keepAccessTokenId: string, at: Date): Promise<number> {
    const refresh = await this.refreshTokens.update({ userId, revokedAt: IsNull() }, { revokedAt: at });
    const access = await this.accessTokens.update(
      { userId, id: Not(keepAccessTokenId), revokedAt: IsNull() },
      { revokedAt: at },
    );
    return refresh + access;
  }
}
