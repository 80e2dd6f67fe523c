import { isIP } from 'node:net';

/** Strips the IPv4-mapped IPv6 prefix so that one client has one address. */
export function normalizeAddress(address: string | undefined): string {
  if (!address) return 'unknown';
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

/**
 * The client address: the socket's peer, unless that peer is a trusted proxy, in which case
 * X-Forwarded-For is read right to left, skipping trusted proxies (a client can prepend
 * anything, so only entries added by our own proxies are believed).
 */
export function clientAddress(socketAddress: string | undefined, forwardedFor: string | string[] | undefined, trusted: readonly string[]): string {
  let address = normalizeAddress(socketAddress);
  if (!trusted.includes(address) || !forwardedFor) return address;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor)
    .split(',')
    .map((s) => normalizeAddress(s.trim()))
    .filter(Boolean);
  while (hops.length && trusted.includes(address)) {
    const next = hops.pop()!;
    if (!isIP(next)) break;
    address = next;
  }
  return address;
}
