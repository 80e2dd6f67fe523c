// Ordering and keyset paging: the total order of a page ($orderby plus the key), the
// "after the last row" condition, and the opaque $skiptoken carrying the last row's values.
import { EdmEntitySet, EdmType, findProperty } from './edm-model';
import { OrderByItem, ValueExpr } from './odata-ast';
import { clip, ODataSyntaxError } from './odata-errors';
import { AnyQueryBuilder, columnSql, dialectOf, FALSE_SQL, ParamAllocator, SqlDialect, toSqliteUtc } from './odata-sql';
import { translateValue } from './odata-to-typeorm';

/* ============================================================ ordering */

export interface OrderKey {
  /** TypeORM entity property name. */
  column: string;
  direction: 'ASC' | 'DESC';
  /** OData property name, when known. */
  property?: string;
  /** When false the keyset condition omits NULL handling for this key. */
  nullable?: boolean;
  type?: EdmType;
  /** An expression key: `column` is then its select alias, `sql` (set by applyOrderBy) its SQL. */
  expr?: ValueExpr;
  sql?: string;
}

/**
 * The client's $orderby items followed by the key properties not already
 * included, giving a stable total order (needed for keyset paging).
 */
export function orderKeysFor(set: EdmEntitySet, orderby: OrderByItem[] | undefined): OrderKey[] {
  const keys: OrderKey[] = [];
  const used = new Set<string>();
  const add = (name: string, direction: 'ASC' | 'DESC'): void => {
    if (used.has(name)) return;
    const prop = findProperty(set, name);
    if (!prop) throw new ODataSyntaxError(`$orderby: unknown property '${clip(name)}' at position 0`, 0);
    used.add(name);
    keys.push({ column: prop.column, direction, property: prop.name, nullable: prop.nullable, type: prop.type });
  };
  for (const item of orderby ?? []) {
    const direction = item.direction === 'desc' ? 'DESC' : 'ASC';
    if (!item.expr) add(item.property, direction);
    else if (!used.has(`expr:${item.property}`)) {
      used.add(`expr:${item.property}`);
      keys.push({ column: `od_o${keys.length}`, direction, property: item.property, nullable: true, expr: item.expr });
    }
  }
  for (const key of set.keys) add(key, 'ASC');
  return keys;
}

/**
 * Adds ORDER BY for `orderKeysFor(set, orderby)` and returns the keys.
 * NULLs sort first in ASC and last in DESC, which is the native behaviour of
 * both SQLite and MySQL/MariaDB (applyKeyset relies on it).
 */
export function applyOrderBy(qb: AnyQueryBuilder, alias: string, set: EdmEntitySet, orderby: OrderByItem[] | undefined): OrderKey[] {
  const keys = orderKeysFor(set, orderby);
  for (const key of keys) {
    if (!key.expr) {
      qb.addOrderBy(`${alias}.${key.column}`, key.direction);
      continue;
    }
    // The expression is selected under its alias (its value feeds the next $skiptoken).
    const { sql, params } = translateValue(qb, alias, set, key.expr);
    key.sql = sql;
    qb.addSelect(sql, key.column).setParameters(params).addOrderBy(key.column, key.direction);
  }
  return keys;
}

/** `col1 ASC, col2 DESC` for the keys (e.g. inside a window function's OVER clause). */
export function orderKeysSql(qb: AnyQueryBuilder, alias: string, keys: OrderKey[]): string {
  return keys.map((k) => `${k.sql ?? columnSql(qb, alias, k.column)} ${k.direction}`).join(', ');
}

/* ============================================================ keyset paging */

function keysetValue(value: unknown, dialect: SqlDialect): unknown {
  if (value instanceof Date) return dialect === 'sqlite' ? toSqliteUtc(value) : value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}

/**
 * Restricts the query to rows strictly after the row whose sort-key values are
 * `lastValues`, in the order given by `orderKeys` (NULLs first in ASC, last
 * in DESC). Uses the expanded form
 *   k0 > :v0 OR (k0 = :v0 AND k1 > :v1) OR ...
 * rather than a row-value comparison, which MariaDB cannot serve from an index
 * and which cannot express mixed directions or NULLs anyway.
 */
