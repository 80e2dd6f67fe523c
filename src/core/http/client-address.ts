import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import type { TrustedProxies } from './trusted-proxies';

/** The longest textual IP address (IPv6 with an IPv4 tail); the columns that store addresses hold this. */
export const MAX_ADDRESS_LENGTH = 45;

/**
 * One client, one spelling: strips the IPv4-mapped IPv6 prefix and an IPv6 zone id
 * (`fe80::1%eth0`; zone ids are local to the proxy and unbounded in length, which made
 * sign-in a 500 on MariaDB), and writes IPv6 in its canonical compressed lower-case form.
 * Anything that is not an IP address comes back unchanged (callers check with isIP).
 */
export function normalizeAddress(address: string | undefined): string {
  if (!address) return 'unknown';
  let text = address.trim();
  if (text.startsWith('[') && text.endsWith(']')) text = text.slice(1, -1);
  const zone = text.indexOf('%');
  if (zone > 0 && isIP(text.slice(0, zone)) === 6) text = text.slice(0, zone);
  if (text.toLowerCase().startsWith('::ffff:') && isIP(text.slice(7)) === 4) return text.slice(7);
  if (isIP(text) === 6) {
    const canonical = new URL(`http://[${text}]/`).hostname.slice(1, -1);
    return canonical.startsWith('::ffff:') ? mappedIPv4(canonical) : canonical;
  }
  return text;
}

/** `::ffff:a00:5` (what URL writes for ::ffff:10.0.0.5) back to 10.0.0.5. */
function mappedIPv4(canonical: string): string {
  const groups = canonical.slice(7).split(':');
  if (groups.length !== 2) return canonical;
  const [high, low] = groups.map((g) => parseInt(g, 16));
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

/**
 * The client address: the socket's peer, unless that peer is a trusted proxy, in which case
 * X-Forwarded-For is read right to left, skipping trusted proxies (a client can prepend
 * anything, so only entries added by our own proxies are believed). Entries that are not IP
 * addresses are skipped. Returns null when a trusted proxy sent X-Forwarded-For without any
 * valid address (empty or garbage): charging that to the proxy's own address made all its
 * clients share one throttle counter, so the request is refused instead.
 */
export function clientAddress(socketAddress: string | undefined, forwardedFor: string | string[] | undefined, trusted: TrustedProxies): string | null {
  let address = normalizeAddress(socketAddress);
  if (!trusted.trusts(address) || forwardedFor === undefined) return address;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor)
    .split(',')
    .map((hop) => normalizeAddress(hop))
    .filter((hop) => isIP(hop) !== 0);
  if (!hops.length) return null;
  while (hops.length && trusted.trusts(address)) address = hops.pop()!;
  return address;
}

const resolved = new WeakMap<IncomingMessage, string | null>();

/**
 * clientAddress of one request, worked out once: the early-throttle hook, the guard and the
 * access log line all need it, and X-Forwarded-For cannot change while a request is handled.
 */
export function requestClientAddress(req: IncomingMessage, trusted: TrustedProxies): string | null {
  let address = resolved.get(req);
  if (address === undefined) {
    address = clientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for'], trusted);
    resolved.set(req, address);
  }
  return address;
}
