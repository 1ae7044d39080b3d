/**
 * TypeORM entity schemas of the platform tables. Column types differ per store (uuid/timestamptz/jsonb
 * on PostgreSQL, varchar/datetime/simple-json on SQLite), so the schemas are built per dialect by
 * {@link platformEntities}; repositories refer to them by name (`ENTITY.user`).
 *
 * Every table's primary key, foreign keys and unique keys start with tenant_id (Citus-ready); the
 * migrations in ../migrations are the source of truth for the schema (no `synchronize`).
 */
import { EntitySchema } from 'typeorm';
import type { EntitySchemaColumnOptions } from 'typeorm';

export type Dialect = 'sqlite' | 'postgres';
export const ROLES = ['owner', 'admin', 'receptionist', 'staff'] as const;
export type Role = (typeof ROLES)[number];

/** Rows as repositories see them (camelCase properties). */
export interface TenantRow {
  tenantId: string;
  name: string;
  timeZone: string;
  region: string;
  status: 'active' | 'cancelled';
  /** The plan (server/tenants/plans.ts): whether connected calendars are included. */
  plan: string;
  createdAt: Date;
}
export interface UserRow {
  tenantId: string;
  id: string;
  name: string;
  /** Trimmed and lower-cased; unique across all tenants (see ../README.md). */
  email: string;
  passwordHash: string;
  role: Role;
  /** server/crypto envelope ciphertext of the TOTP secret, null when never enrolled. */
  mfaSecret: string | null;
  mfaEnabled: boolean;
  /** SHA-256/argon2 hashes of unused recovery codes. */
  mfaRecoveryHashes: string[] | null;
  createdAt: Date;
}
export interface LocationRow {
  tenantId: string;
  id: string;
  name: string;
  timeZone: string;
  openingHours: Record<string, [string, string][]>;
  createdAt: Date;
}
export interface AccessTokenRow {
  tenantId: string;
  id: string;
  userId: string;
  clientId: string;
  tokenHash: string;
  /** Refresh-token family the token was issued from (revoked together); null for direct issues. */
  familyId: string | null;
  expiresAt: Date;
  revokedAt: Date | null;
  createdAt: Date;
}
export interface RefreshTokenRow {
  tenantId: string;
  id: string;
  familyId: string;
  userId: string;
  clientId: string;
  tokenHash: string;
  expiresAt: Date;
  /** Set when the token was exchanged for a new pair (rotation). */
  spentAt: Date | null;
  revokedAt: Date | null;
  createdAt: Date;
}
export interface AuthorizationCodeRow {
  tenantId: string;
  id: string;
  codeHash: string;
  userId: string;
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  expiresAt: Date;
  usedAt: Date | null;
  createdAt: Date;
}
export interface ApiKeyRow {
  tenantId: string;
  id: string;
  name: string;
  keyHash: string;
  /** The role the key acts with (never owner: a key cannot cancel the account). */
  role: Role;
  createdBy: string;
  createdAt: Date;
  revokedAt: Date | null;
}

/** Entity names, for `manager.getRepository(ENTITY.user)`. */
export const ENTITY = {
  tenant: 'tenant',
  user: 'user',
  location: 'location',
  accessToken: 'access_token',
  refreshToken: 'refresh_token',
  authorizationCode: 'authorization_code',
  apiKey: 'api_key',
} as const;

/** Column type helpers per dialect. */
export function columnTypes(dialect: Dialect) {
  const pg = dialect === 'postgres';
  const col = (
    type: EntitySchemaColumnOptions['type'],
    name: string,
    extra: Partial<EntitySchemaColumnOptions> = {},
  ) => ({ type, name, ...extra }) satisfies EntitySchemaColumnOptions;
  return {
    tenantKey: (name = 'tenant_id') => col(pg ? 'uuid' : 'varchar', name, { primary: true }),
    idKey: (name = 'id') => col(pg ? 'uuid' : 'varchar', name, { primary: true }),
    uuid: (name: string, nullable = false) => col(pg ? 'uuid' : 'varchar', name, { nullable }),
    text: (name: string, nullable = false) => col('text', name, { nullable }),
    instant: (name: string, nullable = false) => col(pg ? 'timestamptz' : 'datetime', name, { nullable }),
    json: (name: string, nullable = false) => col(pg ? 'jsonb' : 'simple-json', name, { nullable }),
    bool: (name: string) => col('boolean', name),
    int: (name: string, primary = false) => col(pg ? 'bigint' : 'integer', name, { primary }),
  };
}

