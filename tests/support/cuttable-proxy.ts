/**
 * A TCP relay in front of a real server that can be cut like a dropped line: while cut, open
 * connections are torn down and new ones are reset at once, so clients see the network errors an
 * unreachable API gives (never an HTTP answer).
 */
import type { Socket } from 'node:net';
import { connect, createServer } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface CuttableProxy {
  /** `http://127.0.0.1:<port>` of the relay. */
  url: string;
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startCuttableProxy(targetPort: number): Promise<CuttableProxy> {
  let down = false;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    if (down) return void client.resetAndDestroy();
    const upstream = connect(targetPort, '127.0.0.1');
    const pair = [client, upstream];
    pair.forEach((socket) => sockets.add(socket));
    const end = () =>
      pair.forEach((socket) => {
        socket.destroy();
        sockets.delete(socket);
      });
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    cut: () => {
      down = true;
      for (const socket of sockets) socket.resetAndDestroy();
      sockets.clear();
    },
    restore: () => {
      down = false;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
