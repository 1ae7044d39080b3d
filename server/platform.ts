/**
 * The server's long-lived services over one open database, built in dependency order. app.ts turns
 * a Platform into HTTP routes; tests build one directly to seed data (tests/support/api.ts).
 */
import type { Agent as HttpsAgent } from 'node:https';
import { ProfileService } from './accounts/profile.service';
import { SignupService } from './accounts/signup.service';
import { ApiKeyService } from './api-keys/api-key.service';
import { AuditLog } from './audit/audit-log.service';
import { shippedBreachedPasswords } from './auth/breached-passwords.list';
import { AuthCaches, CredentialResolver, DEFAULT_CREDENTIAL_CACHE_SECONDS } from './auth/credential-cache';
import { PasswordHasher } from './auth/password.hasher';
import { PasswordPolicy } from './auth/password.policy';
import { DEFAULT_TOKEN_LIFETIMES, TokenService } from './auth/token.service';
import { AvailabilityService } from './availability/availability.service';
import { BookingService } from './bookings/booking.service';
import { bookingSync } from './bookings/booking.sync';
import { CalendarConnectionService } from './calendars/calendar-connection.service';
import { createCalendarProviders } from './calendars/calendar-providers';
import type { CalendarProviders } from './calendars/calendar-providers';
import { CalendarSyncRunner } from './calendars/calendar-sync.runner';
import { CalendarDueLookup, CalendarSyncScheduler } from './calendars/calendar-sync.scheduler';
import type { SchedulerOptions } from './calendars/calendar-sync.scheduler';
import type { RetryPolicy } from './calendars/provider-retry';
import { CatalogService } from './catalog/catalog.service';
import { catalogSync } from './catalog/catalog.sync';
import { KeyRotationService } from './cli/key-rotation.service';
import type { ServerConfig } from './config';
import { loadMasterKeyring } from './crypto/master-key.keyring';
import type { MasterKeyring } from './crypto/master-key.keyring';
import { SecretCipher } from './crypto/secret.cipher';
import { CustomFieldService } from './custom-fields/custom-field.service';
import { customFieldSync } from './custom-fields/custom-field.sync';
import { CustomerService } from './customers/customer.service';
import { customerSync } from './customers/customer.sync';
import { openDatabase } from './db/data-source';
import type { Database } from './db/data-source';
import { GlobalLookups } from './db/global-lookups';
import { MaintenanceLookups } from './db/maintenance-lookups';
import { notificationListenerFor } from './db/notification-listener';
import { TenantScopes } from './db/tenant-scope';
import { TenantPlanService } from './tenants/tenant-plan.service';
import { ExternalBusyService } from './external-busy/external-busy.service';
import { externalBusySync } from './external-busy/external-busy.sync';
import { warningLogger } from './http/logger';
import { LocationService } from './locations/location.service';
import { locationSync } from './locations/location.sync';
import { MfaService } from './mfa/mfa.service';
import { FormTokenSigner } from './oauth/form-token';
import { OAuthTokenService } from './oauth/oauth-token.service';
import { DEFAULT_LOCKOUT, SignInService } from './oauth/sign-in.service';
import type { LockoutSettings } from './oauth/sign-in.service';
import { buildPrivacy } from './privacy/privacy.module';
import type { Privacy } from './privacy/privacy.routes';
import { StaffService } from './staff/staff.service';
import { staffSync } from './staff/staff.sync';
import { openSync } from './sync/sync.module';
import type { SyncServer } from './sync/sync.module';
import { UserService } from './users/user.service';
import { WalkInService } from './walk-ins/walk-in.service';
import { walkInSync } from './walk-ins/walk-in.sync';

/** Knobs of the security services; tests inject a clock and shorter limits. */
export interface PlatformOptions {
  /** The services' clock (token and code expiry, lockout, audit instants). */
  now?: () => Date;
  lockout?: LockoutSettings;
  /** Audit retention in days (30–183, default 180). */
  auditRetentionDays?: number;
  /** How long an immediate retry of a just-rotated refresh token is honoured (default 10 s). */
  refreshGraceSeconds?: number;
  /** Life of a cached credential (default: the config's, else 10 s; 0 turns the cache off). */
  credentialCacheSeconds?: number;
  /** Heartbeat interval of `GET /v1/sync/events` (default 15 s; tests shorten it). */
  syncHeartbeatMs?: number;
  /** Connected calendars: provider retry policy and trust (tests: fast retries, the fakes' test CA). */
  calendars?: {
    policy?: RetryPolicy;
    httpsAgent?: HttpsAgent;
    scheduler?: SchedulerOptions;
    /** CalDAV to loopback/private addresses (default: only on an embedded SQLite server). */
    allowInternalCalDav?: boolean;
  };
}

