/**
 * Composition root of the hosted API: builds a Fastify instance from a config (tests start many in
 * one process). Public routes are registered on the root; everything tenant-scoped goes in the
 * authenticated scope below, where the bearer hook sets `request.auth` and `request.scope`.
 */
import { readFileSync } from 'node:fs';
import rateLimit from '@fastify/rate-limit';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { meRoutes, signupRoutes } from './accounts/account.routes';
import { apiKeyRoutes } from './api-keys/api-key.routes';
import { startAuditRetention } from './audit/audit-retention.job';
import { auditRoutes } from './audit/audit.routes';
import { availabilityRoutes } from './availability/availability.routes';
import { bookingRoutes } from './bookings/booking.routes';
import { bearerAuthHook } from './auth/bearer-auth.hook';
import { decorateRequestAuth } from './auth/request-auth';
import { calendarCallbackRoutes, calendarConnectionRoutes } from './calendars/calendar-connection.routes';
import { catalogRoutes } from './catalog/catalog.routes';
import type { ServerConfig } from './config';
import { customFieldRoutes } from './custom-fields/custom-field.routes';
import { customerRoutes } from './customers/customer.routes';
import { externalBusyRoutes } from './external-busy/external-busy.routes';
import { healthRoutes } from './health/health.routes';
import { loggerOptions } from './http/logger';
import { registerOpenApi } from './http/openapi';
import { installHostCheck } from './http/host-check';
import { installProblemHandlers } from './http/problem';
import { installSecurityHeaders } from './http/security-headers';
import { documentBearerSecurity } from './http/route-docs';
import { zodSerializerCompiler, zodValidatorCompiler } from './http/zod-type-provider';
import { locationRoutes } from './locations/location.routes';
import { mfaRoutes } from './mfa/mfa.routes';
import { authorizeRoutes, DEFAULT_SIGN_IN_ADDRESS_LIMIT } from './oauth/authorize.routes';
import type { AddressRateLimit } from './oauth/authorize.routes';
import { tokenRoutes } from './oauth/token.routes';
import { tenantImportRoutes } from './ops/tenant-import.routes';
import { importMovedTenant } from './ops/tenant-move';
import { openPlatform } from './platform';
import type { Platform } from './platform';
import { staffRoutes } from './staff/staff.routes';
import { tenantRoutes } from './tenants/tenant.routes';
import { userRoutes } from './users/user.routes';
import { startHousekeeping } from './sync/housekeeping.job';
import type { HousekeepingTiming } from './sync/housekeeping.job';
import { syncRoutes } from './sync/sync.routes';
import type { SyncStreamLimits } from './sync/sync.routes';
import { startTenantPurge } from './privacy/privacy.module';
import { privacyRoutes } from './privacy/privacy.routes';
import { walkInRoutes } from './walk-ins/walk-in.routes';

/** Largest accepted request body; larger ones get 413. */
export const BODY_LIMIT_BYTES = 256 * 1024;

