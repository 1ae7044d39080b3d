import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ProviderAuthError,
  ProviderUnavailableError,
  type BusyBlockInput,
  type SyncWindow,
} from '../../server/calendars/calendar-provider';
import { GOOGLE_EVENT_FIELDS, GoogleCalendarProvider } from '../../server/calendars/google.provider';
import {
  createPkcePair,
  type GoogleConfig,
  type GoogleCredential,
} from '../../server/calendars/google-oauth';
import { DEFAULT_RETRY_POLICY } from '../../server/calendars/provider-retry';
import { FakeGoogleCalendar, type GoogleEvent } from '../fakes/google-calendar.fake';

const window: SyncWindow = { from: new Date('2027-03-01T00:00:00Z'), to: new Date('2027-05-01T00:00:00Z') };
const SECRETS = ['Dr. Alice Secret', 'alice@example.org', 'Harley Street 12', 'Root canal, bring X-rays'];
const fastRetries = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 5, maxDelayMs: 20, timeoutMs: 5_000 };

/** A weekly 09:00 London series as Google returns it with singleEvents=true: one event per instance. */
function weeklyInstances(): GoogleEvent[] {
  const mondays = ['2027-03-01', '2027-03-08', '2027-03-15', '2027-03-22', '2027-03-29', '2027-04-05'];
  return mondays.map((day) => {
    const offset = day >= '2027-03-29' ? '+01:00' : '+00:00';
    return {
      id: `physio_${day.replaceAll('-', '')}T090000Z`,
      recurringEventId: 'physio',
      originalStartTime: { dateTime: `${day}T09:00:00${offset}`, timeZone: 'Europe/London' },
      summary: 'Weekly physio',
      description: SECRETS[3],
      location: SECRETS[2],
      attendees: [
        { email: 'stylist@example.com', self: true, responseStatus: 'accepted' },
        { email: SECRETS[1], displayName: SECRETS[0], responseStatus: 'accepted' },
      ],
      start: { dateTime: `${day}T09:00:00${offset}`, timeZone: 'Europe/London' },
      end: { dateTime: `${day}T10:00:00${offset}`, timeZone: 'Europe/London' },
    };
  });
}

const starts = (blocks: BusyBlockInput[], subject: string) =>
  blocks
    .filter((b) => b.subject === subject)
    .map((b) => b.start.toISOString())
    .sort();

