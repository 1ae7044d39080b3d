/**
 * The desk's event stream against a real HTTP server on loopback that speaks text/event-stream:
 * pokes reach the desk, a silent connection is taken for dead and reopened, a 401 is reported as
 * unauthorized, and stopping never hangs (even while the token is being fetched).
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { EventStream } from './event-stream';

let server: Server | null = null;
const listen = async (handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> => {
  server = createServer(handler);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/sync/events`;
};
const until = async (check: () => boolean) => {
  for (let i = 0; i < 400 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(check()).toBe(true);
};

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = null;
});

describe(EventStream.name, () => {
  it('passes each poke on with its version, with the bearer credential', async () => {
    const seen: string[] = [];
    const url = await listen((req, res) => {
      seen.push(req.headers.authorization ?? '');
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(': heartbeat\n\nevent: poke\ndata: {"version": 7}\n\n');
      res.write('event: poke\ndata: {"version": 8}\n\n');
    });
    const pokes: number[] = [];
    let opened = 0;
    const sut = new EventStream({
      url,
      accessToken: async () => 'token-1',
      onPoke: (v) => pokes.push(v),
      onOpen: () => opened++,
      onDown: () => undefined,
    });
    sut.start();
    await until(() => pokes.length === 2);
    await sut.stop();
    expect(pokes).toEqual([7, 8]);
    expect(opened).toBe(1);
    expect(seen).toEqual(['Bearer token-1']);
  });

  it('takes a silent stream for dead and connects again', async () => {
    let connections = 0;
    const url = await listen((_req, res) => {
      connections++;
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(': hello\n\n'); // then silence, as a dropped Wi-Fi leaves it
    });
    const sut = new EventStream({
      url,
      accessToken: async () => 't',
      onPoke: () => undefined,
      onOpen: () => undefined,
      onDown: () => undefined,
      deadAfterMs: 100,
      backoffMs: 10,
      maxBackoffMs: 20,
    });
    sut.start();
    await until(() => connections >= 3);
    await sut.stop();
  });

  it('reports a refused credential as unauthorized', async () => {
    const url = await listen((_req, res) => res.writeHead(401).end());
    const downs: string[] = [];
    const sut = new EventStream({
      url,
      accessToken: async () => 'revoked',
      onPoke: () => undefined,
      onOpen: () => undefined,
      onDown: (reason) => downs.push(reason),
      backoffMs: 10,
      maxBackoffMs: 20,
    });
    sut.start();
    await until(() => downs.length >= 1);
    await sut.stop();
    expect(downs[0]).toBe('unauthorized');
  });

  it('stops while the token is still being fetched, and never opens afterwards', async () => {
    let connections = 0;
    const url = await listen((_req, res) => {
      connections++;
      res.writeHead(200, { 'content-type': 'text/event-stream' });
    });
    let release: (token: string) => void = () => undefined;
    const sut = new EventStream({
      url,
      accessToken: () => new Promise<string>((resolve) => (release = resolve)),
      onPoke: () => undefined,
      onOpen: () => undefined,
      onDown: () => undefined,
    });
    sut.start();
    await new Promise((r) => setTimeout(r, 20));
    const stopped = sut.stop();
    release('late');
    await stopped;
    await new Promise((r) => setTimeout(r, 50));
    expect(connections).toBe(0);
  });
});
