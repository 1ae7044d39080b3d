/**
 * DNS-rebinding guard: a page of another site can point its own name at 127.0.0.1 and make the
 * browser call an API listening on loopback. The browser still sends that name in `Host`, so the API
 * answers only to the names it is really reached under: the loopback names (`localhost`, 127.0.0.0/8,
 * `[::1]`) and the host (with its port) of `PUBLIC_URL`. Anything else gets 421 Misdirected Request
 * (problem+json) before any route, hook or body parser runs.
 *
 * The port of a loopback name is not compared with the listening port: a browser sends
 * `Host: localhost:X` only for a connection it opened to port X, so a rebinding page can never send a
 * loopback name to us, while a local relay or port forward (ssh -L, tests' cut-able proxy) and
 * in-process `app.inject` legitimately do with another port.
 *
 * Bound to a non-loopback address without `PUBLIC_URL` the API cannot know its names, so the check is
 * off there (production sets `PUBLIC_URL`). `/healthz` and `/readyz` reveal nothing and are exempt, so a
 * load balancer may probe an instance by its address.
 */
import type { FastifyInstance } from 'fastify';
import { problem, sendProblem } from './problem';

const EXEMPT_PATHS = new Set(['/healthz', '/readyz']);

function isLoopbackName(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(hostname);
}

/** `host[:port]` → lower-case hostname (IPv6 kept in brackets) and port (null when absent). */
function parseHost(value: string): { hostname: string; port: number | null } | null {
  const match = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/i.exec(value.trim());
  if (!match) return null;
  return { hostname: match[1]!.toLowerCase(), port: match[2] === undefined ? null : Number(match[2]) };
}

export function installHostCheck(
  app: FastifyInstance,
  options: { bindHost: string; publicUrl?: string },
): void {
  const bindIsLoopback = isLoopbackName(options.bindHost) || options.bindHost === '::1';
  if (!bindIsLoopback && !options.publicUrl) return;
  const publicUrl = options.publicUrl ? new URL(options.publicUrl) : undefined;
  const publicPort = publicUrl
    ? Number(publicUrl.port || (publicUrl.protocol === 'https:' ? 443 : 80))
    : undefined;

  const allowed = (header: string | undefined): boolean => {
    const host = header === undefined ? null : parseHost(header);
    if (!host) return false;
    if (publicUrl && host.hostname === publicUrl.hostname.toLowerCase()) {
      return (host.port ?? (publicUrl.protocol === 'https:' ? 443 : 80)) === publicPort;
    }
    return isLoopbackName(host.hostname);
  };

  app.addHook('onRequest', (request, reply, done) => {
    if (EXEMPT_PATHS.has(request.url.split('?', 1)[0]!) || allowed(request.headers.host)) {
      done();
      return;
    }
    sendProblem(
      reply,
      problem(421, 'this server does not answer to that Host name', {
        slug: 'misdirected-request',
        errors: [{ path: 'headers.host', message: 'not a name of this server' }],
      }),
    );
  });
}
