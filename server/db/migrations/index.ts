/**
 * Migration lists per store. Add a new migration to BOTH lists (same class name, one file per
 * dialect) unless it only concerns one engine (CredentialCache: PostgreSQL functions and triggers;
 * SyncVersionSequence: PostgreSQL's version sequence; BookingStaffSpanIndex: SQLite has had it since
 * FrontDesk; BookingConfigVersion: PostgreSQL's cached booking create).
 * PostgreSQL migrations of tenant tables call `enableTenantRls` (./postgres/tenant-rls.ts).
 */
import { Auth1764240000000 as PostgresAuth } from './postgres/1764240000000-auth';
import { Platform1764230000000 as PostgresPlatform } from './postgres/1764230000000-platform';
import { FrontDesk1764250000000 as PostgresFrontDesk } from './postgres/1764250000000-front-desk';
import { WalkInsLifecycle1764261000000 as PostgresWalkInsLifecycle } from './postgres/1764261000000-walk-ins-lifecycle';
import { Sync1764270000000 as PostgresSync } from './postgres/1764270000000-sync';
import { CalendarConnections1764280000000 as PostgresCalendarConnections } from './postgres/1764280000000-calendar-connections';
import { CredentialCache1764290000000 as PostgresCredentialCache } from './postgres/1764290000000-credential-cache';
import { SyncVersionSequence1764300000000 as PostgresSyncVersionSequence } from './postgres/1764300000000-sync-version-sequence';
import { BookingStaffSpanIndex1764310000000 as PostgresBookingStaffSpanIndex } from './postgres/1764310000000-booking-staff-span-index';
import { BookingConfigVersion1764320000000 as PostgresBookingConfigVersion } from './postgres/1764320000000-booking-config-version';
import { OfflineSync1764330000000 as PostgresOfflineSync } from './postgres/1764330000000-offline-sync';
import { SignInFormUses1764410000000 as PostgresSignInFormUses } from './postgres/1764410000000-sign-in-form-uses';
import { SignInThrottles1764420000000 as PostgresSignInThrottles } from './postgres/1764420000000-sign-in-throttles';
import { TenantPlans1764430000000 as PostgresTenantPlans } from './postgres/1764430000000-tenant-plans';
import { Auth1764240000000 as SqliteAuth } from './sqlite/1764240000000-auth';
import { Platform1764230000000 as SqlitePlatform } from './sqlite/1764230000000-platform';
import { FrontDesk1764250000000 as SqliteFrontDesk } from './sqlite/1764250000000-front-desk';
import { WalkInsLifecycle1764261000000 as SqliteWalkInsLifecycle } from './sqlite/1764261000000-walk-ins-lifecycle';
import { Sync1764270000000 as SqliteSync } from './sqlite/1764270000000-sync';
import { CalendarConnections1764280000000 as SqliteCalendarConnections } from './sqlite/1764280000000-calendar-connections';
import { OfflineSync1764330000000 as SqliteOfflineSync } from './sqlite/1764330000000-offline-sync';
import { SignInFormUses1764410000000 as SqliteSignInFormUses } from './sqlite/1764410000000-sign-in-form-uses';
import { SignInThrottles1764420000000 as SqliteSignInThrottles } from './sqlite/1764420000000-sign-in-throttles';
import { TenantPlans1764430000000 as SqliteTenantPlans } from './sqlite/1764430000000-tenant-plans';
import { SyncRejections1764440000000 } from './1764440000000-sync-rejections';

export const SQLITE_MIGRATIONS = [
  SqlitePlatform,
  SqliteAuth,
  SqliteFrontDesk,
  SqliteWalkInsLifecycle,
  SqliteSync,
  SqliteCalendarConnections,
  SqliteOfflineSync,
  SqliteSignInFormUses,
  SqliteSignInThrottles,
  SqliteTenantPlans,
  SyncRejections1764440000000,
];
export const POSTGRES_MIGRATIONS = [
  PostgresPlatform,
  PostgresAuth,
  PostgresFrontDesk,
  PostgresWalkInsLifecycle,
  PostgresSync,
  PostgresCalendarConnections,
  PostgresCredentialCache,
  PostgresSyncVersionSequence,
  PostgresBookingStaffSpanIndex,
  PostgresBookingConfigVersion,
  PostgresOfflineSync,
  PostgresSignInFormUses,
  PostgresSignInThrottles,
  PostgresTenantPlans,
  SyncRejections1764440000000,
];
