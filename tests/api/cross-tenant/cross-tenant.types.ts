/**
 * Shapes of the cross-tenant suite (../cross-tenant.test.ts). Each feature contributes a
 * `<feature>.cases.ts` in this folder exporting `crossTenantCases: CrossTenantCases`; the suite
 * loads every such file, so adding a route means adding (or extending) one file here.
 */
import type { LightMyRequestResponse } from 'fastify';
import type { Platform } from '../../../server/platform';
import type { SeededTenant } from '../../support/api';

/** A request to the app (`app.inject` options, with a bearer token). */
export interface CallOptions {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  payload?: unknown;
  headers?: Record<string, string>;
  /** Defaults to the owner's access token of the calling tenant. */
  token?: string;
}
export type Call = (options: CallOptions) => Promise<LightMyRequestResponse>;

/** Tenant A, the victim: its signup data plus the ids every `seed` added, by name. */
export interface Victim extends SeededTenant {
  ids: Record<string, string>;
}

export interface SeedContext {
  a: SeededTenant;
  platform: Platform;
  /** Calls the app as tenant A's owner (to create A's data through the API). */
  asA: Call;
}

export interface AttackContext {
  a: Victim;
  b: SeededTenant;
  /** Calls the app as tenant B (its owner's token unless `token` is given). */
  asB: Call;
}

export type Attack = (ctx: AttackContext) => Promise<LightMyRequestResponse>;

export type CrossTenantCase =
  /** A route that reads or writes no tenant data; the reason is the documentation. */
  | { public: string; attack?: Attack; expectStatus?: number }
  /**
   * B attacks with A's ids/filters; `expect` is what B must see: 404, an empty list (`items: []`),
   * B's own data (2xx), or a refusal (any 4xx, e.g. 422 for an unknown `tenantId` field).
   * In every case the response must contain none of A's identifiers and A's rows must not change.
   */
  | { attack: Attack; expect: 'not-found' | 'empty-list' | 'own-data' | 'refused' };

/** What a `<feature>.cases.ts` exports as `crossTenantCases`. */
export interface CrossTenantCases {
  /** Creates A's data the attacks aim at; returns its ids by name (merged into `a.ids`). */
  seed?: (ctx: SeedContext) => Promise<Record<string, string>>;
  /** One entry per `METHOD /path` of the OpenAPI document (path as OpenAPI writes it: `/v1/x/{id}`). */
  cases: Record<string, CrossTenantCase>;
}
