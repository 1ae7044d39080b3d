/**
 * The embedded demo business, made enterable by a person: on first run it signs the business up with
 * a generated owner password, signs the owner in with the real OAuth flow (the sign-in form completed
 * as a browser would), adds a receptionist, creates the demo data through the REST API and revokes
 * that seeding sign-in. The two sign-ins (owner, receptionist) are kept in the SecretStore and shown
 * once; the desk itself signs in through the session like any account.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DateTime } from 'luxon';
import { createDemoBusiness } from '../../core/demo/demo-business';
import type { ApiClient, SignupResponse } from '../api/api.client';
import { MemoryCredentialStore } from '../auth/credential-store';
import { formSignInBrowser } from '../auth/form-sign-in';
import { OAuthSignInClient } from '../auth/oauth-sign-in.client';
import type { SecretStore } from '../secrets/secret-store';
import { DemoApiSeeder } from './demo-api-seed';

/** An e-mail and password a person types into the API's sign-in page. */
export interface DemoSignIn {
  name: string;
  email: string;
  password: string;
}

export interface DemoAccounts {
  owner: DemoSignIn;
  receptionist: DemoSignIn;
}

export interface DemoReport {
  /** One line per thing the user should know. */
  notes: string[];
  /** The business was signed up by this run (the desk should sign in to it now). */
  created: boolean;
  /** The demo's sign-ins, when the SecretStore still holds them. */
  accounts: DemoAccounts | null;
}

/** What the demo keeps beside the embedded API (nothing secret). */
interface DemoState {
  apiPort?: number;
  signup?: SignupResponse;
  seeded?: boolean;
}

export const DEMO_RECEPTIONIST = { name: 'Jamie Park', email: 'frontdesk@juniper.example.com' };
const SIGN_IN_TIMEOUT_MS = 30_000;

/** 32 characters from 192 random bits: well past API.md's 15-character minimum. */
export const generatePassword = (): string => randomBytes(24).toString('base64url');

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

export interface DemoSetupDeps {
  /** `<dataDir>/demo.json`: the API's port, the signup, whether the data was created. */
  stateFile: string;
  secrets: Pick<SecretStore, 'get' | 'set' | 'delete'>;
  apiFor: (baseUrl: string) => Pick<ApiClient, 'signup' | 'call'>;
  fetchFn?: typeof fetch;
}

export class DemoSetup {
  constructor(private readonly deps: DemoSetupDeps) {}

  /** The SecretStore account of this data directory's demo sign-ins. */
  get secretAccount(): string {
    return `demo-sign-in:${resolve(dirname(this.deps.stateFile))}`;
  }

  /** The embedded API's port of the last run: tokens and caches are kept per API address. */
  savedPort(): number | null {
    return this.read().apiPort ?? null;
  }

  savePort(port: number): void {
    this.write({ ...this.read(), apiPort: port });
  }

  /** The demo's sign-ins, if the SecretStore kept them. */
  async accounts(): Promise<DemoAccounts | null> {
    const raw = await this.deps.secrets.get(this.secretAccount).catch(() => null);
    return raw ? (JSON.parse(raw) as DemoAccounts) : null;
  }

  /** Signs up and creates the demo business once; later runs only report. */
  async ensure({
    apiBaseUrl,
    timeZone,
    now,
  }: {
    apiBaseUrl: string;
    timeZone: string;
    now: Date;
  }): Promise<DemoReport> {
    const notes: string[] = [];
    const date = DateTime.fromJSDate(now, { zone: timeZone }).toISODate()!;
    const demo = createDemoBusiness({ date, timeZone, now });
    const api = this.deps.apiFor(apiBaseUrl);
    let state = this.read();
    let created = false;

    if (!state.signup) {
      const accounts: DemoAccounts = {
        owner: { ...demo.owner, password: generatePassword() },
        receptionist: { ...DEMO_RECEPTIONIST, password: generatePassword() },
      };
      const result = await api.signup({
        business: { name: demo.business.name, timeZone: demo.location.timeZone },
        owner: accounts.owner,
      });
      if (!result.ok) {
        const detail = result.problem.detail ? ` (${result.problem.detail})` : '';
        notes.push(`Could not sign up the demo business: ${result.problem.title}${detail}.`);
        return { notes, created, accounts: null };
      }
      state = { ...state, signup: result.value, seeded: false };
      this.write(state);
      created = true;
      notes.push(`Signed up the demo business "${demo.business.name}".`);
      await this.deps.secrets
        .set(this.secretAccount, JSON.stringify(accounts))
        .catch((error) => notes.push(`The demo sign-ins could not be stored (${message(error)}).`));
      // Shown once: where no keychain answers they live in memory only, and this is their one record.
      notes.push(
        'Demo sign-in (shown once):',
        `  owner         ${accounts.owner.email}  ${accounts.owner.password}`,
        `  receptionist  ${accounts.receptionist.email}  ${accounts.receptionist.password}`,
      );
    }

    const accounts = await this.accounts();
    if (!state.seeded) {
      if (!accounts) {
        notes.push(
          'The demo data was not created and its owner password is gone: run npm start -- --reset-demo.',
        );
        return { notes, created, accounts };
      }
      await this.createData(apiBaseUrl, accounts, state.signup!, demo, now, notes);
      this.write({ ...this.read(), seeded: true });
    }
    return { notes, created, accounts };
  }

  /** Forgets the demo (its state and sign-ins); the caller deletes the embedded API's data. */
  async reset(): Promise<void> {
    const port = this.read().apiPort;
    rmSync(this.deps.stateFile, { force: true });
    if (port) this.write({ apiPort: port });
    await this.deps.secrets.delete(this.secretAccount).catch(() => undefined);
  }

  /** As the owner (a sign-in of its own, revoked afterwards): the receptionist and the demo day. */
  private async createData(
    apiBaseUrl: string,
    accounts: DemoAccounts,
    signup: SignupResponse,
    demo: ReturnType<typeof createDemoBusiness>,
    now: Date,
    notes: string[],
  ): Promise<void> {
    const store = new MemoryCredentialStore();
    const oauth = new OAuthSignInClient(apiBaseUrl, {
      openBrowser: formSignInBrowser(accounts.owner, this.deps.fetchFn),
      store,
      ...(this.deps.fetchFn ? { fetchFn: this.deps.fetchFn } : {}),
    });
    await oauth.signIn(SIGN_IN_TIMEOUT_MS);
    const token = (await oauth.accessToken())!;
    const api = this.deps.apiFor(apiBaseUrl);
    try {
      const receptionist = await api.call('POST', '/v1/users', token, {
        ...accounts.receptionist,
        role: 'receptionist',
      });
      if (!receptionist.ok && receptionist.status !== 409)
        notes.push(`The API refused the demo receptionist: ${receptionist.problem.title}.`);
      const seeded = await new DemoApiSeeder(api, token).seed(demo, signup.locationId, now);
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
    } finally {
      await oauth.signOut();
    }
  }

  private read(): DemoState {
    if (!existsSync(this.deps.stateFile)) return {};
    try {
      return JSON.parse(readFileSync(this.deps.stateFile, 'utf8')) as DemoState;
    } catch {
      return {};
    }
  }

  private write(state: DemoState): void {
    mkdirSync(dirname(this.deps.stateFile), { recursive: true });
    const temporary = `${this.deps.stateFile}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(state, null, 2));
    renameSync(temporary, this.deps.stateFile);
  }
}