export async function buildApp(
  config: ServerConfig,
  options: {
    platform?: Platform;
    /** Per-address limit on sign-in form submissions (tests lower or raise it). */
    signInAddressLimit?: AddressRateLimit;
    /** Start the periodic audit retention job (default true). */
    auditRetention?: boolean;
    /** Start the periodic purge of cancelled accounts whose deletion is due (default true). */
    tenantPurge?: boolean;
    /** Start the background calendar sync (default true). */
    calendarSync?: boolean;
    /**
     * The periodic housekeeping (sync tombstone retention, ...): its timing, or false to not start it
     * (tests on an injected clock). Default: first round after 60 s, then every 15 minutes.
     */
    housekeeping?: HousekeepingTiming | false;
    /** Open event streams allowed per credential and per tenant (default DEFAULT_SYNC_STREAM_LIMITS). */
    syncStreamLimits?: SyncStreamLimits;
  } = {},
): Promise<FastifyInstance> {
  const platform = options.platform ?? (await openPlatform(config));
  const app = Fastify({
    // Silent: no logger at all rather than a pino child per request whose bindings go through
    // redaction only to be discarded (a few percent of a short request's CPU).
    logger: config.logLevel === 'silent' ? false : loggerOptions(config.logLevel),
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: config.trustProxy,
    ...(config.tls
      ? { https: { cert: readFileSync(config.tls.certFile), key: readFileSync(config.tls.keyFile) } }
      : {}),
  });
  app.addHook('onClose', () => platform.close());
  app.setValidatorCompiler(zodValidatorCompiler);
  app.setSerializerCompiler(zodSerializerCompiler);
  installProblemHandlers(app);
  // JSON only (routes needing forms, like OAuth's, add a parser in their own scope): 415 otherwise.
  app.removeContentTypeParser('text/plain');
  decorateRequestAuth(app);

  installSecurityHeaders(app, { hsts: config.tls !== undefined || config.trustProxy });
  installHostCheck(app, { bindHost: config.host, publicUrl: config.publicUrl });
  await app.register(rateLimit, {
    max: config.rateLimitPerMinute,
    timeWindow: '1 minute',
    errorResponseBuilder: (_request, context) =>
      Object.assign(new Error(`rate limit exceeded, retry in ${context.after}`), {
        statusCode: context.statusCode,
      }),
  });
  await registerOpenApi(app);
  app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/docs'));

  await app.register(healthRoutes, {
    isDatabaseReachable: () => platform.lookups.ping(),
    region: config.region,
    regions: config.regions,
  });
  await app.register(signupRoutes, { signup: platform.signup });
  await app.register(authorizeRoutes, {
    signIn: platform.signIn,
    tokens: platform.oauthTokens,
    forms: platform.formTokens,
    addressLimit: options.signInAddressLimit ?? DEFAULT_SIGN_IN_ADDRESS_LIMIT,
  });
  await app.register(tokenRoutes, { tokens: platform.oauthTokens, perAddressPerMinute: 120 });
  await app.register(calendarCallbackRoutes, { calendars: platform.calendars });
  if (config.opsToken) {
    const { opsToken } = config;
    await app.register(tenantImportRoutes, {
      opsToken,
      importTenant: (payload) =>
        importMovedTenant(
          {
            scopes: platform.scopes,
            cipher: platform.cipher,
            audit: platform.audit,
            lookups: platform.lookups,
            region: config.region ?? 'default',
          },
          payload,
        ),
    });
  }

  await app.register(async (authenticated) => {
    documentBearerSecurity(authenticated);
    const authenticate = bearerAuthHook(platform.credentials, platform.scopes);
    authenticated.addHook('preParsing', async (request, _reply, payload) => {
      await authenticate(request);
      return payload;
    });
    await authenticated.register(meRoutes, { profiles: platform.profiles });
    await authenticated.register(userRoutes, { users: platform.users });
    await authenticated.register(apiKeyRoutes, { apiKeys: platform.apiKeys });
    await authenticated.register(mfaRoutes, { mfa: platform.mfa });
    await authenticated.register(auditRoutes, { audit: platform.audit });
    const { frontDesk } = platform;
    await authenticated.register(locationRoutes, { locations: frontDesk.locations });
    await authenticated.register(staffRoutes, { staff: frontDesk.staff });
    await authenticated.register(catalogRoutes, { catalog: frontDesk.catalog });
    await authenticated.register(customerRoutes, { customers: frontDesk.customers });
    await authenticated.register(customFieldRoutes, { customFields: frontDesk.customFields });
    await authenticated.register(availabilityRoutes, { availability: frontDesk.availability });
    await authenticated.register(bookingRoutes, { bookings: frontDesk.bookings });
    await authenticated.register(externalBusyRoutes, { externalBusy: frontDesk.externalBusy });
    await authenticated.register(syncRoutes, {
      sync: platform.sync,
      credentials: platform.credentials,
      authChanges: platform.authCaches,
      streamLimits: options.syncStreamLimits,
    });
    await authenticated.register(walkInRoutes, { walkIns: platform.walkIns });
    await authenticated.register(privacyRoutes, { privacy: platform.privacy });
    await authenticated.register(calendarConnectionRoutes, { calendars: platform.calendars });
    await authenticated.register(tenantRoutes, { plans: platform.tenantPlans });
  });

  if (options.auditRetention !== false) {
    const stop = startAuditRetention(
      () => platform.audit.prune(platform.scopes, platform.maintenance),
      app.log,
    );
    app.addHook('onClose', async () => stop());
  }

  if (options.housekeeping !== false) {
    const stop = startHousekeeping(
      [
        {
          name: 'sync tombstone retention',
          run: () => platform.sync.retention.prune(platform.scopes, platform.maintenance),
        },
        {
          name: 'walk-ins still waiting at the end of their day',
          run: () => platform.walkIns.closeEndedDays(platform.scopes, platform.maintenance),
        },
      ],
      app.log,
      options.housekeeping,
    );
    // preClose: a round in flight ends before onClose closes the database.
    app.addHook('preClose', stop);
  }

  if (options.calendarSync !== false) {
    const stop = platform.calendarSync.start();
    // preClose: the scheduler (and a round in flight) stops before onClose closes the database.
    app.addHook('preClose', async () => stop());
  }

  if (options.tenantPurge !== false) {
    const stop = startTenantPurge(platform.privacy, platform.scopes, platform.maintenance, app.log);
    app.addHook('onClose', async () => stop());
  }

  return app;
}
