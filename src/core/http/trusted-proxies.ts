// TRUST_PROXY: the proxies whose X-Forwarded-* headers are believed. Entries are addresses or
// CIDR ranges in any textual form; each is normalised the way client addresses are
// (normalizeAddress), so `::ffff:127.0.0.1`, ` 127.0.0.1 ` and `127.0.0.1` are one entry, and
// `0:0:0:0:0:0:0:1` is `::1`. Comparing raw text trusted nothing when the spellings differed
// (the socket says `127.0.0.1`, the entry `::ffff:127.0.0.1`), and a range was refused.
import { isIP } from 'node:net';
import { normalizeAddress } from './client-address';

/** The answer to "is this socket peer one of our proxies?" (a normalised address or not). */
export interface TrustedProxies {
  trusts(address: string): boolean;
  /** The entries in their normalised form (`10.0.0.0/8`, `::1`), for logs and tests. */
  readonly entries: readonly string[];
}

/** Why an entry cannot be read; the caller names the variable. */
export class TrustedProxyEntryError extends Error {}

/** Every address as a 128-bit number: IPv4 in the IPv4-mapped range ::ffff:0:0/96, as IPv6 stacks see it. */
const MAPPED_IPV4 = 0xffffn << 32n;

function ipv4Bits(address: string): bigint {
  return address.split('.').reduce((bits, octet) => (bits << 8n) | BigInt(Number(octet)), 0n);
}

/** `address` is normalised: IPv4 dotted, or canonical compressed IPv6 (hex groups only). */
function addressBits(address: string): bigint {
  if (isIP(address) === 4) return MAPPED_IPV4 | ipv4Bits(address);
  const [head, tail] = address.includes('::') ? address.split('::') : [address, null];
  const groups = (text: string) => (text ? text.split(':') : []);
  const high = groups(head);
  const low = tail === null ? [] : groups(tail);
  const all = [...high, ...Array<string>(8 - high.length - low.length).fill('0'), ...low];
  return all.reduce((bits, group) => (bits << 16n) | BigInt(parseInt(group, 16)), 0n);
}

interface Range {
  network: bigint;
  /** Bits of the 128 that must match. */
  prefix: number;
}

const inRange = (bits: bigint, range: Range) => bits >> BigInt(128 - range.prefix) === range.network >> BigInt(128 - range.prefix);

/** One entry: an address (`10.0.0.1`, `[::1]`, `::ffff:10.0.0.1`) or a range (`10.0.0.0/8`, `fd00::/8`). */
function parseEntry(written: string): { text: string; exact?: string; range?: Range } {
  const entry = written.trim();
  const slash = entry.indexOf('/');
  const addressText = (slash < 0 ? entry : entry.slice(0, slash)).trim();
  const address = normalizeAddress(addressText);
  const family = isIP(address);
  if (!addressText || family === 0) throw new TrustedProxyEntryError(`"${entry}" is not an IP address or CIDR range`);
  if (slash < 0) return { text: address, exact: address };
  // The prefix counts bits of the address as written: /8 of 10.0.0.0, /104 of ::ffff:10.0.0.0.
  const writtenAsIPv6 = addressText.includes(':');
  const maxPrefix = writtenAsIPv6 ? 128 : 32;
  const prefixText = entry.slice(slash + 1).trim();
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > maxPrefix) {
    throw new TrustedProxyEntryError(`"${entry}" has no valid prefix length (0-${maxPrefix} after the /)`);
  }
  const prefix = Number(prefixText) + (writtenAsIPv6 ? 0 : 96);
  const network = addressBits(address);
  // Also refuses an IPv4-mapped range wider than /96 (::ffff:10.0.0.0/80): its ffff bits are past the prefix.
  if (prefix < 128 && network & ((1n << BigInt(128 - prefix)) - 1n)) {
    throw new TrustedProxyEntryError(`"${entry}" has bits set after its prefix (write the range's first address)`);
  }
  const text = `${address}/${family === 4 ? prefix - 96 : prefix}`;
  return prefix === 128 ? { text: address, exact: address } : { text, range: { network, prefix } };
}

/**
 * Reads a TRUST_PROXY value (comma-separated; blanks around entries and empty entries are
 * ignored). Throws TrustedProxyEntryError naming the first entry it cannot read.
 */
export function trustedProxies(value: string | readonly string[]): TrustedProxies {
  const raw = typeof value === 'string' ? value.split(',') : value;
  const parsed = raw.filter((entry) => entry.trim()).map(parseEntry);
  const exact = new Set(parsed.flatMap((p) => (p.exact ? [p.exact] : [])));
  const ranges = parsed.flatMap((p) => (p.range ? [p.range] : []));
  const entries = [...new Set(parsed.map((p) => p.text))];
  return {
    entries,
    trusts(address: string): boolean {
      const normalised = normalizeAddress(address);
      if (exact.has(normalised)) return true;
      if (!ranges.length || isIP(normalised) === 0) return false;
      const bits = addressBits(normalised);
      return ranges.some((range) => inRange(bits, range));
    },
  };
}

/** No proxy is trusted: the socket peer is the client. */
export const NO_TRUSTED_PROXIES: TrustedProxies = trustedProxies([]);
