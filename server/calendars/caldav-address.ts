/**
 * Where a hosted server may send CalDAV requests: a tenant-supplied `serverUrl` must not reach the
 * server's own network (loopback, private, link-local, carrier-grade NAT, multicast, unspecified),
 * or connecting a "calendar" would probe internal services. Checked when connecting and before every
 * sync (the name may resolve elsewhere later). Embedded (desktop) servers allow them: a LAN CalDAV
 * server is the user's own.
 */
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

const INTERNAL = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['224.0.0.0', 3],
] as const) {
  INTERNAL.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 127], // :: and ::1
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  INTERNAL.addSubnet(network, prefix, 'ipv6');
}

function isInternal(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return INTERNAL.check(mapped, 'ipv4');
  return INTERNAL.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');
}

/** True when `url`'s host is, or resolves to, an internal address (or does not resolve at all). */
export async function reachesInternalNetwork(url: string): Promise<boolean> {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) return isInternal(host);
  try {
    const addresses = await lookup(host, { all: true, verbatim: true });
    return addresses.length === 0 || addresses.some((a) => isInternal(a.address));
  } catch {
    return false; // unresolvable: the sync fails as "unreachable" anyway
  }
}

/** How a CalDAV sync reaches servers: whether internal addresses are allowed, and (tests) the resolver. */
export interface CalDavNetwork {
  /** Embedded (desktop) servers: a LAN CalDAV server is the user's own. */
  allowInternal: boolean;
  resolve?: (hostname: string) => Promise<{ address: string; family: number }[]>;
  /** Which addresses count as the server's own network (default: the block list above). */
  isInternal?: (address: string) => boolean;
}

/** Refused: the name or address is (or resolves into) the server's own network. */
export class InternalAddressError extends Error {
  constructor(readonly host: string) {
    super(`CalDAV: ${host} is not a public address`);
  }
}

const systemResolve = (hostname: string) => lookup(hostname, { all: true, verbatim: true });

/**
 * The addresses one sync talks to, each checked once and then used for every request to that name:
 * what is checked is exactly what is connected to, so a name that resolves elsewhere later (DNS
 * rebinding) is never followed. The connection's own host starts pinned to the address checked at
 * connect time; other hosts (hrefs, redirects) are resolved, checked and pinned when first met.
 */
export class AddressPins {
  readonly #pins = new Map<string, { address: string; family: number }>();

  constructor(
    private readonly network: CalDavNetwork,
    initial?: { hostname: string; address: string },
  ) {
    if (initial) {
      const family = isIP(initial.address);
      if (family) this.#pins.set(bare(initial.hostname), { address: initial.address, family });
    }
  }

  /** The checked address to connect to for `hostname`; throws InternalAddressError when refused. */
  async addressFor(hostname: string): Promise<{ address: string; family: number }> {
    const host = bare(hostname);
    const internal = this.network.isInternal ?? isInternal;
    const family = isIP(host);
    if (family) {
      if (!this.network.allowInternal && internal(host)) throw new InternalAddressError(host);
      return { address: host, family };
    }
    const pinned = this.#pins.get(host);
    if (pinned) {
      if (!this.network.allowInternal && internal(pinned.address)) throw new InternalAddressError(host);
      return pinned;
    }
    const addresses = await (this.network.resolve ?? systemResolve)(host);
    if (addresses.length === 0)
      throw Object.assign(new Error(`no address for ${host}`), { code: 'ENOTFOUND' });
    if (!this.network.allowInternal && addresses.some((a) => internal(a.address)))
      throw new InternalAddressError(host);
    const chosen = { address: addresses[0]!.address, family: addresses[0]!.family };
    this.#pins.set(host, chosen);
    return chosen;
  }
}

const bare = (hostname: string) => hostname.replace(/^\[|\]$/g, '').toLowerCase();

/**
 * Connect time: the address `serverUrl`'s host resolves to, checked (null when it is, or resolves
 * into, the server's own network, or does not resolve); stored with the connection and used for
 * every later sync instead of resolving the name again.
 */
export async function pinCalDavAddress(serverUrl: string, network: CalDavNetwork): Promise<string | null> {
  try {
    return (await new AddressPins(network).addressFor(new URL(serverUrl).hostname)).address;
  } catch {
    return null;
  }
}
