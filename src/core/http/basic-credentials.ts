/**
 * Parses "Authorization: Basic base64(name:secret)", splitting on the FIRST colon only:
 * RFC 7617 forbids colons in the user name, and passwords and keys may contain them
 * (passport-http 0.3 splits on every colon and cuts such passwords short).
 */
export function parseBasicAuthorization(header: string | undefined): { name: string; secret: string } | null {
  if (!header) return null;
  const match = /^Basic[ \t]+([A-Za-z0-9+/=._~-]+)[ \t]*$/i.exec(header);
  if (!match) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  return { name: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}
