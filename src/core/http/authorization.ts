// The one reading of the Authorization header (RFC 7235 section 2.1 / RFC 9110 11.4):
// `credentials = auth-scheme [ 1*SP ( token68 / #auth-param ) ]`, the scheme a
// case-insensitive token. Every strategy and the guard read the header through here.
import { badRequest, CommonErrorCode } from '../errors/domain-error';

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export interface AuthorizationHeader {
  /** Lower-cased (schemes are case-insensitive). */
  scheme: string;
  /** What follows the scheme and its spaces; '' when nothing does. */
  credentials: string;
}

/** Splits a header value into scheme and credentials; null when it does not start with a token. */
export function parseAuthorization(header: string | undefined): AuthorizationHeader | null {
  if (header === undefined) return null;
  const space = header.indexOf(' ');
  const scheme = space < 0 ? header : header.slice(0, space);
  if (!TOKEN.test(scheme)) return null;
  return { scheme: scheme.toLowerCase(), credentials: space < 0 ? '' : header.slice(space).replace(/^ +/, '') };
}

/** How many Authorization headers the request carries (Node's `headers` shows only the first). */
export function authorizationHeaderCount(rawHeaders: readonly string[]): number {
  let count = 0;
  for (let i = 0; i < rawHeaders.length; i += 2) if (rawHeaders[i].toLowerCase() === 'authorization') count++;
  return count;
}

/**
 * The request's one Authorization header. Node keeps only the first of several (the others
 * were silently ignored, so a proxy and a client could disagree on who is calling); two or
 * more are a 400.
 */
export function singleAuthorization(rawHeaders: readonly string[]): string | undefined {
  const count = authorizationHeaderCount(rawHeaders);
  if (count > 1) throw badRequest(CommonErrorCode.InvalidHeader, 'Only one Authorization header may be sent');
  if (count === 0) return undefined;
  for (let i = 0; ; i += 2) if (rawHeaders[i].toLowerCase() === 'authorization') return rawHeaders[i + 1];
}
