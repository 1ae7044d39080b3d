/**
 * Desks against a real API listening on loopback: the API can be stopped and started again on the
 * same port and database (the line going down and coming back), and each desk is the real engine
 * (main/desk/Desk) over its own cache file.
 */
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeskEvent } from '../../core/ipc/desk-events';
import { CacheCipher } from '../../main/cache/cache.cipher';
import { openDeskCacheWith } from '../../main/cache/desk-cache';
import { ScheduleCache } from '../../main/cache/schedule.cache';
import { Desk } from '../../main/desk/desk';
import type { Store } from '../../server/config';
import { startClockedApp } from '../frontdesk/front-desk.fixtures';
import type { TestClock } from '../frontdesk/front-desk.fixtures';
import type { TestApp } from '../support/api';
import { createTestDatabase } from '../support/db';
import type { TestDatabase } from '../support/db';

/** The platform's clock following real time (the desks use the real clock too). */
export const realClock = (): TestClock => ({ now: () => new Date() }) as unknown as TestClock;

/** An API on 127.0.0.1 that a test can take down and bring back on the same port and database. */
export class LoopbackApi {
  t!: TestApp;
  port = 0;
  private constructor(private readonly db: TestDatabase) {}

  static async start(store: Store): Promise<LoopbackApi> {
    const api = new LoopbackApi(await createTestDatabase(store));
    await api.up();
    return api;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async up(): Promise<void> {
    this.t = await startClockedApp(this.db.store, realClock(), this.db);
    await this.t.app.listen({ host: '127.0.0.1', port: this.port });
    this.port = (this.t.app.server.address() as AddressInfo).port;
  }

  /** Stops listening and closes the database (open event streams are cut). */
  async down(): Promise<void> {
    this.t.app.server.closeAllConnections();
    await this.t.app.close();
  }

  async close(): Promise<void> {
    await this.down().catch(() => undefined);
    await this.db.drop();
  }
}

export interface TestDesk {
  desk: Desk;
  events: DeskEvent[];
  file: string;
  close(): Promise<void>;
}

/** What a test may change in a desk: small pull pages, a look at each event as it is emitted, its network. */
export interface TestDeskOptions {
  pullPageSize?: number;
  onEvent?: (event: DeskEvent, desk: Desk) => void;
  fetchFn?: typeof fetch;
}

/** A desk over a fresh cache file (or `file`), signed in with `token`, started. */
export function openTestDesk(
  apiBaseUrl: string,
  token: string,
  file?: string,
  options: TestDeskOptions = {},
): TestDesk {
  const cacheFile = file ?? join(mkdtempSync(join(tmpdir(), 'bookdesk-desk-')), 'cache.sqlite');
  const cipher = CacheCipher.withRandomKey();
  const { db } = openDeskCacheWith(cacheFile, cipher);
  const events: DeskEvent[] = [];
  const desk = new Desk({
    db,
    cache: new ScheduleCache(db, cipher),
    cipher,
    apiBaseUrl,
    accessToken: async () => token,
    onSignedOut: () => undefined,
    emit: (event) => {
      events.push(event);
      options.onEvent?.(event, desk);
    },
    ...(options.pullPageSize !== undefined ? { pullPageSize: options.pullPageSize } : {}),
    ...(options.fetchFn ? { fetchFn: options.fetchFn } : {}),
    timing: { retryMs: 50, maxRetryMs: 300, safetyPullMs: 60_000 },
  });
  desk.start();
  return {
    desk,
    events,
    file: cacheFile,
    async close() {
      await desk.stop();
      db.close();
    },
  };
}

/** Resolves once `check` holds, polling every 5 ms; fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => T | null | undefined | false,
  timeoutMs = 10_000,
): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
