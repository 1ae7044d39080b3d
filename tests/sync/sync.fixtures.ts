/**
 * Helpers of the sync suites: a desktop-like client that pulls into a map, the server's state read
 * through the REST GETs, and an SSE reader over real HTTP.
 */
import http from 'node:http';
import { expect } from 'vitest';
import { buildApp } from '../../server/app';
import type { Store } from '../../server/config';
import { openPlatform } from '../../server/platform';
import type { PlatformOptions } from '../../server/platform';
import type { TestApp } from '../support/api';
import { testConfig } from '../support/api';
import { createTestDatabase } from '../support/db';
import type { TestDatabase } from '../support/db';
import { expectCall } from '../frontdesk/front-desk.fixtures';

export type Change = { entity: string; op: 'put' | 'del'; id: string; version: number; data?: unknown };
export type PullPage = {
  cursor: string;
  hasMore: boolean;
  changes: Change[];
  lastMutationIds: Record<string, number>;
};

/** A test app (optionally on an existing database, e.g. a second instance) listening on loopback. */
export async function startSyncApp(
  store: Store,
  options: PlatformOptions & { db?: TestDatabase } = {},
): Promise<TestApp & { url: string }> {
  const { db: given, ...platformOptions } = options;
  const db = given ?? (await createTestDatabase(store));
  const config = testConfig(db);
  const platform = await openPlatform(config, platformOptions);
  const app = await buildApp(config, { platform, auditRetention: false });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    app,
    platform,
    db,
    config,
    url,
    call: ({ token, headers, ...rest }) =>
      app.inject({
        ...rest,
        headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      }),
    async close() {
      await app.close();
      if (!given) await db.drop();
    },
  };
}

/** A desktop's local copy: entity:id → data, advanced by pulls. */
export class PullClient {
  readonly state = new Map<string, unknown>();
  cursor: string | undefined;
  pages = 0;

  constructor(
    private readonly t: TestApp,
    private readonly token: string,
    private readonly limit = 1000,
  ) {}

  /** One pull page applied to the state. */
  async pullOnce(): Promise<PullPage> {
    const page = await expectCall<PullPage>(this.t, this.token, 'POST', '/v1/sync/pull', 200, {
      ...(this.cursor !== undefined ? { cursor: this.cursor } : {}),
      limit: this.limit,
    });
    for (const change of page.changes) {
      const key = `${change.entity}:${change.id}`;
      if (change.op === 'put') this.state.set(key, change.data);
      else this.state.delete(key);
    }
    this.cursor = page.cursor;
    this.pages += 1;
    return page;
  }

  /** Pulls until `hasMore` is false. */
  async pullAll(): Promise<PullPage> {
    for (;;) {
      const page = await this.pullOnce();
      if (!page.hasMore) return page;
    }
  }

  /** The state restricted to some entities. */
  of(...entities: string[]): Map<string, unknown> {
    return new Map([...this.state].filter(([key]) => entities.includes(key.split(':')[0]!)));
  }
}

/** Every page of a REST list. */
async function listAll<T extends { id: string }>(t: TestApp, token: string, url: string): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const sep = url.includes('?') ? '&' : '?';
    const page: { items: T[]; nextCursor: string | null } = await expectCall(
      t,
      token,
      'GET',
      `${url}${sep}limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      200,
    );
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

/** The server's state as the REST GETs show it, keyed like {@link PullClient.state}. */
export async function restState(
  t: TestApp,
  token: string,
  window: { from: Date; to: Date },
): Promise<Map<string, unknown>> {
  const out = new Map<string, unknown>();
  const put = (entity: string, items: { id: string }[]) =>
    items.forEach((i) => out.set(`${entity}:${i.id}`, i));
  put('location', await listAll(t, token, '/v1/locations'));
  put('staff', await listAll(t, token, '/v1/staff'));
  put('service', await listAll(t, token, '/v1/services'));
  put('customField', await listAll(t, token, '/v1/custom-fields'));
  put('customer', await listAll(t, token, '/v1/customers'));
  // The bookings listing covers at most 93 days per call.
  for (let from = window.from.getTime(); from < window.to.getTime(); from += 60 * 86_400_000) {
    const to = Math.min(from + 60 * 86_400_000, window.to.getTime());
    put(
      'booking',
      await listAll(
        t,
        token,
        `/v1/bookings?from=${encodeURIComponent(new Date(from).toISOString())}&to=${encodeURIComponent(new Date(to).toISOString())}`,
      ),
    );
  }
  return out;
}

/** Restricts a state map to some entities. */
export function only(state: Map<string, unknown>, ...entities: string[]): Map<string, unknown> {
  return new Map([...state].filter(([key]) => entities.includes(key.split(':')[0]!)));
}

/** A `GET /v1/sync/events` stream read over HTTP. */
export class EventStream {
  readonly pokes: number[] = [];
  readonly comments: string[] = [];
  #buffer = '';
  #waiters: (() => void)[] = [];
  private constructor(private readonly request: http.ClientRequest) {}

  static open(baseUrl: string, token: string): Promise<EventStream> {
    return new Promise((resolve, reject) => {
      const request = http.get(`${baseUrl}/v1/sync/events`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const stream = new EventStream(request);
      request.on('response', (response) => {
        expect(response.statusCode).toBe(200);
        expect(response.headers['content-type']).toMatch(/^text\/event-stream/);
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          stream.feed(chunk);
          if (stream.comments.includes('connected')) resolve(stream);
        });
      });
      request.on('error', reject);
    });
  }

  private feed(chunk: string): void {
    this.#buffer += chunk;
    let end: number;
    while ((end = this.#buffer.indexOf('\n\n')) >= 0) {
      const block = this.#buffer.slice(0, end);
      this.#buffer = this.#buffer.slice(end + 2);
      if (block.startsWith(':')) this.comments.push(block.slice(1).trim());
      else if (block.startsWith('event: poke\ndata: ')) {
        this.pokes.push(
          (JSON.parse(block.slice('event: poke\ndata: '.length)) as { version: number }).version,
        );
      }
    }
    for (const wake of this.#waiters.splice(0)) wake();
  }

  /** Resolves once `predicate` holds (checked on every event); the test's timeout bounds the wait. */
  async until(predicate: (s: EventStream) => boolean): Promise<void> {
    while (!predicate(this)) await new Promise<void>((resolve) => this.#waiters.push(resolve));
  }

  close(): void {
    this.request.destroy();
  }
}
