/**
 * CalDAV addresses are checked when connecting and the checked address is pinned for the connection:
 * a name that later resolves into the server's own network (DNS rebinding) or a redirect to such an
 * address never makes the server call there. Against real Radicale on 127.0.0.1; the resolver is
 * injected (the test's "calendar.test" names) and 127.0.0.2 plays the server's internal network,
 * where a trap listens on the same port and must never be contacted.
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pinCalDavAddress } from '../../server/calendars/caldav-address';
import type { CalDavNetwork } from '../../server/calendars/caldav-address';
import { CalDavProvider } from '../../server/calendars/caldav.provider';
import type { SyncWindow } from '../../server/calendars/calendar-provider';
import { startRadicale, type RadicaleServer } from '../fakes/radicale';
import { FAST_RETRIES } from './support/calendar-app';

const INTERNAL = '127.0.0.2';
const window: SyncWindow = {
  from: new Date('2027-03-01T00:00:00Z'),
  to: new Date('2027-04-01T00:00:00Z'),
  timeZone: 'Europe/London',
};

function listen(server: Server, host: string, port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

describe('CalDAV address pinning', () => {
  let radicale: RadicaleServer;
  let port: number;
  let trap: Server;
  let trapHits = 0;
  let redirector: Server;
  let redirectorPort: number;
  /** What the injected resolver answers now: the rebinding flips it to the internal address. */
  let answer = '127.0.0.1';
  const resolved: string[] = [];
  const network: CalDavNetwork = {
    allowInternal: false,
    isInternal: (address) => address === INTERNAL,
    resolve: async (hostname) => {
      resolved.push(hostname);
      if (hostname === 'internal.test') return [{ address: INTERNAL, family: 4 }];
      if (hostname === 'calendar.test') return [{ address: answer, family: 4 }];
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    },
  };

  beforeAll(async () => {
    radicale = await startRadicale();
    port = Number(new URL(radicale.url).port);
    await radicale.createCalendar('personal');
    trap = createServer((_req, res) => {
      trapHits += 1;
      res.statusCode = 500;
      res.end('internal service');
    });
    await listen(trap, INTERNAL, port);
    redirector = createServer((_req, res) => {
      res.statusCode = 301;
      res.setHeader('location', `http://internal.test:${port}/`);
      res.end();
    });
    redirectorPort = await listen(redirector, '127.0.0.1');
  });
  afterAll(async () => {
    await radicale?.stop();
    trap?.close();
    redirector?.close();
  });

  const credentialFor = (serverUrl: string, pinnedAddress?: string) => ({
    serverUrl,
    username: radicale.username,
    password: radicale.password,
    ...(pinnedAddress ? { pinnedAddress } : {}),
  });

  it('pins the address checked at connect time, and refuses a name that resolves inside', async () => {
    answer = '127.0.0.1';
    expect(await pinCalDavAddress(`http://calendar.test:${port}/`, network)).toBe('127.0.0.1');
    answer = INTERNAL;
    expect(await pinCalDavAddress(`http://calendar.test:${port}/`, network)).toBeNull();
    expect(await pinCalDavAddress(`http://${INTERNAL}:${port}/`, network)).toBeNull();
  });

  it('keeps syncing with the pinned address after the name is rebound to an internal one', async () => {
    answer = INTERNAL; // rebound after the connect-time check
    const sut = new CalDavProvider(FAST_RETRIES, network);
    const result = await sut.sync(credentialFor(`http://calendar.test:${port}/`, '127.0.0.1'), null, window);
    expect(result.upserts).toEqual([]);
    expect(trapHits).toBe(0);
  });

  it('refuses a redirect into the internal network without contacting it', async () => {
    const sut = new CalDavProvider(FAST_RETRIES, network);
    answer = '127.0.0.1';
    await expect(
      sut.sync(credentialFor(`http://calendar.test:${redirectorPort}/`, '127.0.0.1'), null, window),
    ).rejects.toThrow();
    expect(resolved).toContain('internal.test');
    expect(trapHits).toBe(0);
  });
});
