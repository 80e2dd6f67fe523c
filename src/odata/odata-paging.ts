// Server-driven paging shared by entity sets, navigation paths and expanded collections:
// the ordering fingerprint a $skiptoken binds to, the key text of an entity's address, and
// the options a nextLink carries over.
import { createHash } from 'node:crypto';
import { EdmEntitySet } from './query/edm-model';
import { encodeSkipToken, OrderKey } from './query/odata-keyset';

export type Row = Record<string, unknown>;

/** A token binds to the ordering it was made for, so a changed $orderby is a 400, not a wrong page. */
export function orderingFingerprint(set: EdmEntitySet, keys: OrderKey[]): string {
  const text = `${set.name}|${keys.map((k) => `${k.property}:${k.direction}`).join(',')}`;
  return createHash('sha256').update(text).digest('base64url').slice(0, 12);
}

/** The $skiptoken continuing after `last` in the order of `keys`. */
export function skipTokenAfter(set: EdmEntitySet, keys: OrderKey[], last: Row): string {
  return encodeSkipToken([orderingFingerprint(set, keys), ...keys.map((k) => last[k.column])]);
}

/** `Projects(1)` or `Cashflows(ProjectId=1,Year=2030)` for a hydrated row. */
export function entityAddress(set: EdmEntitySet, row: Row): string {
  const value = (name: string) => row[set.properties.find((p) => p.name === name)!.column];
  const key = set.keys.length === 1 ? String(value(set.keys[0])) : set.keys.map((k) => `${k}=${String(value(k))}`).join(',');
  return `${set.name}(${key})`;
}

/** `name=value&...` with values percent-encoded; `$top` reduced by what earlier pages returned. */
export function nextLinkQuery(options: [string, string][], top: number | undefined, pageSize: number, token: string): string {
  const params = options
    .filter(([name]) => name !== '$top' && name !== '$skip' && name !== '$skiptoken')
    .map(([name, value]) => `${name}=${encodeURIComponent(value)}`);
  if (top !== undefined) params.push(`$top=${top - pageSize}`);
  params.push(`$skiptoken=${token}`);
  return params.join('&');
}