/** Builds the platform's entity schemas for one dialect. */
export function platformEntities(dialect: Dialect): EntitySchema[] {
  const c = columnTypes(dialect);
  return [
    new EntitySchema<TenantRow>({
      name: ENTITY.tenant,
      tableName: 'tenants',
      columns: {
        tenantId: c.tenantKey(),
        name: c.text('name'),
        timeZone: c.text('time_zone'),
        region: c.text('region'),
        status: c.text('status'),
        plan: c.text('plan'),
        createdAt: c.instant('created_at'),
      },
    }),
    new EntitySchema<UserRow>({
      name: ENTITY.user,
      tableName: 'users',
      columns: {
        tenantId: c.tenantKey(),
        id: c.idKey(),
        name: c.text('name'),
        email: c.text('email'),
        passwordHash: c.text('password_hash'),
        role: c.text('role'),
        mfaSecret: c.text('mfa_secret', true),
        mfaEnabled: c.bool('mfa_enabled'),
        mfaRecoveryHashes: c.json('mfa_recovery_hashes', true),
        createdAt: c.instant('created_at'),
      },
    }),
    new EntitySchema<LocationRow>({
      name: ENTITY.location,
      tableName: 'locations',
      columns: {
        tenantId: c.tenantKey(),
        id: c.idKey(),
        name: c.text('name'),
        timeZone: c.text('time_zone'),
        openingHours: c.json('opening_hours'),
        createdAt: c.instant('created_at'),
      },
    }),
    new EntitySchema<AccessTokenRow>({
      name: ENTITY.accessToken,
      tableName: 'access_tokens',
      columns: {
        tenantId: c.tenantKey(),
        id: c.idKey(),
        userId: c.uuid('user_id'),
        clientId: c.text('client_id'),
        tokenHash: c.text('token_hash'),
        familyId: c.uuid('family_id', true),
        expiresAt: c.instant('expires_at'),
        revokedAt: c.instant('revoked_at', true),
        createdAt: c.instant('created_at'),
      },
    }),
    new EntitySchema<RefreshTokenRow>({
      name: ENTITY.refreshToken,
      tableName: 'refresh_tokens',
      columns: {
        tenantId: c.tenantKey(),
        id: c.idKey(),
        familyId: c.uuid('family_id'),
        userId: c.uuid('user_id'),
        clientId: c.text('client_id'),
        tokenHash: c.text('token_hash'),
        expiresAt: c.instant('expires_at'),
        spentAt: c.instant('spent_at', true),
        revokedAt: c.instant('revoked_at', true),
        createdAt: c.instant('created_at'),
      },
    }),
    new EntitySchema<AuthorizationCodeRow>({
      name: ENTITY.authorizationCode,
      tableName: 'oauth_authorization_codes',
      columns: {
        tenantId: c.tenantKey(),
        id: c.idKey(),
        codeHash: c.text('code_hash'),
        userId: c.uuid('user_id'),
        clientId: c.text('client_id'),
        redirectUri: c.text('redirect_uri'),
        codeChallenge: c.text('code_challenge'),
        expiresAt: c.instant('expires_at'),
        usedAt: c.instant('used_at', true),
        createdAt: c.instant('created_at'),
      },
    }),
    new EntitySchema<ApiKeyRow>({
      name: ENTITY.apiKey,
      tableName: 'api_keys',
      columns: {
        tenantId: c.tenantKey(),
        id: c.idKey(),
        name: c.text('name'),
        keyHash: c.text('key_hash'),
        role: c.text('role'),
        createdBy: c.uuid('created_by'),
        createdAt: c.instant('created_at'),
        revokedAt: c.instant('revoked_at', true),
      },
    }),
  ];
}
