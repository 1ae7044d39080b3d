/**
 * A fake Microsoft identity platform (v2.0 endpoints) and Microsoft Graph calendarView delta, over
 * HTTPS with a test CA because MSAL refuses http authorities. Speaks the published formats:
 * OpenID metadata, instance discovery, form-encoded token requests answered with
 * access/refresh/id tokens and client_info (AADSTS errors with `invalid_grant`), and Graph event
 * resources paged by `@odata.nextLink` and closed by `@odata.deltaLink`, deletions as `@removed`,
 * throttling as 429 + Retry-After. Events carry bodies, attendees and locations, as Graph would send
 * them, so tests prove the adapter drops them.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  aadError,
  inUtc,
  json,
  overlaps,
  withDefaults,
  type GraphEventResource,
} from './microsoft-graph-events';
import { readForm } from './net';
import { createTestCertificates } from './test-ca';

export type { GraphEventResource } from './microsoft-graph-events';

interface Stored {
  event: GraphEventResource;
  seq: number;
  removed: boolean;
}

interface Cursor {
  from: number;
  to: number;
  since: number;
  upTo: number;
  offset: number;
}

export class FakeMicrosoft365 {
  readonly tenantId = randomUUID();
  readonly clientId = randomUUID();
  readonly clientSecret = 'test~secret';
  readonly caPem: string;
  /** Graph and token requests seen, with the time they arrived. */
  readonly requests: { at: number; method: string; url: URL; grantType?: string; prefer?: string }[] = [];
  accessTokenSeconds = 3600;
  private server?: Server;
  private base = '';
  private seq = 0;
  private readonly events = new Map<string, Stored>();
  private readonly deltaTokens = new Map<string, Omit<Cursor, 'offset' | 'upTo'>>();
  private readonly accessTokens = new Map<string, { refreshToken: string; expiresAt: number }>();
  private readonly refreshTokens = new Map<string, { revoked: boolean }>();
  private readonly codes = new Map<string, { challenge: string; redirectUri: string }>();
  private readonly failures: { status: number; retryAfter?: string }[] = [];
  private readonly oid = randomUUID();

  constructor() {
    this.caPem = createTestCertificates().caPem;
  }

  async start(): Promise<this> {
    const { certPem, keyPem } = createTestCertificates();
    this.server = createServer({ cert: certPem, key: keyPem }, (req, res) => {
      this.handle(req, res).catch((error: unknown) =>
        json(res, 500, { error: { code: 'InternalServerError', message: String(error) } }),
      );
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.base = `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  get authority(): string {
    return `${this.base}/${this.tenantId}`;
  }

  get graphBase(): string {
    return `${this.base}/v1.0`;
  }

  putEvent(event: GraphEventResource): void {
    this.events.set(event.id, { event: withDefaults(event), seq: ++this.seq, removed: false });
  }

  deleteEvent(id: string): void {
    const stored = this.events.get(id);
    if (!stored) throw new Error(`no event ${id}`);
    this.events.set(id, { ...stored, seq: ++this.seq, removed: true });
  }

  /** The next `count` Graph calls are throttled/failing with `status` (and Retry-After seconds). */
  failNext(count: number, status: number, retryAfter?: string): void {
    for (let i = 0; i < count; i++) this.failures.push({ status, retryAfter });
  }

  /** Makes every delta token issued so far answer 410 Gone (sync state lost at Exchange). */
  invalidateDeltaTokens(): void {
    this.deltaTokens.clear();
  }

  /** The user (or an admin) revokes the app's sessions: refresh tokens answer invalid_grant. */
  revokeAll(): void {
    for (const grant of this.refreshTokens.values()) grant.revoked = true;
    for (const token of this.accessTokens.values()) token.expiresAt = 0;
  }

  /** The user consents at `authorizeUrl`; returns the code the redirect would carry. */
  approve(authorizeUrl: string): { code: string; state: string | null } {
    const q = new URL(authorizeUrl).searchParams;
    if (!authorizeUrl.startsWith(`${this.authority}/oauth2/v2.0/authorize`))
      throw new Error('wrong authorize endpoint');
    if (q.get('client_id') !== this.clientId) throw new Error('AADSTS700016: application not found');
    if (q.get('code_challenge_method') !== 'S256' || !q.get('code_challenge'))
      throw new Error('PKCE S256 required');
    const code = `0.A${randomBytes(24).toString('base64url')}`;
    this.codes.set(code, { challenge: q.get('code_challenge')!, redirectUri: q.get('redirect_uri') ?? '' });
    return { code, state: q.get('state') };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.base);
    const path = url.pathname;
    if (path === `/${this.tenantId}/v2.0/.well-known/openid-configuration`)
      return json(res, 200, this.openIdConfiguration());
    if (path === '/common/discovery/instance') {
      const host = new URL(this.base).host;
      return json(res, 200, {
        tenant_discovery_endpoint: `${this.authority}/v2.0/.well-known/openid-configuration`,
        'api-version': '1.1',
        metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
      });
    }
    if (req.method === 'POST' && path === `/${this.tenantId}/oauth2/v2.0/token`)
      return this.token(req, res, url);
    if (req.method === 'GET' && path === '/v1.0/me/calendarView/delta') return this.delta(req, res, url);
    json(res, 404, { error: { code: 'ResourceNotFound', message: 'Resource not found.' } });
  }

  private openIdConfiguration() {
    const t = this.authority;
    return {
      token_endpoint: `${t}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      jwks_uri: `${t}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: `${t}/v2.0`,
      request_uri_parameter_supported: false,
      userinfo_endpoint: `${this.base}/oidc/userinfo`,
      authorization_endpoint: `${t}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${t}/oauth2/v2.0/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${t}/oauth2/v2.0/logout`,
      claims_supported: [
        'sub',
        'iss',
        'aud',
        'exp',
        'iat',
        'nonce',
        'preferred_username',
        'name',
        'tid',
        'ver',
        'oid',
      ],
      kerberos_endpoint: `${t}/kerberos`,
      tenant_region_scope: 'EU',
      cloud_instance_name: 'microsoftonline.com',
      cloud_graph_host_name: 'graph.windows.net',
      msgraph_host: 'graph.microsoft.com',
      rbac_url: 'https://pas.windows.net',
    };
  }

  private async token(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const form = await readForm(req);
    const grantType = form.get('grant_type') ?? undefined;
    this.requests.push({ at: Date.now(), method: 'POST', url, grantType });
    if (form.get('client_id') !== this.clientId || form.get('client_secret') !== this.clientSecret) {
      return aadError(res, 401, 'invalid_client', 'AADSTS7000215: Invalid client secret provided.', 7000215);
    }
    let refreshToken: string;
    if (grantType === 'authorization_code') {
      const code = this.codes.get(form.get('code') ?? '');
      this.codes.delete(form.get('code') ?? '');
      const challenge = createHash('sha256')
        .update(form.get('code_verifier') ?? '')
        .digest('base64url');
      if (!code || code.challenge !== challenge || code.redirectUri !== form.get('redirect_uri')) {
        return aadError(
          res,
          400,
          'invalid_grant',
          'AADSTS70000: The provided authorization code or refresh token has expired or is invalid.',
          70000,
        );
      }
      refreshToken = `0.AR${randomBytes(24).toString('base64url')}`;
      this.refreshTokens.set(refreshToken, { revoked: false });
    } else if (grantType === 'refresh_token') {
      refreshToken = form.get('refresh_token') ?? '';
      if (this.refreshTokens.get(refreshToken)?.revoked !== false) {
        return aadError(
          res,
          400,
          'invalid_grant',
          'AADSTS50173: The provided grant has expired due to it being revoked.',
          50173,
        );
      }
    } else {
      return aadError(
        res,
        400,
        'unsupported_grant_type',
        'AADSTS70003: The app requested an unsupported grant type.',
        70003,
      );
    }
    const accessToken = `eyJ0eXAiOiJKV1Qi.${randomBytes(24).toString('base64url')}`;
    this.accessTokens.set(accessToken, {
      refreshToken,
      expiresAt: Date.now() + this.accessTokenSeconds * 1000,
    });
    json(res, 200, {
      token_type: 'Bearer',
      scope: 'Calendars.ReadBasic openid profile',
      expires_in: this.accessTokenSeconds,
      ext_expires_in: this.accessTokenSeconds,
      access_token: accessToken,
      refresh_token: refreshToken,
      id_token: this.idToken(),
      client_info: Buffer.from(JSON.stringify({ uid: this.oid, utid: this.tenantId })).toString('base64url'),
    });
  }

  private idToken(): string {
    const now = Math.floor(Date.now() / 1000);
    const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    return [
      part({ typ: 'JWT', alg: 'RS256', kid: 'test-key' }),
      part({
        aud: this.clientId,
        iss: `${this.authority}/v2.0`,
        iat: now,
        nbf: now,
        exp: now + 3600,
        name: 'Stylist',
        oid: this.oid,
        preferred_username: 'stylist@contoso.example',
        sub: randomBytes(16).toString('base64url'),
        tid: this.tenantId,
        ver: '2.0',
      }),
      'c2lnbmF0dXJl',
    ].join('.');
  }

  private delta(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const prefer = String(req.headers.prefer ?? '');
    this.requests.push({ at: Date.now(), method: 'GET', url, prefer });
    const failure = this.failures.shift();
    if (failure) {
      const headers = failure.retryAfter ? { 'retry-after': failure.retryAfter } : undefined;
      return json(
        res,
        failure.status,
        { error: { code: 'TooManyRequests', message: 'Please retry again later.' } },
        headers,
      );
    }
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const access = bearer ? this.accessTokens.get(bearer) : undefined;
    if (!access || access.expiresAt <= Date.now()) {
      return json(res, 401, {
        error: {
          code: 'InvalidAuthenticationToken',
          message: 'Access token has expired or is not yet valid.',
        },
      });
    }
    const q = url.searchParams;
    let cursor: Cursor;
    if (q.has('$skiptoken')) {
      cursor = JSON.parse(Buffer.from(q.get('$skiptoken')!, 'base64url').toString('utf8')) as Cursor;
    } else if (q.has('$deltatoken')) {
      const known = this.deltaTokens.get(q.get('$deltatoken')!);
      if (!known)
        return json(res, 410, {
          error: { code: 'SyncStateNotFound', message: 'The sync state generation is not found.' },
        });
      cursor = { ...known, upTo: this.seq, offset: 0 };
    } else {
      const from = Date.parse(q.get('startDateTime') ?? '');
      const to = Date.parse(q.get('endDateTime') ?? '');
      if (Number.isNaN(from) || Number.isNaN(to)) {
        return json(res, 400, {
          error: { code: 'ErrorInvalidParameter', message: 'startDateTime and endDateTime are required.' },
        });
      }
      cursor = { from, to, since: -1, upTo: this.seq, offset: 0 };
    }
    const pageSize = Number(/odata\.maxpagesize=(\d+)/.exec(prefer)?.[1] ?? 10);
    const utc = /outlook\.timezone="UTC"/.test(prefer);
    const matching = [...this.events.values()]
      .filter((s) => s.seq > cursor.since && s.seq <= cursor.upTo)
      .filter((s) => (cursor.since < 0 ? !s.removed : true))
      .filter((s) => s.removed || overlaps(s.event, cursor.from, cursor.to))
      .sort((a, b) => a.seq - b.seq);
    const value = matching
      .slice(cursor.offset, cursor.offset + pageSize)
      .map((s) =>
        s.removed
          ? { '@odata.type': '#microsoft.graph.event', id: s.event.id, '@removed': { reason: 'deleted' } }
          : utc
            ? inUtc(s.event)
            : s.event,
      );
    const body: Record<string, unknown> = {
      '@odata.context': `${this.graphBase}/$metadata#Collection(event)`,
      value,
    };
    if (cursor.offset + pageSize < matching.length) {
      const next = Buffer.from(JSON.stringify({ ...cursor, offset: cursor.offset + pageSize })).toString(
        'base64url',
      );
      body['@odata.nextLink'] = `${this.graphBase}/me/calendarView/delta?$skiptoken=${next}`;
    } else {
      const token = randomBytes(18).toString('base64url');
      this.deltaTokens.set(token, { from: cursor.from, to: cursor.to, since: cursor.upTo });
      body['@odata.deltaLink'] = `${this.graphBase}/me/calendarView/delta?$deltatoken=${token}`;
    }
    json(res, 200, body);
  }
}
