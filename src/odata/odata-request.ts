// Pure helpers that turn the parts of an HTTP request into what the OData service needs:
// the resource path (entity set, key, /$count) and the Prefer header's page size. The
// service root comes from core/http/server-origin.ts, like every other absolute URL.
import { NavigationSource } from './odata-navigation';
import { CsdlEntitySet, findEntitySet } from './planning-model';
import { findNavigation } from './query/edm-model';
import { clip, ODataNotImplementedError, ODataSyntaxError } from './query/odata-errors';
import { decodeComponent } from './query/odata-query-options';

export type ResourcePath =
  | { kind: 'service' }
  | { kind: 'metadata' }
  /** `via` when reached through a navigation property: `Projects(1)/Cashflows`. */
  | { kind: 'collection'; set: CsdlEntitySet; via?: NavigationSource }
  | { kind: 'count'; set: CsdlEntitySet; via?: NavigationSource }
  | { kind: 'entity'; set: CsdlEntitySet; key: Record<string, number> }
  /** A single-valued navigation: `Cashflows(ProjectId=1,Year=2030)/Project`. */
  | { kind: 'related'; set: CsdlEntitySet; via: NavigationSource }
  | { kind: 'not-found'; message: string };

const INT32 = /^-?\d{1,10}$/;

function int32(text: string, name: string): number {
  const n = Number(text);
  if (!INT32.test(text) || n > 2147483647 || n < -2147483648) {
    throw new ODataSyntaxError(`key ${name}: expected an Edm.Int32 literal, got '${clip(text)}' at position 0`, 0);
  }
  return n;
}

/** Parses `Projects(1)`, `Projects(Id=1)`, `Cashflows(ProjectId=1,Year=2030)` key predicates. */
function parseKey(set: CsdlEntitySet, predicate: string): Record<string, number> {
  const parts = predicate.split(',');
  const key: Record<string, number> = {};
  if (parts.length === 1 && !parts[0].includes('=')) {
    if (set.keys.length !== 1)
      throw new ODataSyntaxError(
        `${set.name}: the key has ${set.keys.length} parts; name them, e.g. (${set.keys.map((k) => `${k}=1`).join(',')}) at position 0`,
        0,
      );
    key[set.keys[0]] = int32(parts[0], set.keys[0]);
    return key;
  }
  for (const part of parts) {
    const eq = part.indexOf('=');
    const name = eq < 0 ? '' : part.slice(0, eq);
    if (!set.keys.includes(name)) throw new ODataSyntaxError(`${set.name}: '${clip(name || part)}' is not a key property at position 0`, 0);
    if (name in key) throw new ODataSyntaxError(`${set.name}: key property '${name}' given twice at position 0`, 0);
    key[name] = int32(part.slice(eq + 1), name);
  }
  const missing = set.keys.filter((k) => !(k in key));
  if (missing.length) throw new ODataSyntaxError(`${set.name}: key property '${missing[0]}' is missing at position 0`, 0);
  return key;
}

/**
 * Resolves the path below `/{tenant}/odata/` (still percent-encoded, no query string).
 * Unknown resources are reported as 'not-found'; valid OData we do not serve (property
 * paths, $value, $ref, ...) throws ODataNotImplementedError.
 */
export function parseResourcePath(rawPath: string): ResourcePath {
  const segments = rawPath.split('/');
  while (segments.length && segments[segments.length - 1] === '') segments.pop();
  const decoded = segments.map((s) => {
    try {
      return decodeURIComponent(s);
    } catch {
      throw new ODataSyntaxError('malformed percent-encoding in the resource path at position 0', 0);
    }
  });
  if (decoded.length === 0) return { kind: 'service' };
  const [first, ...rest] = decoded;
  if (first === '$metadata' && rest.length === 0) return { kind: 'metadata' };
  if (first === '$batch' || first === '$entity' || first === '$all' || first === '$crossjoin' || first.startsWith('$crossjoin(')) {
    throw new ODataNotImplementedError(`${clip(first)} is not supported`);
  }
  const match = /^([A-Za-z_][A-Za-z0-9_]*)(?:\((.*)\))?$/s.exec(first);
  const set = match ? findEntitySet(match[1]) : undefined;
  if (!match || !set) return { kind: 'not-found', message: `Resource '${clip(first)}' not found` };
  if (match[2] === undefined) {
    if (rest.length === 0) return { kind: 'collection', set };
    if (rest.length === 1 && rest[0] === '$count') return { kind: 'count', set };
    if (rest.length === 1 && rest[0] === '$ref') throw new ODataNotImplementedError('$ref is not supported');
    if (rest.length >= 1 && !rest[0].startsWith('$') && !set.properties.some((p) => p.name === rest[0])) {
      // Key-as-segment or a cast: not supported by this service.
      throw new ODataNotImplementedError(`path segment '${clip(rest[0])}' after ${set.name} is not supported; address entities as ${set.name}(key)`);
    }
    return { kind: 'not-found', message: `Resource '${clip(decoded.join('/'))}' not found` };
  }
  const key = parseKey(set, match[2]);
  if (rest.length === 0) return { kind: 'entity', set, key };
  const navMatch = /^([A-Za-z_][A-Za-z0-9_]*)(\(.*\))?$/s.exec(rest[0]);
  const navigation = navMatch ? findNavigation(set, navMatch[1]) : undefined;
  if (navigation) {
    const via = { set, key, navigation };
    const target = navigation.target();
    if (navMatch![2] !== undefined || rest.length > (navigation.collection ? 2 : 1)) {
      throw new ODataNotImplementedError(`paths beyond ${set.name}(key)/${navigation.name}${navigation.collection ? '[/$count]' : ''} are not supported`);
    }
    if (!navigation.collection) return { kind: 'related', set: target, via };
    if (rest.length === 1) return { kind: 'collection', set: target, via };
    if (rest[1] === '$count') return { kind: 'count', set: target, via };
    return { kind: 'not-found', message: `Resource '${clip(decoded.join('/'))}' not found` };
  }
  if (rest.length <= 2 && set.properties.some((p) => p.name === rest[0]) && (rest.length === 1 || rest[1] === '$value')) {
    throw new ODataNotImplementedError('property paths (e.g. Projects(1)/Name) are not supported; use $select');
  }
  return { kind: 'not-found', message: `Resource '${clip(decoded.join('/'))}' not found` };
}

