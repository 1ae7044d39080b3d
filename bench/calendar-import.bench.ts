/**
 * Calendar import: a full Google import of 10,000 events from the fake Google Calendar API, then an
 * incremental sync carrying 100 changes. Baseline: the fake server's own time to serve the same
 * pages to a plain fetch loop (same query, same token), in the same run. Goals: < 3 s and < 200 ms.
 */
import { performance } from 'node:perf_hooks';
import {
  GOOGLE_EVENT_FIELDS,
  GoogleCalendarProvider,
  type GoogleSyncState,
} from '../server/calendars/google.provider';
import type { SyncWindow } from '../server/calendars/calendar-provider';
import { FakeGoogleCalendar, type GoogleEvent } from '../tests/fakes/google-calendar.fake';
import { median, printBench } from './report';

const EVENTS = 10_000;
const CHANGES = 100;
const RUNS = 3;
const window: SyncWindow = { from: new Date('2027-01-01T00:00:00Z'), to: new Date('2027-05-01T00:00:00Z') };

function event(i: number, revision = 0): GoogleEvent {
  const start = new Date(window.from.getTime() + (i % 2800) * 3600_000 + Math.floor(i / 2800) * 900_000);
  const end = new Date(start.getTime() + 45 * 60_000);
  return {
    id: `evt${i.toString(36).padStart(6, '0')}`,
    summary: `Client appointment ${i}${revision ? ` (rev ${revision})` : ''}`,
    description: 'Notes the adapter must never keep. '.repeat(4),
    location: 'Somewhere private 12',
    attendees: [
      { email: 'stylist@example.com', self: true, responseStatus: 'accepted' },
      { email: `client${i}@example.org`, displayName: `Client ${i}`, responseStatus: 'accepted' },
    ],
    start: { dateTime: start.toISOString(), timeZone: 'Europe/London' },
    end: { dateTime: end.toISOString(), timeZone: 'Europe/London' },
  };
}

/** The fake serving the same pages to a bare fetch loop: the floor any client could reach. */
async function servePlainly(google: FakeGoogleCalendar, accessToken: string): Promise<number> {
  const t0 = performance.now();
  let pageToken: string | undefined;
  let items = 0;
  do {
    const q = new URLSearchParams({
      singleEvents: 'true',
      maxResults: '2500',
      fields: GOOGLE_EVENT_FIELDS,
      timeMin: window.from.toISOString(),
      timeMax: window.to.toISOString(),
      ...(pageToken ? { pageToken } : {}),
    });
    const response = await fetch(`${google.endpoints.apiBase}calendar/v3/calendars/primary/events?${q}`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    const page = (await response.json()) as { items: unknown[]; nextPageToken?: string };
    items += page.items.length;
    pageToken = page.nextPageToken;
  } while (pageToken);
  if (items !== EVENTS) throw new Error(`baseline saw ${items} events`);
  return performance.now() - t0;
}

export async function run(): Promise<void> {
  const google = await new FakeGoogleCalendar().start();
  try {
    for (let i = 0; i < EVENTS; i++) google.putEvent(event(i));
    const credential = google.issueTokens();
    const sut = new GoogleCalendarProvider({
      clientId: google.clientId,
      clientSecret: google.clientSecret,
      redirectUri: 'http://127.0.0.1/callback',
      ...google.endpoints,
    });

    await sut.sync(credential, null, window); // warm-up: module loading, JIT
    await servePlainly(google, credential.accessToken);

    const initial: number[] = [];
    const baseline: number[] = [];
    let state: GoogleSyncState | null = null;
    for (let r = 0; r < RUNS; r++) {
      baseline.push(await servePlainly(google, credential.accessToken));
      const t0 = performance.now();
      const result = await sut.sync(credential, null, window);
      initial.push(performance.now() - t0);
      if (result.upserts.length !== EVENTS) throw new Error(`imported ${result.upserts.length} blocks`);
      state = result.nextState;
    }

    const incremental: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      // 100 changes: 60 edits, 25 new events, 15 deletions.
      const base = r * CHANGES;
      for (let i = 0; i < 60; i++) google.putEvent(event(base + i, r + 1));
      for (let i = 0; i < 25; i++) google.putEvent(event(EVENTS + base + i));
      for (let i = 0; i < 15; i++) google.deleteEvent(event(5_000 + base + i).id!);
      const t0 = performance.now();
      const result = await sut.sync(credential, state, window);
      incremental.push(performance.now() - t0);
      if (result.full || result.upserts.length + result.deletes.length !== CHANGES) {
        throw new Error(
          `incremental sync saw ${result.upserts.length} upserts, ${result.deletes.length} deletes`,
        );
      }
      state = result.nextState;
    }

    console.log(
      `calendar-import: initial ${EVENTS} events median ${median(initial).toFixed(1)} ms (goal < 3000), ` +
        `incremental ${CHANGES} changes median ${median(incremental).toFixed(1)} ms (goal < 200), ` +
        `fake server alone ${median(baseline).toFixed(1)} ms`,
    );
    printBench('calendar-import', median(initial), 'ms', median(baseline));
  } finally {
    await google.stop();
  }
}
