/**
 * A real HTTP server of the API for sign-in tests (plain `fetch`, as the desktop or curl would call it),
 * on a fresh database of either store, with an injectable clock and sign-in limits.
 */
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../server/app';
import type { Store } from '../../../server/config';
import type { AddressRateLimit } from '../../../server/oauth/authorize.routes';
import { openPlatform } from '../../../server/platform';
import type { Platform, PlatformOptions } from '../../../server/platform';
import { testConfig } from '../../support/api';
import { createTestDatabase } from '../../support/db';
import type { TestDatabase } from '../../support/db';

/** A settable clock: `clock.now()` is real time shifted by `clock.offsetMs`. */
export class TestClock {
  offsetMs = 0;
  readonly now = (): Date => new Date(Date.now() + this.offsetMs);
}

export interface AuthApp {
  baseUrl: string;
  app: FastifyInstance;
  platform: Platform;
  db: TestDatabase;
  clock: TestClock;
  close(): Promise<void>;
}

export interface AuthAppOptions extends Omit<PlatformOptions, 'now'> {
  signInAddressLimit?: AddressRateLimit;
  masterKeys?: string;
  /** Reuse an existing database (it is then not dropped on close). */
  db?: TestDatabase;
}

export async function startAuthApp(store: Store, options: AuthAppOptions = {}): Promise<AuthApp> {
  const db = options.db ?? (await createTestDatabase(store));
  const config = testConfig(db, options.masterKeys ? { masterKeys: options.masterKeys } : {});
  const clock = new TestClock();
  const platform = await openPlatform(config, { ...options, now: clock.now });
  const app = await buildApp(config, {
    platform,
    signInAddressLimit: options.signInAddressLimit ?? { max: 10_000, timeWindowMs: 60_000 },
    auditRetention: false,
    housekeeping: false,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    app,
    platform,
    db,
    clock,
    async close() {
      await app.close();
      if (!options.db) await db.drop();
    },
  };
}