/** `major.minor` of an OData version header, tolerating a `;suffix` as older clients write it. */
const VERSION = /^\s*(\d{1,3})\.(\d{1,3})\s*(?:;.*)?$/;

/**
 * Why the request's OData version headers rule out the 4.0 answer this feed gives, or null
 * (OData 4.01 Part 1, 8.2.6 and 8.2.7; Olingo answers these with 400 too):
 * - `OData-MaxVersion` below 4.0: the answer MUST NOT be newer, and we speak nothing older
 *   (Power Query sends 4.0);
 * - `OData-Version`, the version of the request itself, other than 4.0 or 4.01;
 * - either header present but not a version at all, or sent twice with different values.
 */
export function versionHeadersProblem(headers: Record<string, string | string[] | undefined>): string | null {
  for (const name of ['odata-maxversion', 'odata-version'] as const) {
    const raw = headers[name];
    if (raw === undefined) continue;
    const values = [...new Set(Array.isArray(raw) ? raw : [raw])];
    const label = name === 'odata-version' ? 'OData-Version' : 'OData-MaxVersion';
    if (values.length > 1) return `${label} was sent more than once with different values`;
    const match = VERSION.exec(values[0]);
    if (!match) return `${label} must be a version such as 4.0, got '${clip(values[0])}'`;
    const [major, minor] = [Number(match[1]), Number(match[2])];
    if (name === 'odata-maxversion' && major < 4) return `OData-MaxVersion ${major}.${minor}: this service answers in OData 4.0 only`;
    if (name === 'odata-version' && !(major === 4 && (minor === 0 || minor === 1)))
      return `OData-Version ${major}.${minor}: this service understands OData 4.0 and 4.01 requests only`;
  }
  return null;
}

export const DEFAULT_PAGE_SIZE = 1000;
export const MAX_PAGE_SIZE = 5000;

/**
 * The page size asked for with `Prefer: odata.maxpagesize=N` (or 4.01's `maxpagesize`),
 * capped at MAX_PAGE_SIZE; null when absent or not a positive integer (then ignored).
 */
export function preferredPageSize(prefer: string | string[] | undefined): number | null {
  if (prefer === undefined) return null;
  const items = (Array.isArray(prefer) ? prefer.join(',') : prefer).split(',');
  for (const item of items) {
    const [name, ...value] = item.split('=');
    const key = name.trim().toLowerCase();
    if (key !== 'odata.maxpagesize' && key !== 'maxpagesize') continue;
    const text = value
      .join('=')
      .trim()
      .replace(/^"(.*)"$/, '$1');
    if (!/^\d{1,9}$/.test(text) || Number(text) === 0) return null;
    return Math.min(Number(text), MAX_PAGE_SIZE);
  }
  return null;
}

/**
 * The representation `$metadata` is asked for: only an explicit `$format` changes it
 * (never the Accept header, which Power Query sends with JSON first). `xml` or
 * `application/xml` and no $format mean XML; `json`/`application/json[;...]` means JSON CSDL.
 */
export function metadataFormat(rawQuery: string): 'xml' | 'json' {
  let format: 'xml' | 'json' = 'xml';
  for (const segment of rawQuery.split('&')) {
    const eq = segment.indexOf('=');
    const name = decodeComponent(eq < 0 ? segment : segment.slice(0, eq), 0).toLowerCase();
    if (name !== '$format') continue;
    const value = decodeComponent(segment.slice(eq + 1), 0)
      .toLowerCase()
      .split(';')[0]
      .trim();
    if (value === 'json' || value === 'application/json') format = 'json';
    else if (value !== 'xml' && value !== 'application/xml')
      throw new ODataNotImplementedError(`$format '${clip(value)}' is not supported for $metadata (xml or json)`);
  }
  return format;
}