/** The front-desk services (../shared/API.md "Front desk"); app.ts mounts their routes. */
export interface FrontDesk {
  locations: LocationService;
  staff: StaffService;
  catalog: CatalogService;
  customers: CustomerService;
  customFields: CustomFieldService;
  availability: AvailabilityService;
  bookings: BookingService;
  externalBusy: ExternalBusyService;
}

export interface Platform {
  readonly store: ServerConfig['database']['store'];
  /** Scopes by tenant id: for pre-credential services and test seeding, never for routes. */
  readonly scopes: TenantScopes;
  readonly lookups: GlobalLookups;
  /** Bearer credential → who is calling, cached (server/auth/credential-cache.ts). */
  readonly credentials: CredentialResolver;
  /** The caches of answers read from credential tables (tests inspect and suspend them). */
  readonly authCaches: AuthCaches;
  readonly passwords: PasswordHasher;
  readonly passwordPolicy: PasswordPolicy;
  readonly tokens: TokenService;
  readonly signup: SignupService;
  readonly profiles: ProfileService;
  readonly keyring: MasterKeyring;
  readonly cipher: SecretCipher;
  /** The security audit log; features append to it inside their own transactions. */
  readonly audit: AuditLog;
  /** Tenant enumeration for maintenance jobs (retention, key rotation); never for routes. */
  readonly maintenance: MaintenanceLookups;
  readonly signIn: SignInService;
  readonly oauthTokens: OAuthTokenService;
  readonly formTokens: FormTokenSigner;
  readonly users: UserService;
  readonly apiKeys: ApiKeyService;
  readonly mfa: MfaService;
  /** Locations, staff, services, customers, custom fields, availability, bookings. */
  readonly frontDesk: FrontDesk;
  readonly keyRotation: KeyRotationService;
  /** Today's walk-in queue per location. */
  readonly walkIns: WalkInService;
  /** Customer export/erasure, tenant export, account cancellation and the purge of cancelled accounts. */
  readonly privacy: Privacy;
  /** Connected calendars: connect, sync, disconnect, `disconnectAll(scope)` (account cancellation). */
  readonly calendars: CalendarConnectionService;
  /** The configured calendar adapters (Google/Microsoft only when their client credentials are set). */
  readonly calendarProviders: CalendarProviders;
  /** The business's plan (`PATCH /v1/tenant`): a plan without calendars disconnects them. */
  readonly tenantPlans: TenantPlanService;
  /** Background calendar sync (app.ts starts it; `runOnce()` for tests and tools). */
  readonly calendarSync: CalendarSyncScheduler;
  /** The sync server: pull, push, event streams (and on PostgreSQL the instance's LISTEN connection). */
  readonly sync: SyncServer;
  close(): Promise<void>;
}

/**
 * Opens the database (running migrations) and builds the services, each after what it needs: storage
 * and secrets, identity, the front desk, calendars, sync, then the platform itself.
 */
