/**
 * Start-up of the desk against the embedded API: on first run signs the demo business up, signs its
 * owner in with the real OAuth flow (the start script completes the sign-in form with the password
 * it generated) and creates the demo data through the REST API; on every run then fills the local
 * cache from `/v1/sync/pull`. Without an API the cache gets the core/demo day directly, as before.
 */
import { randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import { createDemoBusiness } from '../../core/demo/demo-business';
import type { DemoBusiness } from '../../core/demo/demo-business';
import type { ApiClient, SignupResponse } from '../api/api.client';
import type { CredentialStore } from '../auth/credential-store';
import { MemoryCredentialStore } from '../auth/credential-store';
import { formSignInBrowser } from '../auth/form-sign-in';
import type { FormCredentials } from '../auth/form-sign-in';
import type { KeychainStore } from '../auth/keychain.store';
import { OAuthSignInClient } from '../auth/oauth-sign-in.client';
import type { MetaStore } from '../cache/meta.store';
import type { ScheduleCache } from '../cache/schedule.cache';
import type { SessionAccount } from '../session/session.service';
import { ACCOUNT_META_KEY } from '../session/session.service';
import { cacheTarget, SyncPuller, syncCursorKey } from '../sync/sync-puller';
import { DemoApiSeeder } from './demo-api-seed';

export interface SeedOptions {
  /** The running API, or null when none could be started. */
  apiBaseUrl: string | null;
  timeZone: string;
  now: Date;
}

export interface SeedReport {
  /** One line per thing the user should know (what was seeded, what could not be done). */
  notes: string[];
  /** Whether main holds a valid access token for the API. */
  signedIn: boolean;
  /** Main's access token for the API, refreshed as needed (null once signed out); only when signed in. */
  accessToken?: () => Promise<string | null>;
}

const signupKey = (apiBaseUrl: string) => `demo.signup:${apiBaseUrl}`;
const SIGN_IN_TIMEOUT_MS = 30_000;

/** 32 characters from 192 random bits: well past API.md's 15-character minimum. */
export const generateOwnerPassword = (): string => randomBytes(24).toString('base64url');

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

export class DemoSeedService {
  /** The sign-in that obtained a token during the last {@link seed}, for main's later API calls. */
  private session: OAuthSignInClient | null = null;

  constructor(
    private readonly cache: Pick<ScheduleCache, 'hasDay' | 'putSnapshot' | 'applyChanges'>,
    private readonly meta: Pick<MetaStore, 'get' | 'set'>,
    private readonly keychain: Pick<KeychainStore, 'read' | 'update' | 'clear' | 'isAvailable'>,
    private readonly apiFor: (baseUrl: string) => Pick<ApiClient, 'signup' | 'call'>,
    private readonly fetchFn: typeof fetch = fetch,
  ) {}

  async seed({ apiBaseUrl, timeZone, now }: SeedOptions): Promise<SeedReport> {
    const notes: string[] = [];
    const date = DateTime.fromJSDate(now, { zone: timeZone }).toISODate()!;
    const demo = createDemoBusiness({ date, timeZone, now });
    let signedIn = false;
    if (apiBaseUrl) signedIn = await this.syncWithApi(apiBaseUrl, demo, now, notes);
    // The demo day stands in only for a cache that never held the API's data (no API, signup refused).
    const pulledBefore = apiBaseUrl !== null && this.meta.get(syncCursorKey(apiBaseUrl)) !== null;
    if (!signedIn && !pulledBefore && !this.cache.hasDay(date)) {
      this.cache.putSnapshot({ ...demo, locations: [demo.location] });
      notes.push(
        `Filled the local cache with the demo day ${date} (${demo.bookings.length} bookings, ${demo.walkIns.length} walk-ins).`,
      );
    }
    this.meta.set(ACCOUNT_META_KEY, {
      apiBaseUrl,
      businessName: demo.business.name,
      userName: demo.owner.name,
      timeZone,
      signedIn,
    } satisfies SessionAccount);
    const session = signedIn ? this.session : null;
    return { notes, signedIn, ...(session ? { accessToken: () => session.accessToken() } : {}) };
  }

  /** Signs up and seeds on first run, signs in, pulls; true once a valid token was obtained. */
  private async syncWithApi(
    apiBaseUrl: string,
    demo: DemoBusiness,
    now: Date,
    notes: string[],
  ): Promise<boolean> {
    const api = this.apiFor(apiBaseUrl);
    const store = await this.credentialStore(notes);
    const memory = store instanceof MemoryCredentialStore;
    let signup = this.meta.get<SignupResponse>(signupKey(apiBaseUrl));
    let owner: FormCredentials | null = null;

    if (!signup) {
      const password = generateOwnerPassword();
      const result = await api.signup({
        business: { name: demo.business.name, timeZone: demo.location.timeZone },
        owner: { ...demo.owner, password },
      });
      if (!result.ok) {
        notes.push(
          `Could not sign up the demo business: ${result.problem.title}${result.problem.detail ? ` (${result.problem.detail})` : ''}.`,
        );
        return false;
      }
      signup = result.value;
      this.meta.set(signupKey(apiBaseUrl), signup);
      owner = { email: demo.owner.email, password };
      notes.push(`Signed up the demo business "${demo.business.name}" (owner ${demo.owner.email}).`);
      notes.push(await this.keepOwnerPassword(apiBaseUrl, owner, memory));
    }

    const oauth = new OAuthSignInClient(apiBaseUrl, {
      openBrowser: (url) => {
        if (!owner) throw new Error('no owner password to sign in with');
        return formSignInBrowser(owner, this.fetchFn)(url);
      },
      store,
      fetchFn: this.fetchFn,
    });
    let token = await oauth.accessToken().catch(() => null);
    if (!token) {
      owner ??= (await store.read(apiBaseUrl).catch(() => null))?.owner ?? null;
      if (!owner) {
        notes.push('Not signed in (no stored token or owner password): showing the cached day offline.');
        return false;
      }
      try {
        await oauth.signIn(SIGN_IN_TIMEOUT_MS);
        token = await oauth.accessToken();
      } catch (error) {
        notes.push(`Could not sign in as ${owner.email}: ${message(error)}. Showing the cached day offline.`);
        return false;
      }
      if (!token) return false;
      notes.push(
        `Signed in as ${owner.email} (OAuth, PKCE); tokens ${memory ? 'kept in memory for this run' : 'in the system keychain'}.`,
      );
    }

    this.session = oauth;
    if (owner && !this.meta.get(`demo.seeded:${apiBaseUrl}`)) {
      const seeded = await new DemoApiSeeder(api, token).seed(demo, signup.locationId, now);
      this.meta.set(`demo.seeded:${apiBaseUrl}`, true);
      notes.push(
        `Created the demo business through the API: ${seeded.services} services, ${seeded.staff} staff, ${seeded.customers} customers, ${seeded.bookings} of today's bookings, ${seeded.walkIns} walk-ins.`,
      );
      if (seeded.recordedAfterTheFact > 0)
        notes.push(
          `${seeded.recordedAfterTheFact} of them were already over (completed, no-show) and were recorded after the fact.`,
        );
      if (seeded.pastBookings > 0)
        notes.push(
          `${seeded.pastBookings} demo booking${seeded.pastBookings === 1 ? '' : 's'} in service since before now ${seeded.pastBookings === 1 ? 'was' : 'were'} not created: the API takes no active booking in the past.`,
        );
      seeded.refused.forEach((line) => notes.push(`The API refused ${line}.`));
    }

    const pulled = await new SyncPuller({
      apiBaseUrl,
      api,
      target: cacheTarget(this.cache),
      meta: this.meta,
    }).pull(token);
    if (!pulled.ok) {
      notes.push(`Could not pull from the API (${pulled.status}: ${pulled.reason}); showing the cached day.`);
      return pulled.status !== 401;
    }
    notes.push(
      `Pulled ${pulled.changes} changes from the API into the local cache (${pulled.snapshot ? 'full snapshot' : 'since the last pull'}, ${pulled.pages} page${pulled.pages === 1 ? '' : 's'}).`,
    );
    return true;
  }

  /** The keychain when it answers, else memory for this run (said in one line). */
  private async credentialStore(notes: string[]): Promise<CredentialStore> {
    if (await this.keychain.isAvailable()) return this.keychain;
    notes.push('No system keychain is available: sign-in tokens are kept in memory for this run only.');
    return new MemoryCredentialStore();
  }

  /** Stores the generated owner password with the tokens; says where it went (or that it could not). */
  private async keepOwnerPassword(
    apiBaseUrl: string,
    owner: FormCredentials,
    memory: boolean,
  ): Promise<string> {
    if (memory) return 'No system keychain is available: the generated owner password was not stored.';
    try {
      await this.keychain.update(apiBaseUrl, { owner });
      return 'The owner password is in the system keychain (service "Bookdesk").';
    } catch (error) {
      return `The system keychain did not take the owner password (${message(error)}); it was not stored.`;
    }
  }
}
