/**
 * The token side of the OAuth 2.1 authorization server: authorization codes (single use, ≤ 60 s,
 * bound to client, redirect URI and PKCE challenge), the code and refresh-token grants, rotation with
 * reuse detection, and revocation (RFC 7009).
 *
 * Families: tokens issued from one authorization code form a family whose id is the code's id, so a
 * replayed code revokes what it produced. Each refresh spends the presented token and issues a new
 * pair in the family. Presenting a spent token again revokes the whole family (`token.reuse_detected`)
 * except for an immediate retry: the latest spent token, presented again within the grace window (the
 * client lost the response), is answered with the pair already issued for it — never a second branch,
 * so the rightful holder of that pair keeps working — and the replay is recorded
 * (`token.reuse_detected` with `withinGrace: true`). The successor secrets are derived from the
 * presented secret with a server key (HMAC), so they can be given again without storing them; only
 * someone holding both the presented secret and the key can compute them.
 */
import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import type { AuditLog } from '../audit/audit-log.service';
import {
  AccessTokenRepository,
  AuthorizationCodeRepository,
  RefreshTokenRepository,
} from '../auth/credential.repository';
import { hashSecret, SECRET_PREFIX } from '../auth/secret-token';
import type { MasterKeyring } from '../crypto/master-key.keyring';
import type { TokenService } from '../auth/token.service';
import type { GlobalLookups } from '../db/global-lookups';
import type { TenantScopes, TenantTransaction } from '../db/tenant-scope';
import { OAuthError } from './oauth.errors';
import { OAuthTokenRepository } from './oauth-token.repository';
import { verifierMatches } from './pkce';
import { SignInFormUseRepository } from './sign-in-form-use.repository';

/** The token endpoint's success body (RFC 6749 §5.1). */
export interface TokenResponse {
  access_token: string;
  refresh_token: string;
  token_type: 'Bearer';
  expires_in: number;
}

/** How long after a rotation the same refresh token may be retried without counting as reuse. */
export const DEFAULT_REFRESH_GRACE_SECONDS = 10;

type Outcome = { ok: true; tokens: TokenResponse } | { ok: false; error: OAuthError };

/** A per-process key, for services built without a keyring (tests): retries then work on this instance only. */
const randomKey = (): Buffer => randomBytes(32);

const invalidGrant = (description: string): Outcome => ({
  ok: false,
  error: new OAuthError('invalid_grant', description),
});

export class OAuthTokenService {
  constructor(
    private readonly lookups: Pick<GlobalLookups, 'findTenantOfSecret' | 'findCredential'>,
    private readonly scopes: TenantScopes,
    private readonly tokens: TokenService,
    private readonly audit: AuditLog,
    private readonly options: { refreshGraceSeconds?: number; now?: () => Date; successorKey?: Buffer } = {},
  ) {
    this.#successorKey = options.successorKey ?? randomKey();
  }

  readonly #successorKey: Buffer;

