/**
 * `/v1/calendar-connections`: list (owner, admin, receptionist: all; staff: their own), connect, sync
 * now and disconnect (owner, admin, or the staff member whose email is the user's), and the public
 * OAuth callback, authenticated by its single-use state instead of a bearer token.
 */
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { problemResponses } from '../http/route-docs';
import type { ZodTypeProvider } from '../http/zod-type-provider';
import {
  AuthorizeResponse,
  CalendarConnectionList,
  CallbackParams,
  CallbackQuery,
  ConnectBody,
  ConnectionParams,
  SyncReport,
} from './calendar-connection.schemas';
import { OAuthCallbackError } from './calendar-connection.service';
import type { CalendarConnectionService } from './calendar-connection.service';

const TAGS = ['calendar-connections'];

export const calendarConnectionRoutes: FastifyPluginAsync<{ calendars: CalendarConnectionService }> = async (
  app,
  { calendars },
) => {
  const routes = app.withTypeProvider<ZodTypeProvider>();

  routes.get(
    '/v1/calendar-connections',
    {
      schema: {
        summary: 'Connected calendars and which providers this server can connect',
        tags: TAGS,
        response: { 200: CalendarConnectionList, ...problemResponses(401) },
      },
    },
    async (request) => ({
      ...(await calendars.list(request.scope, request.auth)),
      providers: calendars.providerStatus(),
    }),
  );

  routes.post(
    '/v1/calendar-connections',
    {
      schema: {
        summary: 'Connect a calendar: Google/Microsoft → authorizeUrl (OAuth); CalDAV/iCloud → connected now',
        tags: TAGS,
        body: ConnectBody,
        response: { 200: AuthorizeResponse, 201: SyncReport, ...problemResponses(401, 403, 422) },
      },
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const body = request.body;
      if (body.provider === 'caldav') {
        return reply.code(201).send(await calendars.connectCalDav(request.scope, request.auth, body));
      }
      return {
        authorizeUrl: await calendars.startOAuth(request.scope, request.auth, body.provider, body.staffId),
      };
    },
  );

  routes.post(
    '/v1/calendar-connections/:id/sync',
    {
      schema: {
        summary: 'Sync a connection now (counts and the resulting status)',
        tags: TAGS,
        params: ConnectionParams,
        response: { 200: SyncReport, ...problemResponses(401, 403, 404) },
      },
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
    },
    async (request) => calendars.syncNow(request.scope, request.auth, request.params.id),
  );

  routes.delete(
    '/v1/calendar-connections/:id',
    {
      schema: {
        summary: 'Disconnect: revoke at the provider, delete the credential and every imported block',
        tags: TAGS,
        params: ConnectionParams,
        response: { 204: { type: 'null' }, ...problemResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await calendars.disconnect(request.scope, request.auth, request.params.id);
      return reply.code(204).send();
    },
  );
};

/** The provider's redirect back after consent (public: the state authenticates it). */
export const calendarCallbackRoutes: FastifyPluginAsync<{ calendars: CalendarConnectionService }> = async (
  app,
  { calendars },
) => {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/v1/calendar-connections/callback/:provider',
    {
      schema: {
        summary: 'OAuth redirect target of Google/Microsoft (HTML); authenticated by the state it carries',
        tags: TAGS,
        produces: ['text/html'],
        params: CallbackParams,
        querystring: CallbackQuery,
      },
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      try {
        await calendars.completeOAuth(request.params.provider, request.query);
        return page(
          reply,
          200,
          'Calendar connected',
          'Your calendar is connected. You can close this window.',
        );
      } catch (error) {
        if (!(error instanceof OAuthCallbackError)) throw error;
        request.log.info({ reason: error.message }, 'calendar OAuth callback refused');
        return page(
          reply,
          400,
          'Calendar not connected',
          'This link is invalid or has expired. Start connecting the calendar again from Bookdesk.',
        );
      }
    },
  );
};

function page(reply: FastifyReply, status: number, title: string, text: string): FastifyReply {
  return reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head>` +
        `<body><h1>${title}</h1><p>${text}</p></body></html>`,
    );
}
