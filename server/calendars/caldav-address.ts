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