  /** The key that derives a rotation's successor secrets, from the keyring's active master key (HKDF). */
  static successorKeyFrom(keyring: Pick<MasterKeyring, 'activeKeyId' | 'keyFor'>): Buffer {
    const master = keyring.keyFor(keyring.activeKeyId)!;
    return Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'bookdesk/refresh-successor', 32));
  }

  /** The access and refresh secrets that rotating `presented` issues (the same on every instance). */
  private successorSecrets(presented: string): { access: string; refresh: string } {
    const derive = (purpose: string) =>
      createHmac('sha256', this.#successorKey).update(`${purpose}\n${presented}`).digest('base64url');
    return {
      access: SECRET_PREFIX.accessToken + derive('access'),
      refresh: SECRET_PREFIX.refreshToken + derive('refresh'),
    };
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  /**
   * Issues an authorization code for a signed-in user (stored hashed); returns the code. With `form`
   * (the sign-in form's token), the form is used up in the same transaction: null when it had already
   * produced a code (a served form signs in once).
   */
  async issueCode(
    tenantId: string,
    input: { userId: string; clientId: string; redirectUri: string; codeChallenge: string },
    form?: { token: string; expiresAt: Date },
  ): Promise<string | null> {
    return this.scopes.forTenant(tenantId).transaction(async (tx) => {
      if (
        form &&
        !(await tx.get(SignInFormUseRepository).consume(hashSecret(form.token), form.expiresAt, this.now()))
      )
        return null;
      return (await this.tokens.issueAuthorizationCode(tx, input)).secret;
    });
  }

  /** `grant_type=authorization_code`. A code redeems once: any attempt, right or wrong, uses it up. */
  async exchangeCode(input: {
    code: string;
    redirectUri: string;
    clientId: string;
    codeVerifier: string;
  }): Promise<TokenResponse> {
    const hash = hashSecret(input.code);
    const tenantId = await this.lookups.findTenantOfSecret('authorization_code', hash);
    if (!tenantId) throw new OAuthError('invalid_grant', 'the authorization code is invalid');
    const outcome = await this.scopes.forTenant(tenantId).transaction(async (tx): Promise<Outcome> => {
      const codes = tx.get(AuthorizationCodeRepository);
      const code = await codes.findByHash(hash);
      if (!code) return invalidGrant('the authorization code is invalid');
      const now = this.now();
      if (!(await codes.markUsed(code.id, now))) {
        // OAuth 2.1 §4.1.3: a replayed code revokes the tokens it was exchanged for.
        await this.tokens.revokeFamily(tx, code.id);
        return invalidGrant('the authorization code was already used');
      }
      if (code.expiresAt.getTime() <= now.getTime()) return invalidGrant('the authorization code expired');
      if (code.clientId !== input.clientId)
        return invalidGrant('the authorization code was issued to another client');
      if (code.redirectUri !== input.redirectUri)
        return invalidGrant('redirect_uri does not match the authorization request');
      if (!verifierMatches(input.codeVerifier, code.codeChallenge))
        return invalidGrant('code_verifier does not match the code challenge');
      return {
        ok: true,
        tokens: await this.issuePair(tx, { userId: code.userId, clientId: code.clientId, familyId: code.id }),
      };
    });
    if (!outcome.ok) throw outcome.error;
    return outcome.tokens;
  }

  /** `grant_type=refresh_token`: rotates the token (see the class comment for reuse and retries). */
  async refresh(input: { refreshToken: string; clientId?: string }): Promise<TokenResponse> {
    const hash = hashSecret(input.refreshToken);
    const tenantId = await this.lookups.findTenantOfSecret('refresh_token', hash);
    if (!tenantId) throw new OAuthError('invalid_grant', 'the refresh token is invalid');
    const scope = this.scopes.forTenant(tenantId);
    const outcome = await scope.transaction(async (tx): Promise<Outcome> => {
      const refreshTokens = tx.get(RefreshTokenRepository);
      let token = await refreshTokens.findByHash(hash);
      const now = this.now();
      if (!token || token.revokedAt) return invalidGrant('the refresh token is invalid');
      if (input.clientId !== undefined && token.clientId !== input.clientId) {
        return invalidGrant('the refresh token was issued to another client');
      }
      if (token.expiresAt.getTime() <= now.getTime()) return invalidGrant('the refresh token expired');
      const pair = { userId: token.userId, clientId: token.clientId, familyId: token.familyId };
      const successor = this.successorSecrets(input.refreshToken);
      if (!token.spentAt && (await refreshTokens.markSpent(token.id, now))) {
        return { ok: true, tokens: await this.issuePair(tx, pair, now, successor) };
      }
      // Spent: by an earlier request, or by a concurrent one that committed first.
      token = (await tx.get(OAuthTokenRepository).findRefreshById(token.id))!;
      const family = await tx.get(OAuthTokenRepository).family(token.familyId);
      const spentAt = token.spentAt!.getTime();
      const latestSpent = family.every((other) => !other.spentAt || other.spentAt.getTime() <= spentAt);
      const withinGrace =
        now.getTime() - spentAt <= (this.options.refreshGraceSeconds ?? DEFAULT_REFRESH_GRACE_SECONDS) * 1000;
      if (latestSpent && withinGrace) {
        // An immediate retry (or a replay) gets the pair already issued, never a second branch.
        const reuse = {
          actorId: token.userId,
          data: { familyId: token.familyId, clientId: token.clientId, withinGrace: true },
        };
        const issued = await this.findIssuedPair(tx, successor, now);
        await this.audit.append(tx, { type: 'token.reuse_detected', ...reuse });
        if (issued) return { ok: true, tokens: issued };
        return invalidGrant('the refresh token was already used');
      }
      await this.tokens.revokeFamily(tx, token.familyId);
      await this.audit.append(tx, {
        type: 'token.reuse_detected',
        actorId: token.userId,
        data: { familyId: token.familyId, clientId: token.clientId },
      });
      return invalidGrant('the refresh token was already used; its sign-in has been revoked');
    });
    if (!outcome.ok) throw outcome.error;
    return outcome.tokens;
  }

  /**
   * RFC 7009: revokes a refresh token (with its whole family) or an access token. Unknown, expired or
   * already revoked tokens, and tokens of another client, are silently ignored (the caller sees 200).
   */
  async revoke(input: { token: string; clientId?: string; tokenTypeHint?: string }): Promise<void> {
    const hash = hashSecret(input.token);
    const refreshTenant = await this.lookups.findTenantOfSecret('refresh_token', hash);
    if (refreshTenant) {
      await this.scopes.forTenant(refreshTenant).transaction(async (tx) => {
        const token = await tx.get(RefreshTokenRepository).findByHash(hash);
        if (token && (input.clientId === undefined || token.clientId === input.clientId)) {
          await this.tokens.revokeFamily(tx, token.familyId);
        }
      });
      return;
    }
    const credential = await this.lookups.findCredential(hash);
    if (credential?.kind !== 'access_token') return;
    await this.scopes.forTenant(credential.tenantId).transaction(async (tx) => {
      const accessTokens = tx.get(AccessTokenRepository);
      const token = await accessTokens.findById(credential.credentialId);
      if (token && (input.clientId === undefined || token.clientId === input.clientId)) {
        await accessTokens.revoke(token.id, this.now());
      }
    });
  }

  /** The still-live pair issued for a rotation (derived secrets), or null when it is gone. */
  private async findIssuedPair(
    tx: TenantTransaction,
    secrets: { access: string; refresh: string },
    now: Date,
  ): Promise<TokenResponse | null> {
    const refresh = await tx.get(RefreshTokenRepository).findByHash(hashSecret(secrets.refresh));
    const access = await tx.get(AccessTokenRepository).findByHash(hashSecret(secrets.access));
    const live = (row: { revokedAt: Date | null; expiresAt: Date } | null) =>
      row !== null && !row.revokedAt && row.expiresAt.getTime() > now.getTime();
    if (!live(refresh) || refresh!.spentAt || !live(access)) return null;
    return {
      access_token: secrets.access,
      refresh_token: secrets.refresh,
      token_type: 'Bearer',
      expires_in: Math.max(0, Math.round((access!.expiresAt.getTime() - now.getTime()) / 1000)),
    };
  }

  private async issuePair(
    tx: TenantTransaction,
    input: { userId: string; clientId: string; familyId: string },
    now = this.now(),
    secrets?: { access: string; refresh: string },
  ): Promise<TokenResponse> {
    const access = await this.tokens.issueAccessToken(tx, { ...input, secret: secrets?.access });
    const refresh = await this.tokens.issueRefreshToken(tx, { ...input, secret: secrets?.refresh });
    return {
      access_token: access.secret,
      refresh_token: refresh.secret,
      token_type: 'Bearer',
      expires_in: Math.max(0, Math.round((access.expiresAt.getTime() - now.getTime()) / 1000)),
    };
  }
}
