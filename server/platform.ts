/**
 * The server's long-lived services over one open database, built in dependency order. app.ts turns
 * a Platform into HTTP routes; tests build one directly to seed data (tests/support/api.ts).
 */
import { ProfileService } from './accounts/profile.service';
import { SignupService } from './accounts/signup.service';
import { shippedBreachedPasswords } from './auth/breached-passwords.list';
import { PasswordHasher } from './auth/password.hasher';
import { PasswordPolicy } from './auth/password.policy';
import { TokenService } from './auth/token.service';
import type { ServerConfig } from './config';
import { openDatabase } from './db/data-source';
import type { Database } from './db/data-source';
import { GlobalLookups } from './db/global-lookups';
import { TenantScopes } from './db/tenant-scope';

export interface Platform {
  readonly store: ServerConfig['database']['store'];
  /** Scopes by tenant id: for pre-credential services and test seeding, never for routes. */
  readonly scopes: TenantScopes;
  readonly lookups: GlobalLookups;
  readonly passwords: PasswordHasher;
  readonly passwordPolicy: PasswordPolicy;
  readonly tokens: TokenService;
  readonly signup: SignupService;
  readonly profiles: ProfileService;
  close(): Promise<void>;
}

/** Opens the database (running migrations) and builds the services. */
export async function openPlatform(config: ServerConfig): Promise<Platform> {
  const db: Database = await openDatabase(config.database);
  const scopes = new TenantScopes(db);
  const passwords = new PasswordHasher();
  const passwordPolicy = new PasswordPolicy(shippedBreachedPasswords());
  return {
    store: config.database.store,
    scopes,
    lookups: new GlobalLookups(db),
    passwords,
    passwordPolicy,
    tokens: new TokenService(),
    signup: new SignupService(scopes, passwords, passwordPolicy),
    profiles: new ProfileService(),
    close: () => db.close(),
  };
}
