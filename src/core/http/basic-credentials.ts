import { parseAuthorization } from './authorization';

/**
 * Parses "Authorization: Basic base64(name:secret)", splitting on the FIRST colon only:
 * RFC 7617 forbids colons in the user name, and passwords and keys may contain them
 * (passport-http 0.3 splits on every colon and cuts such passwords short).
 */
export function parseBasicAuthorization(header: string | undefined): { name: string; secret: string } | null {
  const parsed = parseAuthorization(header);
  // token68 (RFC 7235): base64, with or without padding (trailing spaces tolerated).
  const token = parsed?.scheme === 'basic' ? parsed.credentials.replace(/ +$/, '') : '';
  if (!/^[A-Za-z0-9+/._~-]+=*$/.test(token)) return null;
  const decoded = Buffer.from(token, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  return { name: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}