export async function openPlatform(config: ServerConfig, options: PlatformOptions = {}): Promise<Platform> {
  const now = options.now ?? (() => new Date());
  const logWarning = warningLogger(config.logLevel);

  // Storage and secrets.
  const keyring = loadMasterKeyring({ masterKeys: config.masterKeys, dataDir: config.dataDir });
  const cipher = new SecretCipher(keyring);
  const db: Database = await openDatabase(config.database);
  const listener = notificationListenerFor(config.database, logWarning);
  const scopes = new TenantScopes(db);
  const lookups = new GlobalLookups(db);
  const maintenance = new MaintenanceLookups(db);

  // Identity: passwords, tokens, the audit log, cached credentials.
  const passwords = new PasswordHasher();
  const passwordPolicy = new PasswordPolicy(shippedBreachedPasswords());
  const tokens = new TokenService(DEFAULT_TOKEN_LIFETIMES, now);
  const audit = new AuditLog(cipher, {
    retentionDays: options.auditRetentionDays ?? config.auditRetentionDays,
    now,
  });
  const authCaches = new AuthCaches({
    ttlSeconds:
      options.credentialCacheSeconds ?? config.credentialCacheSeconds ?? DEFAULT_CREDENTIAL_CACHE_SECONDS,
  });
  authCaches.follow(db.authChanges, listener);

  // The front desk and its walk-in queue.
  const customers = new CustomerService(now);
  const frontDesk: FrontDesk = {
    locations: new LocationService(now),
    staff: new StaffService(now, {
      beforeRemoval: (scope, staffId) => platform.calendars.beforeStaffRemoval(scope, staffId),
    }),
    catalog: new CatalogService(now),
    customers,
    customFields: new CustomFieldService(now),
    availability: new AvailabilityService(now),
    // `allowOverlap` bookings are audited in the booking's own transaction.
    bookings: new BookingService({ now, audit, customers }),
    externalBusy: new ExternalBusyService(),
  };
  const walkIns = new WalkInService({ now, customers, bookings: frontDesk.bookings, audit });

  // Connected calendars.
  const allowInternalCalDav = options.calendars?.allowInternalCalDav ?? config.database.store === 'sqlite';
  const calendarProviders = createCalendarProviders(
    config,
    config.publicUrl ?? `http://${config.host}:${config.port}`,
    { policy: options.calendars?.policy, httpsAgent: options.calendars?.httpsAgent, allowInternalCalDav },
  );
  const calendarRunner = new CalendarSyncRunner(
    calendarProviders,
    cipher,
    now,
    logWarning,
    allowInternalCalDav,
  );

  // Sync: the protocol, filled with each feature's sources and mutations.
  const sync = await openSync({
    db,
    listener,
    logWarning,
    scopes,
    features: [
      locationSync,
      staffSync,
      catalogSync,
      customFieldSync,
      bookingSync(frontDesk.bookings),
      customerSync(customers),
      externalBusySync,
      walkInSync(walkIns),
    ],
    now,
    heartbeatMs: options.syncHeartbeatMs,
  });

  const platform: Platform = {
    store: config.database.store,
    scopes,
    lookups,
    credentials: new CredentialResolver(lookups, authCaches.create()),
    authCaches,
    passwords,
    passwordPolicy,
    tokens,
    signup: new SignupService(scopes, passwords, passwordPolicy, undefined, {
      region: config.region,
      regions: config.regions,
    }),
    profiles: new ProfileService(authCaches.create()),
    keyring,
    cipher,
    audit,
    maintenance,
    signIn: new SignInService(
      lookups,
      scopes,
      passwords,
      cipher,
      audit,
      options.lockout ?? DEFAULT_LOCKOUT,
      now,
    ),
    oauthTokens: new OAuthTokenService(lookups, scopes, tokens, audit, {
      refreshGraceSeconds: options.refreshGraceSeconds,
      now,
      successorKey: OAuthTokenService.successorKeyFrom(keyring),
    }),
    formTokens: FormTokenSigner.fromKeyring(keyring, now),
    users: new UserService(passwords, passwordPolicy, audit, now),
    apiKeys: new ApiKeyService(tokens, audit, now),
    mfa: new MfaService(cipher, passwords, audit, now),
    frontDesk,
    walkIns,
    privacy: buildPrivacy({
      now,
      audit,
      passwords,
      tokens,
      calendarDisconnector: { disconnectAll: (scope) => platform.calendars.disconnectAll(scope) },
    }),
    keyRotation: new KeyRotationService(scopes, maintenance, cipher, keyring.activeKeyId),
    calendars: new CalendarConnectionService(
      calendarProviders,
      calendarRunner,
      cipher,
      scopes,
      now,
      logWarning,
    ),
    calendarProviders,
    tenantPlans: new TenantPlanService({
      audit,
      calendars: { disconnectAll: (scope) => platform.calendars.disconnectAll(scope) },
    }),
    calendarSync: new CalendarSyncScheduler(
      new CalendarDueLookup(db),
      scopes,
      calendarRunner,
      now,
      logWarning,
      options.calendars?.scheduler,
    ),
    sync,
    close: async () => {
      await sync.close();
      await listener?.close();
      await db.close();
    },
  };
  // Last: every handler is registered on the listener before it connects.
  try {
    await listener?.start();
  } catch (error) {
    await platform.close();
    throw error;
  }
  return platform;
}
