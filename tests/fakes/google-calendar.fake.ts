/**
 * A fake of Google's OAuth 2.0 endpoints and Calendar API v3 `events.list` on node:http (loopback),
 * speaking the published wire format: form-encoded token requests with `invalid_grant` errors,
 * Events resources (`calendar#events` with `calendar#event` items), `pageToken`/`nextPageToken`,
 * `nextSyncToken` on the last page, `syncToken` returning changes only (deleted events as
 * `status: "cancelled"`), and 410 `fullSyncRequired` for an invalidated token. It ignores `fields`
 * (it always sends whole events, attendees and all) so tests prove the adapter drops what it must.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { calendar_v3 } from 'googleapis/build/src/apis/calendar';
import {
  decodePageToken,
  encodePageToken,
  endsAfter,
  googleError,
  send,
  startsBefore,
  withDefaults,
  type GoogleEvent,
} from './google-calendar-events';
import { readForm } from './net';

export type { GoogleEvent } from './google-calendar-events';

interface StoredEvent {
  event: GoogleEvent;
  /** Change sequence number of its last change. */
  seq: number;
}

interface RefreshGrant {
  revoked: boolean;
}

export interface FakeGoogleOptions {
  clientId?: string;
  clientSecret?: string;
  /** Lifetime of issued access tokens. */
  accessTokenSeconds?: number;
}

export class FakeGoogleCalendar {
  readonly clientId: string;
  readonly clientSecret: string;
  /** Every API/token request seen: method, path and query, for assertions. */
  readonly requests: { method: string; url: URL; grantType?: string }[] = [];
  private server?: Server;
  private base = '';
  private seq = 0;
  private readonly events = new Map<string, StoredEvent>();
  private readonly syncTokens = new Map<string, number>();
  private readonly accessTokens = new Map<string, { refreshToken: string; expiresAt: number }>();
  private readonly refreshTokens = new Map<string, RefreshGrant>();
  private readonly codes = new Map<string, { challenge: string; redirectUri: string }>();
  private readonly failures: { status: number; retryAfter?: string }[] = [];
  private stalls = 0;
  private readonly accessTokenSeconds: number;
  timeZone = 'Europe/London';
  /** Google may return fewer items than maxResults; tests lower this to force paging. */
  pageSizeLimit = 2500;

