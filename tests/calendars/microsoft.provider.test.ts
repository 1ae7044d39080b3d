import { Agent } from 'node:https';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ProviderAuthError,
  ProviderUnavailableError,
  type BusyBlockInput,
  type SyncWindow,
} from '../../server/calendars/calendar-provider';
import { createPkcePair } from '../../server/calendars/google-oauth';
import type { MicrosoftConfig, MicrosoftCredential } from '../../server/calendars/microsoft-auth';
import { MicrosoftCalendarProvider } from '../../server/calendars/microsoft.provider';
import { DEFAULT_RETRY_POLICY } from '../../server/calendars/provider-retry';
import { FakeMicrosoft365 } from '../fakes/microsoft.fake';

const window: SyncWindow = {
  from: new Date('2027-03-01T00:00:00Z'),
  to: new Date('2027-05-01T00:00:00Z'),
  timeZone: 'Europe/London',
};
const SECRETS = ['Dr. Alice Secret', 'alice@example.org', 'Harley Street 12', 'Root canal, bring X-rays'];
const fastRetries = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 5, maxDelayMs: 20, timeoutMs: 5_000 };

const london = (day: string, time: string) => ({
  dateTime: `${day}T${time}:00.0000000`,
  timeZone: 'Europe/London',
});

function seedCalendar(fake: FakeMicrosoft365): void {
  for (const day of ['2027-03-01', '2027-03-08', '2027-03-22', '2027-04-05']) {
    fake.putEvent({
      id: `AAMkPhysio-${day}`,
      type: 'occurrence',
      seriesMasterId: 'AAMkPhysio',
      subject: 'Weekly physio',
      start: london(day, '09:00'),
      end: london(day, '10:00'),
      body: { contentType: 'html', content: `<p>${SECRETS[3]}</p>` },
      bodyPreview: SECRETS[3],
      location: { displayName: SECRETS[2] },
      attendees: [
        {
          type: 'required',
          status: { response: 'accepted' },
          emailAddress: { name: SECRETS[0], address: SECRETS[1] },
        },
      ],
    });
  }
  fake.putEvent({
    id: 'AAMkPhysio-2027-03-15',
    type: 'exception',
    seriesMasterId: 'AAMkPhysio',
    subject: 'Weekly physio (moved)',
    start: london('2027-03-15', '14:00'),
    end: london('2027-03-15', '15:00'),
  });
  fake.putEvent({
    id: 'AAMkPhysio-2027-03-29',
    type: 'occurrence',
    seriesMasterId: 'AAMkPhysio',
    isCancelled: true,
    subject: 'Weekly physio',
    start: london('2027-03-29', '09:00'),
    end: london('2027-03-29', '10:00'),
  });
  fake.putEvent({
    id: 'AAMkDayOff',
    subject: 'Clocks change day off',
    isAllDay: true,
    start: { dateTime: '2027-03-28T00:00:00.0000000', timeZone: 'UTC' },
    end: { dateTime: '2027-03-29T00:00:00.0000000', timeZone: 'UTC' },
  });
  fake.putEvent({
    id: 'AAMkNy',
    subject: 'New York stand-up',
    start: { dateTime: '2027-03-15T09:00:00.0000000', timeZone: 'America/New_York' },
    end: { dateTime: '2027-03-15T09:30:00.0000000', timeZone: 'America/New_York' },
  });
  fake.putEvent({
    id: 'AAMkGym',
    subject: 'Maybe gym',
    showAs: 'free',
    start: london('2027-03-02', '17:00'),
    end: london('2027-03-02', '18:00'),
  });
  fake.putEvent({
    id: 'AAMkDrinks',
    subject: 'Team drinks',
    responseStatus: { response: 'declined', time: '2027-02-01T10:00:00Z' },
    start: london('2027-03-03', '17:00'),
    end: london('2027-03-03', '18:00'),
  });
  fake.putEvent({
    id: 'AAMkDentist',
    subject: 'Dentist',
    start: london('2027-03-04', '10:00'),
    end: london('2027-03-04', '11:00'),
  });
}

const starts = (blocks: BusyBlockInput[], subject: string) =>
  blocks
    .filter((b) => b.subject === subject)
    .map((b) => b.start.toISOString())
    .sort();

