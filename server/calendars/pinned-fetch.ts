/**
 * A `fetch` for CalDAV that connects only to checked addresses (./caldav-address.ts `AddressPins`):
 * every request, and every redirect it is sent to, connects to the address pinned for its host name,
 * through node:http(s) with a fixed `lookup`, so nothing resolves the name again between the check and
 * the connection. TLS still verifies the certificate for the host name (SNI = the name). Redirects
 * are followed by hand (at most 5), each target checked like the first request.
 */
import { request as httpRequest } from 'node:http';
import type { IncomingMessage, RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressPins } from './caldav-address';

const MAX_REDIRECTS = 5;
/** CalDAV answers are small; a larger body is refused rather than buffered without bound. */
const MAX_BODY_BYTES = 32 * 1024 * 1024;

type Fetch = typeof globalThis.fetch;

export function pinnedFetch(pins: AddressPins): Fetch {
  return async (input, init = {}) => {
    let url = new URL(input instanceof Request ? input.url : String(input));
    let method = (init.method ?? 'GET').toUpperCase();
    let body = init.body as string | Uint8Array | null | undefined;
    const headers = new Headers(init.headers);
    for (let redirects = 0; ; redirects++) {
      const response = await send(pins, url, method, headers, body, init.signal ?? undefined);
      const location = response.headers.location;
      if (![301, 302, 303, 307, 308].includes(response.statusCode ?? 0) || !location) {
        return toResponse(response);
      }
      response.resume();
      if (redirects >= MAX_REDIRECTS) throw new Error('CalDAV: too many redirects');
      const next = new URL(location, url);
      if (next.protocol !== 'http:' && next.protocol !== 'https:') throw new Error('CalDAV: bad redirect');
      // Credentials never follow a redirect to another origin.
      if (next.origin !== url.origin) headers.delete('authorization');
      if (response.statusCode === 303 || ((response.statusCode ?? 0) <= 302 && method === 'POST')) {
        method = 'GET';
        body = undefined;
      }
      url = next;
    }
  };
}

async function send(
  pins: AddressPins,
  url: URL,
  method: string,
  headers: Headers,
  body: string | Uint8Array | null | undefined,
  signal: AbortSignal | undefined,
): Promise<IncomingMessage> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('CalDAV: only http(s)');
  const { address, family } = await pins.addressFor(url.hostname);
  const options: RequestOptions = {
    protocol: url.protocol,
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port || undefined,
    path: `${url.pathname}${url.search}`,
    method,
    headers: Object.fromEntries(headers.entries()),
    agent: false,
    signal,
    lookup: (_hostname, lookupOptions, callback) => {
      if ((lookupOptions as { all?: boolean }).all) {
        (callback as (e: null, addresses: { address: string; family: number }[]) => void)(null, [
          { address, family },
        ]);
      } else callback(null, address, family);
    },
  };
  return new Promise((resolve, reject) => {
    const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(options, resolve);
    req.on('error', reject);
    if (body !== undefined && body !== null) req.end(body);
    else req.end();
  });
}

async function toResponse(message: IncomingMessage): Promise<Response> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of message) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) {
      message.destroy();
      throw new Error('CalDAV: response too large');
    }
    chunks.push(chunk as Buffer);
  }
  const headers = new Headers();
  for (const [name, value] of Object.entries(message.headers)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  const status = message.statusCode ?? 500;
  const nullBody = [101, 204, 205, 304].includes(status);
  return new Response(nullBody ? null : Buffer.concat(chunks), {
    status,
    statusText: message.statusMessage,
    headers,
  });
}