  constructor(options: FakeGoogleOptions = {}) {
    this.clientId = options.clientId ?? 'bookdesk-test.apps.googleusercontent.com';
    this.clientSecret = options.clientSecret ?? 'test-secret';
    this.accessTokenSeconds = options.accessTokenSeconds ?? 3599;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) =>
        send(res, 500, { error: { code: 500, message: String(error) } }),
      );
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** GOOGLE_* endpoint configuration pointing at this fake. */
  get endpoints() {
    return {
      authUrl: `${this.base}/o/oauth2/v2/auth`,
      tokenUrl: `${this.base}/token`,
      revokeUrl: `${this.base}/revoke`,
      apiBase: `${this.base}/`,
    };
  }

  // --- what the "user" does in Google Calendar -------------------------------------------------

  /** Adds or replaces an event (an instance, for recurring events: singleEvents=true returns those). */
  putEvent(event: GoogleEvent): void {
    this.events.set(event.id!, { event: withDefaults(event), seq: ++this.seq });
  }

  /** Deletes an event: incremental syncs see it as `status: "cancelled"`. */
  deleteEvent(id: string): void {
    const stored = this.events.get(id);
    if (!stored) throw new Error(`no event ${id}`);
    this.events.set(id, { event: { ...stored.event, status: 'cancelled' }, seq: ++this.seq });
  }

  /** Makes every sync token issued so far answer 410 Gone. */
  invalidateSyncTokens(): void {
    this.syncTokens.clear();
  }

  /** The next `count` API calls fail with `status` (and Retry-After, if given). */
  failNext(count: number, status: number, retryAfter?: string): void {
    for (let i = 0; i < count; i++) this.failures.push({ status, retryAfter });
  }

  /** The next `count` API calls never answer (until the client gives up). */
  stallNext(count: number): void {
    this.stalls += count;
  }

  /** The user revokes Bookdesk's access in their Google account. */
  revokeAll(): void {
    for (const grant of this.refreshTokens.values()) grant.revoked = true;
  }

  /** Expires every access token now, so the next call needs a refresh. */
  expireAccessTokens(): void {
    for (const token of this.accessTokens.values()) token.expiresAt = 0;
  }

  isRevoked(refreshToken: string): boolean {
    return this.refreshTokens.get(refreshToken)?.revoked ?? true;
  }

  /**
   * The user approves the consent screen at `authorizeUrl`: checks the request like Google does
   * and returns the authorization code Google would append to the redirect.
   */
  approve(authorizeUrl: string): { code: string; state: string | null } {
    const url = new URL(authorizeUrl);
    const q = url.searchParams;
    if (q.get('client_id') !== this.clientId) throw new Error('invalid_client');
    if (q.get('response_type') !== 'code') throw new Error('unsupported_response_type');
    if (q.get('code_challenge_method') !== 'S256' || !q.get('code_challenge'))
      throw new Error('PKCE S256 required');
    if (q.get('access_type') !== 'offline') throw new Error('offline access required for a refresh token');
    const code = `4/${randomBytes(12).toString('base64url')}`;
    this.codes.set(code, { challenge: q.get('code_challenge')!, redirectUri: q.get('redirect_uri') ?? '' });
    return { code, state: q.get('state') };
  }

  /** Issues a refresh/access token pair directly (a connection made earlier). */
  issueTokens(): { accessToken: string; refreshToken: string; expiresAt: number } {
    const refreshToken = `1//${randomBytes(16).toString('base64url')}`;
    this.refreshTokens.set(refreshToken, { revoked: false });
    const { token, expiresAt } = this.newAccessToken(refreshToken);
    return { accessToken: token, refreshToken, expiresAt };
  }

  // --- the wire protocol --------------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.base);
    if (req.method === 'POST' && url.pathname === '/token') return this.token(req, res, url);
    if (req.method === 'POST' && url.pathname === '/revoke') return this.revoke(req, res, url);
    this.requests.push({ method: req.method ?? 'GET', url });
    if (this.stalls > 0) {
      this.stalls--;
      return; // no answer: the client's timeout must end the call
    }
    const failure = this.failures.shift();
    if (failure) {
      const headers = failure.retryAfter ? { 'retry-after': failure.retryAfter } : undefined;
      return send(res, failure.status, googleError(failure.status, 'backendError', 'Backend Error'), headers);
    }
    const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const access = auth ? this.accessTokens.get(auth) : undefined;
    if (!access || access.expiresAt <= Date.now() || this.isRevoked(access.refreshToken)) {
      return send(res, 401, googleError(401, 'authError', 'Invalid Credentials'), {
        'www-authenticate': 'Bearer realm="https://accounts.google.com/", error="invalid_token"',
      });
    }
    if (req.method === 'GET' && url.pathname === '/calendar/v3/calendars/primary/events')
      return this.list(res, url);
    return send(res, 404, googleError(404, 'notFound', 'Not Found'));
  }

  private list(res: ServerResponse, url: URL): void {
    const q = url.searchParams;
    const syncToken = q.get('syncToken');
    if (syncToken && (q.has('timeMin') || q.has('timeMax'))) {
      return send(res, 400, googleError(400, 'invalid', 'Sync token cannot be used with timeMin/timeMax'));
    }
    const page = q.get('pageToken') ? decodePageToken(q.get('pageToken')!) : null;
    let since = -1;
    if (syncToken) {
      const known = this.syncTokens.get(syncToken);
      if (known === undefined) {
        return send(
          res,
          410,
          googleError(410, 'fullSyncRequired', 'Sync token is no longer valid, a full sync is required.'),
        );
      }
      since = known;
    }
    const upTo = page?.upTo ?? this.seq;
    const timeMin = q.get('timeMin') ? Date.parse(q.get('timeMin')!) : -Infinity;
    const timeMax = q.get('timeMax') ? Date.parse(q.get('timeMax')!) : Infinity;
    const all = [...this.events.values()]
      .filter((s) => s.seq <= upTo)
      .filter((s) =>
        syncToken
          ? s.seq > since
          : s.event.status !== 'cancelled' && startsBefore(s.event, timeMax) && endsAfter(s.event, timeMin),
      )
      .sort((a, b) => a.seq - b.seq);
    const pageSize = Math.min(Number(q.get('maxResults') ?? 250), this.pageSizeLimit);
    const offset = page?.offset ?? 0;
    const items = all.slice(offset, offset + pageSize).map(({ event }) =>
      // Google's incremental responses only guarantee id and status for deleted events.
      event.status === 'cancelled'
        ? { kind: 'calendar#event', etag: event.etag, id: event.id, status: 'cancelled' }
        : event,
    );
    const body: calendar_v3.Schema$Events = {
      kind: 'calendar#events',
      etag: `"p${upTo}"`,
      summary: 'stylist@example.com',
      description: '',
      updated: new Date().toISOString(),
      timeZone: this.timeZone,
      accessRole: 'reader',
      defaultReminders: [{ method: 'popup', minutes: 10 }],
      items,
    };
    if (offset + pageSize < all.length) {
      body.nextPageToken = encodePageToken({ offset: offset + pageSize, upTo });
    } else {
      const token = `CP${randomBytes(12).toString('base64url')}`;
      this.syncTokens.set(token, upTo);
      body.nextSyncToken = token;
    }
    send(res, 200, body);
  }

  private async token(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const form = await readForm(req);
    const grantType = form.get('grant_type') ?? undefined;
    this.requests.push({ method: 'POST', url, grantType });
    if (form.get('client_id') !== this.clientId || form.get('client_secret') !== this.clientSecret) {
      return send(res, 401, {
        error: 'invalid_client',
        error_description: 'The OAuth client was not found.',
      });
    }
    if (grantType === 'authorization_code') {
      const code = this.codes.get(form.get('code') ?? '');
      this.codes.delete(form.get('code') ?? '');
      const verifier = form.get('code_verifier') ?? '';
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      if (!code || code.challenge !== challenge || code.redirectUri !== form.get('redirect_uri')) {
        return send(res, 400, { error: 'invalid_grant', error_description: 'Bad Request' });
      }
      const { accessToken, refreshToken } = this.issueTokens();
      return send(res, 200, {
        access_token: accessToken,
        expires_in: this.accessTokenSeconds,
        refresh_token: refreshToken,
        scope:
          'https://www.googleapis.com/auth/calendar.events.readonly https://www.googleapis.com/auth/calendar.calendarlist.readonly',
        token_type: 'Bearer',
      });
    }
    if (grantType === 'refresh_token') {
      const refreshToken = form.get('refresh_token') ?? '';
      if (this.isRevoked(refreshToken)) {
        return send(res, 400, {
          error: 'invalid_grant',
          error_description: 'Token has been expired or revoked.',
        });
      }
      const { token } = this.newAccessToken(refreshToken);
      return send(res, 200, {
        access_token: token,
        expires_in: this.accessTokenSeconds,
        scope: 'https://www.googleapis.com/auth/calendar.events.readonly',
        token_type: 'Bearer',
      });
    }
    send(res, 400, { error: 'unsupported_grant_type', error_description: 'Invalid grant_type' });
  }

  private async revoke(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const form = await readForm(req);
    this.requests.push({ method: 'POST', url });
    const token = url.searchParams.get('token') ?? form.get('token') ?? '';
    const grant =
      this.refreshTokens.get(token) ??
      this.refreshTokens.get(this.accessTokens.get(token)?.refreshToken ?? '');
    if (!grant)
      return send(res, 400, { error: 'invalid_token', error_description: 'Token expired or revoked' });
    grant.revoked = true;
    send(res, 200, {});
  }

  private newAccessToken(refreshToken: string): { token: string; expiresAt: number } {
    const token = `ya29.${randomBytes(16).toString('base64url')}`;
    const expiresAt = Date.now() + this.accessTokenSeconds * 1000;
    this.accessTokens.set(token, { refreshToken, expiresAt });
    return { token, expiresAt };
  }
}
