/**
 * `/v1/sync/*` (../shared/API.md "Sync (desktop)"): every role pulls and listens; push checks each
 * mutation's role like its REST route does.
 */
import type { ServerResponse } from 'node:http';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { problemResponses } from '../http/route-docs';
import type { ZodTypeProvider } from '../http/zod-type-provider';
import type { SyncServer } from './sync.module';
import { PullBody, PullResponse, PushBody, PushResponse } from './sync.schemas';

export const syncRoutes: FastifyPluginAsync<{ sync: SyncServer }> = async (app, { sync }) => {
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
  // Open streams never end by themselves: end them so that closing the server does not wait forever.
  app.addHook('preClose', async () => {
    for (const stream of streams) stream.end();
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
          ...problemResponses(401),
        },
      },
    },
    async (request, reply) => {
      const stream = reply.raw;
      reply.hijack();
      stream.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      streams.add(stream);
      const unsubscribe = sync.events.subscribe(request.auth.tenantId, (version) => {
        stream.write(`event: poke\ndata: ${JSON.stringify({ version })}\n\n`);
      });
      const heartbeat = setInterval(() => stream.write(': heartbeat\n\n'), sync.heartbeatMs);
      const cleanup = () => {
        clearInterval(heartbeat);
        unsubscribe();
        streams.delete(stream);
      };
      request.raw.once('close', cleanup);
      stream.once('close', cleanup);
      // Tells the client the subscription is in place (and flushes the headers through proxies).
      stream.write(': connected\n\n');
    },
  );
};