export function applyKeyset(
  qb: AnyQueryBuilder,
  alias: string,
  orderKeys: OrderKey[],
  lastValues: unknown[],
  dialect: SqlDialect = dialectOf(qb),
): AnyQueryBuilder {
  if (orderKeys.length !== lastValues.length || orderKeys.length === 0) {
    throw new ODataSyntaxError('$skiptoken: token does not match the current ordering at position 0', 0);
  }
  const params = new ParamAllocator(qb, 'odk');
  const cols = orderKeys.map((k) => k.sql ?? columnSql(qb, alias, k.column));
  const bound = lastValues.map((v) => (v === null || v === undefined ? null : params.bind(keysetValue(v, dialect))));

  const equal = (i: number): string => (bound[i] === null ? `${cols[i]} IS NULL` : `${cols[i]} = ${bound[i]}`);
  /** Condition "row comes strictly after the last value on key i", or null if impossible. */
  const after = (i: number): string | null => {
    const k = orderKeys[i];
    const mayBeNull = k.nullable !== false;
    if (bound[i] === null) {
      // NULL is the smallest value: in ASC every non-null follows it, in DESC nothing does.
      return k.direction === 'ASC' ? `${cols[i]} IS NOT NULL` : null;
    }
    if (k.direction === 'ASC') return `${cols[i]} > ${bound[i]}`;
    return mayBeNull ? `(${cols[i]} < ${bound[i]} OR ${cols[i]} IS NULL)` : `${cols[i]} < ${bound[i]}`;
  };

  const branches: string[] = [];
  for (let i = 0; i < orderKeys.length; i++) {
    const a = after(i);
    if (a === null) continue;
    const prefix = Array.from({ length: i }, (_, j) => equal(j));
    branches.push(prefix.length ? `(${[...prefix, a].join(' AND ')})` : a);
  }
  const sql = branches.length ? `(${branches.join(' OR ')})` : FALSE_SQL;
  return qb.andWhere(branches.length > 1 ? `(${leadingBound(orderKeys[0], cols[0], bound[0])}${sql})` : sql, params.params);
}

/**
 * `k0 >= :v0 AND ` (or `<=` descending): implied by the OR above, and what lets the database
 * start the page at its place in an index on the keys with bound values. Without it SQLite
 * read a tenant's rows from the first on every page (each page of a 1,000,000-row export cost
 * more than the one before) unless the values were written into the SQL as literals, which
 * TypeORM happens to do for numbers on SQLite only. Left out where NULLs can follow the value.
 */
function leadingBound(key: OrderKey, col: string, value: string | null): string {
  if (value === null) return '';
  if (key.direction === 'ASC') return `${col} >= ${value} AND `;
  return key.nullable === false ? `${col} <= ${value} AND ` : '';
}

/* ============================================================ $skiptoken */

type TokenValue = null | string | number | boolean | { $date: string } | { $bigint: string };
const MAX_TOKEN_LENGTH = 4000;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * Encodes the sort-key values of the last row of a page as an opaque
 * base64url JSON token. Dates and bigints are tagged so they round-trip.
 * The token is not signed: it only ever feeds bound parameters, so a forged
 * token can at most move the page position; malformed tokens are rejected.
 */
export function encodeSkipToken(values: unknown[]): string {
  const encoded: TokenValue[] = values.map((v) => {
    if (v === null || v === undefined) return null;
    if (v instanceof Date) return { $date: v.toISOString() };
    if (typeof v === 'bigint') return { $bigint: v.toString() };
    if (typeof v === 'string' || typeof v === 'boolean') return v;
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    throw new Error(`Cannot encode skip token value of type ${typeof v}`);
  });
  return Buffer.from(JSON.stringify({ v: 1, k: encoded }), 'utf8').toString('base64url');
}

/** Decodes a token from encodeSkipToken; malformed/tampered → ODataSyntaxError. */
export function decodeSkipToken(token: string, expectedLength: number): unknown[] {
  const bad = (): never => {
    throw new ODataSyntaxError('$skiptoken: invalid or expired token at position 0', 0);
  };
  if (token.length === 0 || token.length > MAX_TOKEN_LENGTH || !/^[A-Za-z0-9_-]+$/.test(token)) bad();
  const buf = Buffer.from(token, 'base64url');
  // Reject non-canonical encodings (trailing garbage bits, truncated input).
  if (buf.toString('base64url') !== token) bad();
  let parsed: unknown;
  try {
    parsed = JSON.parse(buf.toString('utf8'));
  } catch {
    return bad();
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return bad();
  const obj = parsed as { v?: unknown; k?: unknown };
  if (obj.v !== 1 || !Array.isArray(obj.k) || obj.k.length !== expectedLength) return bad();
  return obj.k.map((item: unknown) => {
    if (item === null || typeof item === 'string' || typeof item === 'boolean') return item;
    if (typeof item === 'number' && Number.isFinite(item)) return item;
    if (typeof item === 'object' && item !== null && !Array.isArray(item)) {
      const keys = Object.keys(item);
      const rec = item as Record<string, unknown>;
      if (keys.length === 1 && typeof rec.$date === 'string') {
        const d = new Date(rec.$date);
        if (!Number.isNaN(d.getTime())) return d;
      }
      if (keys.length === 1 && typeof rec.$bigint === 'string' && /^-?\d{1,20}$/.test(rec.$bigint)) {
        // A key column is a 64-bit integer; a forged value outside that range made the
        // SQLite driver throw (a 500).
        const value = BigInt(rec.$bigint);
        if (value >= INT64_MIN && value <= INT64_MAX) return value;
      }
    }
    return bad();
  });
}
