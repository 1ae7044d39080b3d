/**
 * `/v1/sync/*` (../shared/API.md "Sync (desktop)"): every role pulls and listens; push checks each
 * mutation's role like its REST route does.
 */
import type { ServerResponse } from 'node:http';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { AuthCaches, CredentialResolver } from '../auth/credential-cache';
import { hashSecret } from '../auth/secret-token';
import { problem, sendProblem } from '../http/problem';
import { problemResponses } from '../http/route-docs';
import type { ZodTypeProvider } from '../http/zod-type-provider';
import type { SyncServer } from './sync.module';
import { PullBody, PullResponse, PushBody, PushResponse } from './sync.schemas';

/** How many event streams one credential and one tenant may hold open on an instance. */
export interface SyncStreamLimits {
  perCredential: number;
  perTenant: number;
  /** `Retry-After` of the 429 beyond a limit. */
  retryAfterSeconds: number;
}

/** A desk needs one stream; a few more cover reconnects racing the old stream's close. */
export const DEFAULT_SYNC_STREAM_LIMITS: SyncStreamLimits = {
  perCredential: 5,
  perTenant: 100,
  retryAfterSeconds: 30,
};

/** The SSE `retry` (ms) sent on the streams a closing instance ends: reconnect soon, elsewhere. */
export const SHUTDOWN_RETRY_MS = 1000;

/** The longest a timer can wait (setTimeout's 32-bit limit); a later expiry is re-armed. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface SyncRouteOptions {
  sync: SyncServer;
  /** Re-checks a stream's credential (revocation, expiry). */
  credentials: Pick<CredentialResolver, 'resolve'>;
  /** Says when a tenant's credentials changed, so its streams re-check at once. */
  authChanges: Pick<AuthCaches, 'onInvalidated'>;
  streamLimits?: SyncStreamLimits;
}

const count = (map: Map<string, number>, key: string, delta: number) => {
  const next = (map.get(key) ?? 0) + delta;
  if (next <= 0) map.delete(key);
  else map.set(key, next);
};

export const syncRoutes: FastifyPluginAsync<SyncRouteOptions> = async (app, options) => {
  const { sync, credentials, authChanges } = options;
  const limits = options.streamLimits ?? DEFAULT_SYNC_STREAM_LIMITS;
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['sync'];

  routes.post(
    '/v1/sync/pull',
    {
      schema: {
        summary:
          'Changes after a cursor in version order; without a cursor a paged snapshot of the working set (its first page with `total`); 410 /cursor-expired: take a fresh snapshot',
        tags,
        body: PullBody,
        response: { 200: PullResponse, ...problemResponses(401, 410, 422) },
      },
    },
    async (request) => sync.pull.pull(request.scope, request.body),
  );

  routes.post(
    '/v1/sync/push',
    {
      schema: {
        summary: 'Apply mutations in order, idempotent per (client, mutation id)',
        tags,
        body: PushBody,
        response: { 200: PushResponse, ...problemResponses(401, 422) },
      },
    },
    async (request) => sync.push.push(request.scope, request.auth, request.body, request),
  );

  const streams = new Set<ServerResponse>();
  // Open streams on this instance, by credential and by tenant (the limits are per instance).
  const perCredential = new Map<string, number>();
  const perTenant = new Map<string, number>();
  // Open streams never end by themselves: end them so that closing the server does not wait forever,
  // with a reconnection hint (SSE `retry`) so clients come back soon, to another instance or this one restarted.
  app.addHook('preClose', async () => {
    for (const stream of streams) stream.end(`retry: ${SHUTDOWN_RETRY_MS}\n\n`);
  });

  routes.get(
    '/v1/sync/events',
    {
      schema: {
        summary:
          'Server-sent events: `event: poke` `data: {"version": n}` after each committed change; heartbeats',
        tags,
        // No parameters: the tenant is the credential's (a `?tenantId=` is refused, 422).
        querystring: z.strictObject({}),
        response: {
          200: {
            description: 'text/event-stream',
            content: { 'text/event-stream': { schema: z.string() } },
          },
          ...problemResponses(401, 429),
        },
      },
    },
    async (request, reply) => {
      const { tenantId, credentialId } = request.auth;
      if (
        (perCredential.get(credentialId) ?? 0) >= limits.perCredential ||
        (perTenant.get(tenantId) ?? 0) >= limits.perTenant
      ) {
        reply.header('retry-after', String(limits.retryAfterSeconds));
        return sendProblem(
          reply,
          problem(429, 'too many open event streams for this credential or business; close one first'),
        );
      }
      // The bearer hook just resolved this credential (a cache hit): its expiry, and its hash to re-check.
      const hash = hashSecret(request.headers.authorization!.slice('Bearer '.length));
      const expiresAt = (await credentials.resolve(hash))?.expiresAt ?? null;

      const stream = reply.raw;
      reply.hijack();
      stream.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      streams.add(stream);
      count(perCredential, credentialId, 1);
      count(perTenant, tenantId, 1);
      let open = true;
      let expiry: NodeJS.Timeout | undefined;
      // A stream lives only as long as its credential: revoked, expired or gone, the stream ends.
      const recheck = () => {
        if (!open) return;
        credentials.resolve(hash).then(
          (still) => {
            if (!still || still.credentialId !== credentialId) stream.end();
          },
          () => undefined, // the database is unreachable: the next heartbeat checks again
        );
      };
      const armExpiry = () => {
        if (!expiresAt) return;
        const wait = expiresAt.getTime() - Date.now();
        if (wait <= 0) return void stream.end();
        expiry = setTimeout(
          wait > MAX_TIMER_MS ? armExpiry : () => stream.end(),
          Math.min(wait, MAX_TIMER_MS),
        );
        expiry.unref();
      };
      armExpiry();
      const unsubscribe = sync.events.subscribe(tenantId, (version) => {
        stream.write(`event: poke\ndata: ${JSON.stringify({ version })}\n\n`);
      });
      const stopWatching = authChanges.onInvalidated((changed) => {
        if (changed === null || changed === tenantId) recheck();
      });
      const heartbeat = setInterval(() => {
        stream.write(': heartbeat\n\n');
        recheck();
      }, sync.heartbeatMs);
      const cleanup = () => {
        if (!open) return;
        open = false;
        clearInterval(heartbeat);
        clearTimeout(expiry);
        stopWatching();
        unsubscribe();
        streams.delete(stream);
        count(perCredential, credentialId, -1);
        count(perTenant, tenantId, -1);
      };
      request.raw.once('close', cleanup);
      stream.once('close', cleanup);
      stream.once('finish', cleanup);
      // Tells the client the subscription is in place (and flushes the headers through proxies).
      stream.write(': connected\n\n');
    },
  );
};
