/**
 * First-run demo: signs the demo business up on the API and fills the local cache with its day.
 *
 * The cache is filled from core/demo directly because the desktop's sync engine (pull from
 * `/v1/sync/pull`) arrives in a later issue; until then the API holds the account and the desktop
 * holds the demo day, and the two are not reconciled.
 */
import { randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import { createDemoBusiness } from '../../core/demo/demo-business';
import type { ApiClient } from '../api/api.client';
import type { KeychainStore } from '../auth/keychain.store';
import type { MetaStore } from '../cache/meta.store';
import type { ScheduleCache } from '../cache/schedule.cache';
import type { SessionAccount } from '../session/session.service';
import { ACCOUNT_META_KEY } from '../session/session.service';

export interface SeedOptions {
  /** The running API, or null when none could be started. */
  apiBaseUrl: string | null;
  timeZone: string;
  now: Date;
}

export interface SeedReport {
  /** One line per thing the user should know (what was seeded, what could not be done). */
  notes: string[];
}

const signupKey = (apiBaseUrl: string) => `demo.signup:${apiBaseUrl}`;

/** 32 characters from 192 random bits: well past API.md's 15-character minimum. */
export const generateOwnerPassword = (): string => randomBytes(24).toString('base64url');

export class DemoSeedService {
  constructor(
    private readonly cache: Pick<ScheduleCache, 'hasDay' | 'putSnapshot'>,
    private readonly meta: Pick<MetaStore, 'get' | 'set'>,
    private readonly keychain: Pick<KeychainStore, 'update' | 'isAvailable'>,
    private readonly apiFor: (baseUrl: string) => Pick<ApiClient, 'signup'>,
  ) {}

  async seed({ apiBaseUrl, timeZone, now }: SeedOptions): Promise<SeedReport> {
    const notes: string[] = [];
    const date = DateTime.fromJSDate(now, { zone: timeZone }).toISODate()!;
    const demo = createDemoBusiness({ date, timeZone, now });
    const previous = this.meta.get<SessionAccount>(ACCOUNT_META_KEY);
    let signedIn = previous?.signedIn === true && previous.apiBaseUrl === apiBaseUrl;

    if (apiBaseUrl && !this.meta.get(signupKey(apiBaseUrl))) {
      const password = generateOwnerPassword();
      const result = await this.apiFor(apiBaseUrl).signup({
        business: { name: demo.business.name, timeZone },
        owner: { ...demo.owner, password },
      });
      if (result.ok) {
        this.meta.set(signupKey(apiBaseUrl), result.value);
        signedIn = true;
        notes.push(`Signed up the demo business "${demo.business.name}" (owner ${demo.owner.email}).`);
        notes.push(await this.keepOwnerPassword(apiBaseUrl, demo.owner.email, password));
      } else {
        notes.push(
          `Could not sign up the demo business: ${result.problem.title}${result.problem.detail ? ` (${result.problem.detail})` : ''}.`,
        );
      }
    }

    if (!this.cache.hasDay(date)) {
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
    return { notes };
  }

  /** Stores the generated owner password in the keychain; says where it went (or that it could not). */
  private async keepOwnerPassword(apiBaseUrl: string, email: string, password: string): Promise<string> {
    try {
      if (!(await this.keychain.isAvailable()))
        return 'No system keychain is available: the generated owner password was not stored.';
      await this.keychain.update(apiBaseUrl, { owner: { email, password } });
      return 'The owner password is in the system keychain (service "Bookdesk").';
    } catch (error) {
      return `The system keychain did not take the owner password (${(error as Error).message}); it was not stored.`;
    }
  }
}