describe(GoogleCalendarProvider.name, () => {
  let google: FakeGoogleCalendar;
  let config: GoogleConfig;
  let sut: GoogleCalendarProvider;
  let credential: GoogleCredential;

  beforeAll(async () => {
    google = await new FakeGoogleCalendar().start();
    config = {
      clientId: google.clientId,
      clientSecret: google.clientSecret,
      redirectUri: 'https://bookdesk.test/v1/calendar-connections/callback/google',
      ...google.endpoints,
    };
    sut = new GoogleCalendarProvider(config, fastRetries);
  });
  afterAll(async () => {
    await google.stop();
  });

  beforeEach(() => {
    credential = google.issueTokens();
    const [a, b, moved, cancelled, ...rest] = weeklyInstances();
    for (const e of [a!, b!, ...rest]) google.putEvent(e);
    google.putEvent({
      ...moved!,
      start: { dateTime: '2027-03-15T14:00:00+00:00' },
      end: { dateTime: '2027-03-15T15:00:00+00:00' },
    });
    google.putEvent({ ...cancelled!, status: 'cancelled' });
    google.putEvent({
      id: 'dayoff',
      summary: 'Clocks change day off',
      start: { date: '2027-03-28' },
      end: { date: '2027-03-29' },
    });
    google.putEvent({
      id: 'ny',
      summary: 'New York stand-up',
      start: { dateTime: '2027-03-15T09:00:00-04:00', timeZone: 'America/New_York' },
      end: { dateTime: '2027-03-15T09:30:00-04:00', timeZone: 'America/New_York' },
    });
    google.putEvent({
      id: 'ny-no-offset',
      summary: 'New York wall-clock',
      start: { dateTime: '2027-03-16T09:00:00', timeZone: 'America/New_York' },
      end: { dateTime: '2027-03-16T09:30:00', timeZone: 'America/New_York' },
    });
    google.putEvent({
      id: 'gym',
      summary: 'Maybe gym',
      transparency: 'transparent',
      start: { dateTime: '2027-03-02T17:00:00Z' },
      end: { dateTime: '2027-03-02T18:00:00Z' },
    });
    google.putEvent({
      id: 'declined',
      summary: 'Team drinks',
      attendees: [{ email: 'stylist@example.com', self: true, responseStatus: 'declined' }],
      start: { dateTime: '2027-03-03T17:00:00Z' },
      end: { dateTime: '2027-03-03T18:00:00Z' },
    });
    google.putEvent({
      id: 'dentist',
      summary: 'Dentist',
      start: { dateTime: '2027-03-04T10:00:00Z' },
      end: { dateTime: '2027-03-04T11:00:00Z' },
    });
  });

  it('connects through the authorization code flow with PKCE S256 and offline access', async () => {
    const { codeVerifier, codeChallenge } = createPkcePair();
    const url = new URL(sut.authorizeUrl('state-123', codeChallenge));
    expect(url.origin + url.pathname).toBe(config.authUrl);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      access_type: 'offline',
      prompt: 'consent',
      code_challenge_method: 'S256',
      code_challenge: codeChallenge,
      redirect_uri: config.redirectUri,
      state: 'state-123',
    });
    expect(url.searchParams.get('scope')?.split(' ').sort()).toEqual([
      'https://www.googleapis.com/auth/calendar.calendarlist.readonly',
      'https://www.googleapis.com/auth/calendar.events.readonly',
    ]);

    const { code } = google.approve(url.href);
    const connected = await sut.exchangeCode(code, codeVerifier);
    await expect(sut.exchangeCode(code, codeVerifier)).rejects.toBeInstanceOf(ProviderAuthError);

    expect(google.isRevoked(connected.refreshToken)).toBe(false);
    expect(connected.expiresAt).toBeGreaterThan(Date.now());
    const result = await sut.sync(connected, null, window);
    expect(result.upserts.length).toBeGreaterThan(0);
  });

  it('imports instances of a recurring event, with the moved one moved and the cancelled one left out', async () => {
    const result = await sut.sync(credential, null, window);

    expect(result.full).toBe(true);
    expect(starts(result.upserts, 'Weekly physio')).toEqual([
      '2027-03-01T09:00:00.000Z',
      '2027-03-08T09:00:00.000Z',
      '2027-03-15T14:00:00.000Z',
      // 03-22 cancelled; London is on BST (UTC+1) from 03-28.
      '2027-03-29T08:00:00.000Z',
      '2027-04-05T08:00:00.000Z',
    ]);
  });

  it('blocks the whole local day of an all-day event in the calendar zone (23 h on the DST day)', async () => {
    const result = await sut.sync(credential, null, window);

    const [dayOff] = result.upserts.filter((b) => b.subject === 'Clocks change day off');
    expect([dayOff?.start.toISOString(), dayOff?.end.toISOString(), dayOff?.durationMinutes]).toEqual([
      '2027-03-28T00:00:00.000Z',
      '2027-03-28T23:00:00.000Z',
      1380,
    ]);
  });

  it('places an event in another zone on the right UTC instant after its DST change', async () => {
    const result = await sut.sync(credential, null, window);

    expect(starts(result.upserts, 'New York stand-up')).toEqual(['2027-03-15T13:00:00.000Z']);
    // A dateTime without an offset is wall-clock time in its timeZone.
    expect(starts(result.upserts, 'New York wall-clock')).toEqual(['2027-03-16T13:00:00.000Z']);
  });

  it('does not block transparent events or declined invitations', async () => {
    const result = await sut.sync(credential, null, window);

    const subjects = result.upserts.map((b) => b.subject);
    expect(subjects).not.toContain('Maybe gym');
    expect(subjects).not.toContain('Team drinks');
    expect(subjects).toContain('Dentist');
  });

  it('asks only for the fields it needs and hands out nothing else', async () => {
    google.requests.length = 0;
    const result = await sut.sync(credential, null, window);

    const listCalls = google.requests.filter((r) => r.url.pathname.endsWith('/events'));
    expect(listCalls.map((r) => r.url.searchParams.get('fields'))).toEqual([GOOGLE_EVENT_FIELDS]);
    expect(listCalls[0]!.url.searchParams.get('singleEvents')).toBe('true');
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
    for (const secret of [...SECRETS, 'physio_2027', 'dentist"']) expect(json).not.toContain(secret);
  });

  it('follows nextPageToken across pages', async () => {
    google.pageSizeLimit = 3;
    try {
      google.requests.length = 0;
      const paged = await sut.sync(credential, null, window);
      google.pageSizeLimit = 2500;
      const single = await sut.sync(credential, null, window);

      expect(google.requests.filter((r) => r.url.searchParams.has('pageToken')).length).toBeGreaterThan(1);
      expect(paged.upserts.map((b) => b.eventIdHash).sort()).toEqual(
        single.upserts.map((b) => b.eventIdHash).sort(),
      );
    } finally {
      google.pageSizeLimit = 2500;
    }
  });

  it('syncs incrementally: deleted events and cancelled instances go to deletes, changes to upserts', async () => {
    const first = await sut.sync(credential, null, window);
    const dentist = first.upserts.find((b) => b.subject === 'Dentist')!;
    const april5 = first.upserts.find((b) => b.start.toISOString() === '2027-04-05T08:00:00.000Z')!;

    google.deleteEvent('dentist');
    google.putEvent({ ...weeklyInstances()[5]!, status: 'cancelled' });
    google.putEvent({
      id: 'late',
      summary: 'Late booking',
      start: { dateTime: '2027-04-10T10:00:00Z' },
      end: { dateTime: '2027-04-10T10:30:00Z' },
    });
    const second = await sut.sync(credential, first.nextState, window);

    expect(second.full).toBe(false);
    expect(second.deletes.sort()).toEqual([dentist.eventIdHash, april5.eventIdHash].sort());
    expect(second.upserts.map((b) => b.subject)).toEqual(['Late booking']);
    const third = await sut.sync(credential, second.nextState, window);
    expect(third).toMatchObject({ full: false, upserts: [], deletes: [] });
  });

  it('falls back to a full resync when Google answers 410 Gone for the sync token', async () => {
    const first = await sut.sync(credential, null, window);
    google.invalidateSyncTokens();

    const second = await sut.sync(credential, first.nextState, window);

    expect(second.full).toBe(true);
    expect(second.upserts.map((b) => b.eventIdHash).sort()).toEqual(
      first.upserts.map((b) => b.eventIdHash).sort(),
    );
  });

  it('refreshes an expired access token and returns the updated credential', async () => {
    google.expireAccessTokens();
    google.requests.length = 0;

    const result = await sut.sync({ ...credential, expiresAt: Date.now() - 1000 }, null, window);

    expect(google.requests.some((r) => r.grantType === 'refresh_token')).toBe(true);
    expect(result.credential?.refreshToken).toBe(credential.refreshToken);
    expect(result.credential?.accessToken).not.toBe(credential.accessToken);
    expect(result.credential!.expiresAt).toBeGreaterThan(Date.now());
    expect(result.upserts.length).toBeGreaterThan(0);
  });

  it('throws ProviderAuthError when the refresh token was revoked', async () => {
    google.revokeAll();

    await expect(sut.sync({ ...credential, expiresAt: 0 }, null, window)).rejects.toBeInstanceOf(
      ProviderAuthError,
    );
    // Revoked while the access token still looked valid: the API's 401 leads to the same answer.
    await expect(sut.sync(credential, null, window)).rejects.toBeInstanceOf(ProviderAuthError);
  });

  it('retries 503s and 429s with back-off, then gives up with ProviderUnavailableError', async () => {
    google.failNext(2, 503);
    google.failNext(1, 429, '0');
    const result = await sut.sync(credential, null, window);
    expect(result.upserts.length).toBeGreaterThan(0);

    google.failNext(fastRetries.attempts, 500);
    await expect(sut.sync(credential, null, window)).rejects.toBeInstanceOf(ProviderUnavailableError);
  });

  it('gives every call a timeout: a silent server ends in ProviderUnavailableError, not a hang', async () => {
    const impatient = new GoogleCalendarProvider(config, { ...fastRetries, attempts: 2, timeoutMs: 200 });
    google.stallNext(1);
    expect((await impatient.sync(credential, null, window)).upserts.length).toBeGreaterThan(0);

    google.stallNext(2);
    await expect(impatient.sync(credential, null, window)).rejects.toBeInstanceOf(ProviderUnavailableError);
  });

  it('revokes the refresh token at Google on disconnect', async () => {
    await sut.disconnect(credential);

    expect(google.isRevoked(credential.refreshToken)).toBe(true);
    await expect(sut.sync({ ...credential, expiresAt: 0 }, null, window)).rejects.toBeInstanceOf(
      ProviderAuthError,
    );
  });
});