describe(MicrosoftCalendarProvider.name, () => {
  let fake: FakeMicrosoft365;
  let config: MicrosoftConfig;
  let sut: MicrosoftCalendarProvider;

  /** Connects the way a user does: consent at the authority, then the code exchange. */
  async function connect(): Promise<MicrosoftCredential> {
    const { codeVerifier, codeChallenge } = createPkcePair();
    const { code } = fake.approve(await sut.authorizeUrl('state-1', codeChallenge));
    return sut.exchangeCode(code, codeVerifier);
  }

  beforeAll(async () => {
    fake = await new FakeMicrosoft365().start();
    seedCalendar(fake);
    config = {
      clientId: fake.clientId,
      clientSecret: fake.clientSecret,
      redirectUri: 'https://bookdesk.test/v1/calendar-connections/callback/microsoft',
      authority: fake.authority,
      graphBase: fake.graphBase,
      // The fake's certificate comes from a throwaway CA that only this agent trusts.
      httpsAgent: new Agent({ ca: fake.caPem }),
    };
    sut = new MicrosoftCalendarProvider(config, fastRetries);
  });
  afterAll(async () => {
    await fake.stop();
  });
  beforeEach(() => {
    fake.accessTokenSeconds = 3600;
  });

  it('connects with the authorization code flow and PKCE S256 against the configured authority', async () => {
    const { codeChallenge } = createPkcePair();
    const url = new URL(await sut.authorizeUrl('state-1', codeChallenge));
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('scope')?.split(' ')).toContain('Calendars.ReadBasic');
    expect(url.searchParams.get('scope')?.split(' ')).toContain('offline_access');

    const credential = await connect();

    expect(credential.homeAccountId).toContain(fake.tenantId);
    expect(JSON.parse(credential.tokenCache)).toHaveProperty('RefreshToken');
  });

  it('imports occurrences with the exception moved and the cancelled occurrence left out', async () => {
    const result = await sut.sync(await connect(), null, window);

    expect(result.full).toBe(true);
    expect(starts(result.upserts, 'Weekly physio')).toEqual([
      '2027-03-01T09:00:00.000Z',
      '2027-03-08T09:00:00.000Z',
      '2027-03-22T09:00:00.000Z',
      '2027-04-05T08:00:00.000Z',
    ]);
    expect(starts(result.upserts, 'Weekly physio (moved)')).toEqual(['2027-03-15T14:00:00.000Z']);
  });

  it('blocks the whole local day of an all-day event (23 h on the DST day)', async () => {
    const result = await sut.sync(await connect(), null, window);

    const [dayOff] = result.upserts.filter((b) => b.subject === 'Clocks change day off');
    expect([dayOff?.start.toISOString(), dayOff?.end.toISOString(), dayOff?.durationMinutes]).toEqual([
      '2027-03-28T00:00:00.000Z',
      '2027-03-28T23:00:00.000Z',
      1380,
    ]);
  });

  it('places an event from another zone on the right UTC instant after its DST change', async () => {
    const result = await sut.sync(await connect(), null, window);

    expect(starts(result.upserts, 'New York stand-up')).toEqual(['2027-03-15T13:00:00.000Z']);
    expect(fake.requests.some((r) => r.prefer?.includes('outlook.timezone="UTC"'))).toBe(true);
  });

  it('does not block free events or declined invitations', async () => {
    const result = await sut.sync(await connect(), null, window);

    const subjects = result.upserts.map((b) => b.subject);
    expect(subjects).not.toContain('Maybe gym');
    expect(subjects).not.toContain('Team drinks');
    expect(subjects).toContain('Dentist');
  });

  it('hands out only hash, subject, start, end and duration', async () => {
    const result = await sut.sync(await connect(), null, window);

    for (const block of result.upserts) {
      expect(Object.keys(block).sort()).toEqual([
        'durationMinutes',
        'end',
        'eventIdHash',
        'start',
        'subject',
      ]);
    }
    const json = JSON.stringify(result);
    for (const secret of [...SECRETS, 'AAMk']) expect(json).not.toContain(secret);
  });

  it('follows @odata.nextLink across pages to the deltaLink', async () => {
    const bulk = new FakeMicrosoft365();
    await bulk.start();
    try {
      for (let i = 0; i < 450; i++) {
        const day = `2027-04-${String(1 + (i % 28)).padStart(2, '0')}`;
        bulk.putEvent({
          id: `bulk-${i}`,
          subject: `Client ${i}`,
          start: london(day, '12:00'),
          end: london(day, '12:30'),
        });
      }
      const bulkSut = new MicrosoftCalendarProvider(
        {
          ...config,
          clientId: bulk.clientId,
          clientSecret: bulk.clientSecret,
          authority: bulk.authority,
          graphBase: bulk.graphBase,
          httpsAgent: new Agent({ ca: bulk.caPem }),
        },
        fastRetries,
      );
      const { codeVerifier, codeChallenge } = createPkcePair();
      const { code } = bulk.approve(await bulkSut.authorizeUrl('s', codeChallenge));
      const result = await bulkSut.sync(await bulkSut.exchangeCode(code, codeVerifier), null, window);

      expect(new Set(result.upserts.map((b) => b.subject)).size).toBe(450);
      expect(bulk.requests.filter((r) => r.url.searchParams.has('$skiptoken')).length).toBe(2);
    } finally {
      await bulk.stop();
    }
  });

  it('syncs incrementally from the deltaLink: @removed items go to deletes', async () => {
    const credential = await connect();
    const first = await sut.sync(credential, null, window);
    const dentist = first.upserts.find((b) => b.subject === 'Dentist')!;

    fake.deleteEvent('AAMkDentist');
    fake.putEvent({
      id: 'AAMkLate',
      subject: 'Late booking',
      start: london('2027-04-10', '10:00'),
      end: london('2027-04-10', '10:30'),
    });
    const second = await sut.sync(credential, first.nextState, window);

    expect(second.full).toBe(false);
    expect(second.credential).toBeUndefined(); // the cached access token was still good
    expect(second.deletes).toEqual([dentist.eventIdHash]);
    expect(second.upserts.map((b) => b.subject)).toEqual(['Late booking']);
    expect(await sut.sync(credential, second.nextState, window)).toMatchObject({
      full: false,
      upserts: [],
      deletes: [],
    });
  });

  it('starts a full round when the delta token expired (410)', async () => {
    const credential = await connect();
    const first = await sut.sync(credential, null, window);
    fake.invalidateDeltaTokens();

    const second = await sut.sync(credential, first.nextState, window);

    expect(second.full).toBe(true);
    expect(second.upserts.length).toBe(first.upserts.length);
  });

  it('waits for Retry-After on 429 and then succeeds; gives up after bounded retries', async () => {
    const credential = await connect();
    fake.requests.length = 0;
    fake.failNext(1, 429, '1');

    const result = await sut.sync(credential, null, window);

    const graphCalls = fake.requests.filter((r) => r.url.pathname.endsWith('/delta'));
    expect(graphCalls.length).toBe(2);
    expect(graphCalls[1]!.at - graphCalls[0]!.at).toBeGreaterThanOrEqual(1000);
    expect(result.upserts.length).toBeGreaterThan(0);

    fake.failNext(fastRetries.attempts, 503);
    await expect(sut.sync(credential, null, window)).rejects.toBeInstanceOf(ProviderUnavailableError);
  });

  it('refreshes an access token near expiry and returns the updated token cache', async () => {
    fake.accessTokenSeconds = 120; // inside MSAL's 5-minute renewal margin: the next use refreshes
    const credential = await connect();
    fake.requests.length = 0;

    const result = await sut.sync(credential, null, window);

    expect(fake.requests.some((r) => r.grantType === 'refresh_token')).toBe(true);
    expect(result.credential?.homeAccountId).toBe(credential.homeAccountId);
    expect(result.credential?.tokenCache).not.toBe(credential.tokenCache);
  });

  it('throws ProviderAuthError when the refresh token was revoked', async () => {
    const credential = await connect();
    fake.revokeAll();

    // The cached access token is still "valid" for MSAL: Graph's 401 forces a refresh, which fails.
    await expect(sut.sync(credential, null, window)).rejects.toBeInstanceOf(ProviderAuthError);
  });
});
