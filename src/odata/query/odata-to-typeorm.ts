/**
 * Translates the OData AST into TypeORM SelectQueryBuilder calls.
 *
 * Safety rules
 * - Column names come only from the EDM model: every property in the AST is
 *   re-resolved against the entity set and mapped to the database column via
 *   the TypeORM metadata, then escaped with `qb.escape`.
 * - Values are always bound parameters with generated names (`odf0`, `odk0`,
 *   ...) that do not collide with parameters already on the query builder.
 * - LIKE patterns escape `\`, `%` and `_` and use backslash as ESCAPE char.
 *
 * Null semantics (OData 4.01 Part 2 §5.1.1.1 and §5.1.1.2)
 * - Comparisons are two-valued: `null eq null` is true, `null ne 'x'` is true,
 *   and gt/ge/lt/le with a null operand are false. SQL comparisons are
 *   three-valued (NULL), which would make `not (X gt 5)` drop rows where X is
 *   NULL. Comparisons on nullable operands are therefore guarded with
 *   `IS [NOT] NULL` so they always yield TRUE or FALSE.
 * - Functions (contains, ...) of null yield null, and `not null` is null; this
 *   matches SQL's three-valued logic, so no guard is added there.
 *
 * Literal binding
 * - Integers: JS number when safe, otherwise the exact digit string.
 * - Decimal/double: JS number (exact to ~15 significant digits). On MySQL a
 *   number is inlined by the driver as a numeric literal, so DECIMAL columns
 *   are compared as DECIMAL, not as strings/floats.
 * - Booleans: 1/0 (SQLite INTEGER, MySQL TINYINT(1)).
 * - Date: 'YYYY-MM-DD' string. DateTimeOffset: converted to UTC; SQLite gets
 *   'YYYY-MM-DD HH:MM:SS.SSS' (TypeORM's datetime text format), MySQL a JS Date
 *   (the DataSource should use timezone 'Z' so it is sent as UTC).
 *
 * Case sensitivity of contains/startswith/endswith: SQLite's LIKE is ASCII
 * case-insensitive, so on SQLite an additional case-sensitive check
 * (instr/substr) is added. On MySQL the column collation decides, as it also
 * does for `eq`.
 */
import { EntityMetadata, SelectQueryBuilder } from 'typeorm';
import { EdmEntitySet, EdmProperty, EdmType, findNavigation, findProperty } from './edm-model';
import { BoolExpr, ComparisonOperator, FilterAst, Lambda, Literal, OrderByItem, PropertyRef, ValueExpr } from './odata-ast';
import { clip, ODataSyntaxError } from './odata-errors';

export type SqlDialect = 'sqlite' | 'mysql';

// `any` is what TypeORM itself uses for untyped query builders.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyQueryBuilder = SelectQueryBuilder<any>;

/** Derives the dialect from the query builder's connection. */
export function dialectOf(qb: AnyQueryBuilder): SqlDialect {
  const type = qb.connection.options.type;
  if (type === 'mysql' || type === 'mariadb') return 'mysql';
  if (type === 'better-sqlite3') return 'sqlite';
  throw new Error(`Unsupported database type for OData translation: ${String(type)}`);
}

/** Allocates parameter names that are not yet used on the query builder. */
class ParamAllocator {
  readonly params: Record<string, unknown> = {};
  private counter = 0;

  constructor(
    private readonly qb: AnyQueryBuilder,
    private readonly prefix: string,
  ) {}

  bind(value: unknown): string {
    const existing = this.qb.getParameters();
    let name: string;
    do {
      name = `${this.prefix}${this.counter++}`;
    } while (name in existing || name in this.params);
    this.params[name] = value;
    return `:${name}`;
  }
}

/** Escaped `"alias"."db_column"` for an entity property name. */
export function columnSql(qb: AnyQueryBuilder, alias: string, propertyName: string): string {
  const aliasObj = qb.expressionMap.aliases.find((a) => a.name === alias);
  let dbName = propertyName;
  if (aliasObj?.hasMetadata) {
    const col = aliasObj.metadata.findColumnWithPropertyPath(propertyName);
    if (!col) throw new Error(`Entity ${aliasObj.metadata.name} has no property '${propertyName}' (EDM model mismatch)`);
    dbName = col.databaseName;
  }
  return `${qb.escape(alias)}.${qb.escape(dbName)}`;
}

/** Escaped `"alias"."db_column"` for a property of an entity that is not on the query builder (a lambda subquery). */
function metadataColumnSql(qb: AnyQueryBuilder, metadata: EntityMetadata, alias: string, propertyName: string): string {
  const col = metadata.findColumnWithPropertyPath(propertyName);
  if (!col) throw new Error(`Entity ${metadata.name} has no property '${propertyName}' (EDM model mismatch)`);
  return `${qb.escape(alias)}.${qb.escape(col.databaseName)}`;
}

/** 'YYYY-MM-DD HH:MM:SS.SSS' in UTC: the format TypeORM uses for SQLite datetime columns. */
export function toSqliteUtc(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}

interface Operand {
  sql: string;
  /** Whether the value can be NULL at runtime. */
  nullable: boolean;
}

const SQL_OPS: Record<ComparisonOperator, string> = { eq: '=', ne: '<>', gt: '>', ge: '>=', lt: '<', le: '<=' };
const TRUE_SQL = '(1 = 1)';
const FALSE_SQL = '(1 = 0)';

/** Escapes LIKE wildcards; the escape character is backslash. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

class FilterTranslator {
  readonly params: ParamAllocator;

  constructor(
    private readonly qb: AnyQueryBuilder,
    private readonly alias: string,
    private readonly set: EdmEntitySet,
    private readonly dialect: SqlDialect,
  ) {
    this.params = new ParamAllocator(qb, 'odf');
  }

  /** Lambda variables in scope: the target set and the generated alias of its subquery. */
  private readonly scopes = new Map<string, { set: EdmEntitySet; alias: string; metadata: EntityMetadata }>();
  private lambdas = 0;

  /** The model property a reference names, and its escaped column (never text from the request). */
  private column(ref: PropertyRef): { prop: EdmProperty; sql: string } {
    const scope = ref.variable === undefined ? undefined : this.scopes.get(ref.variable);
    if (ref.variable !== undefined && !scope) throw new ODataSyntaxError(`$filter: unknown lambda variable '${clip(ref.variable)}' at position 0`, 0);
    const prop = findProperty(scope?.set ?? this.set, ref.name);
    if (!prop) throw new ODataSyntaxError(`$filter: unknown property '${clip(ref.name)}' at position 0`, 0);
    const sql = scope ? metadataColumnSql(this.qb, scope.metadata, scope.alias, prop.column) : columnSql(this.qb, this.alias, prop.column);
    return { prop, sql };
  }

  /**
   * any/all as a correlated subquery over the navigation target, joined on the model's join
   * columns (the tenant included): `EXISTS (... AND p)` and `NOT EXISTS (... AND NOT (p))`.
   */
  private lambda(node: Lambda): string {
    const nav = findNavigation(this.set, node.navigation);
    if (!nav?.collection) throw new ODataSyntaxError(`$filter: '${clip(node.navigation)}' is not a collection navigation property at position 0`, 0);
    const target = nav.target();
    const metadata = this.qb.connection.getMetadata(target.entity ?? target.entityType);
    const alias = `od_l${this.lambdas++}_${this.alias}`;
    const conditions = nav.join.map(([from, to]) => `${metadataColumnSql(this.qb, metadata, alias, to)} = ${columnSql(this.qb, this.alias, from)}`);
    let predicate: string | null = null;
    if (node.predicate && node.variable !== null) {
      this.scopes.set(node.variable, { set: target, alias, metadata });
      try {
        predicate = this.bool(node.predicate);
      } finally {
        this.scopes.delete(node.variable);
      }
    }
    if (node.op === 'all') conditions.push(`NOT (${predicate ?? TRUE_SQL})`);
    else if (predicate) conditions.push(predicate);
    const sub = this.qb.subQuery().select('1').from(metadata.target, alias).where(conditions.join(' AND ')).getQuery();
    return node.op === 'any' ? `(EXISTS ${sub})` : `(NOT EXISTS ${sub})`;
  }

  private likeEscapeClause(): string {
    // MySQL string literals treat backslash as an escape character (unless
    // NO_BACKSLASH_ESCAPES), SQLite's do not.
    return this.dialect === 'mysql' ? "ESCAPE '\\\\'" : "ESCAPE '\\'";
  }

  bindLiteral(lit: Exclude<Literal, { kind: 'null' }>): string {
    switch (lit.kind) {
      case 'boolean':
        return this.params.bind(lit.value ? 1 : 0);
      case 'integer': {
        const n = Number(lit.text);
        return this.params.bind(Number.isSafeInteger(n) ? n : lit.text);
      }
      case 'decimal':
      case 'double':
        return this.params.bind(Number(lit.text));
      case 'string':
      case 'date':
      case 'guid':
        return this.params.bind(lit.value);
      case 'dateTimeOffset': {
        const d = new Date(lit.utc);
        return this.params.bind(this.dialect === 'sqlite' ? toSqliteUtc(d) : d);
      }
    }
  }

  private datePartSql(fn: 'year' | 'month' | 'day', col: string): string {
    if (this.dialect === 'mysql') return `${fn.toUpperCase()}(${col})`;
    const fmt = fn === 'year' ? '%Y' : fn === 'month' ? '%m' : '%d';
    return `CAST(strftime('${fmt}', ${col}) AS INTEGER)`;
  }

  /** SQL for a non-null value expression. */
  value(node: Exclude<ValueExpr, { kind: 'null' }>): Operand {
    switch (node.kind) {
      case 'property': {
        const { prop, sql } = this.column(node);
        return { sql, nullable: prop.nullable };
      }
      case 'case': {
        const inner = this.value(node.arg);
        return { sql: `${node.fn === 'tolower' ? 'LOWER' : 'UPPER'}(${inner.sql})`, nullable: inner.nullable };
      }
      case 'datePart': {
        const inner = this.value(node.arg);
        return { sql: this.datePartSql(node.fn, inner.sql), nullable: inner.nullable };
      }
      default:
        return { sql: this.bindLiteral(node), nullable: false };
    }
  }

  bool(node: BoolExpr): string {
    switch (node.kind) {
      case 'boolean':
        return node.value ? TRUE_SQL : FALSE_SQL;
      case 'property': {
        const { prop, sql } = this.column(node);
        if (prop.type !== 'Edm.Boolean') {
          throw new ODataSyntaxError(`$filter: property '${prop.name}' is not boolean at position 0`, 0);
        }
        return `(${sql} = 1)`;
      }
      case 'lambda':
        return this.lambda(node);
      case 'and':
      case 'or':
        return `(${node.operands.map((o) => this.bool(o)).join(node.kind === 'and' ? ' AND ' : ' OR ')})`;
      case 'not':
        return `(NOT ${this.bool(node.operand)})`;
      case 'compare':
        return this.compare(node.op, node.left, node.right);
      case 'in':
        return this.inList(node.operand, node.values);
      case 'match':
        return this.match(node.fn, node.target, node.pattern);
    }
  }

  private compare(op: ComparisonOperator, left: ValueExpr, right: ValueExpr): string {
    const lNull = left.kind === 'null';
    const rNull = right.kind === 'null';
    if (lNull && rNull) return op === 'eq' ? TRUE_SQL : FALSE_SQL;
    if (lNull || rNull) {
      const other = this.value((lNull ? right : left) as Exclude<ValueExpr, { kind: 'null' }>);
      if (op === 'eq') return `(${other.sql} IS NULL)`;
      if (op === 'ne') return `(${other.sql} IS NOT NULL)`;
      return FALSE_SQL; // ordering against null is false in OData
    }
    const l = this.value(left);
    const r = this.value(right);
    const base = `${l.sql} ${SQL_OPS[op]} ${r.sql}`;
    const guards = [l, r].filter((o) => o.nullable).map((o) => `${o.sql} IS NOT NULL`);
    if (guards.length === 0) return `(${base})`;
    if (op === 'ne') {
      // null ne value is true; null ne null is false.
      if (l.nullable && r.nullable) {
        return `((${l.sql} IS NOT NULL AND ${r.sql} IS NOT NULL AND ${base}) OR (${l.sql} IS NULL AND ${r.sql} IS NOT NULL) OR (${l.sql} IS NOT NULL AND ${r.sql} IS NULL))`;
      }
      const n = l.nullable ? l : r;
      return `(${n.sql} IS NULL OR ${base})`;
    }
    const guarded = `(${[...guards, base].join(' AND ')})`;
    if (op === 'eq' && l.nullable && r.nullable) {
      return `(${guarded} OR (${l.sql} IS NULL AND ${r.sql} IS NULL))`;
    }
    return guarded;
  }

  private inList(operand: ValueExpr, values: Literal[]): string {
    const hasNull = values.some((v) => v.kind === 'null');
    const nonNull = values.filter((v): v is Exclude<Literal, { kind: 'null' }> => v.kind !== 'null');
    if (operand.kind === 'null') return hasNull ? TRUE_SQL : FALSE_SQL;
    const o = this.value(operand);
    const parts: string[] = [];
    if (nonNull.length > 0) {
      const list = `${o.sql} IN (${nonNull.map((v) => this.bindLiteral(v)).join(', ')})`;
      parts.push(o.nullable ? `(${o.sql} IS NOT NULL AND ${list})` : list);
    }
    if (hasNull && o.nullable) parts.push(`${o.sql} IS NULL`);
    return parts.length === 0 ? FALSE_SQL : `(${parts.join(' OR ')})`;
  }

  private match(fn: 'contains' | 'startswith' | 'endswith', target: ValueExpr, pattern: string): string {
    const t = this.value(target as Exclude<ValueExpr, { kind: 'null' }>);
    const esc = escapeLike(pattern);
    const like = fn === 'contains' ? `%${esc}%` : fn === 'startswith' ? `${esc}%` : `%${esc}`;
    const likeSql = `${t.sql} LIKE ${this.params.bind(like)} ${this.likeEscapeClause()}`;
    if (this.dialect === 'mysql') return `(${likeSql})`;
    const raw = this.params.bind(pattern);
    const exact =
      fn === 'contains'
        ? `instr(${t.sql}, ${raw}) > 0`
        : fn === 'startswith'
          ? `substr(${t.sql}, 1, length(${raw})) = ${raw}`
          : `substr(${t.sql}, length(${t.sql}) - length(${raw}) + 1) = ${raw}`;
    return `(${likeSql} AND ${exact})`;
  }
}

/**
 * Translates `filter` into SQL and returns it with its parameters, without
 * touching the query builder (useful for tests and for composing conditions).
 */
export function translateFilter(
  qb: AnyQueryBuilder,
  alias: string,
  set: EdmEntitySet,
  filter: FilterAst,
  dialect: SqlDialect = dialectOf(qb),
): { sql: string; params: Record<string, unknown> } {
  const t = new FilterTranslator(qb, alias, set, dialect);
  const sql = t.bool(filter);
  return { sql, params: t.params.params };
}

/** Adds `AND (<filter>)` to the query builder. */
export function applyFilter(qb: AnyQueryBuilder, alias: string, set: EdmEntitySet, filter: FilterAst, dialect: SqlDialect = dialectOf(qb)): AnyQueryBuilder {
  const { sql, params } = translateFilter(qb, alias, set, filter, dialect);
  return qb.andWhere(sql, params);
}

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
  for (const item of orderby ?? []) add(item.property, item.direction === 'desc' ? 'DESC' : 'ASC');
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
  for (const key of keys) qb.addOrderBy(`${alias}.${key.column}`, key.direction);
  return keys;
}

/** `col1 ASC, col2 DESC` for the keys (e.g. inside a window function's OVER clause). */
export function orderKeysSql(qb: AnyQueryBuilder, alias: string, keys: OrderKey[]): string {
  return keys.map((k) => `${columnSql(qb, alias, k.column)} ${k.direction}`).join(', ');
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
  const cols = orderKeys.map((k) => columnSql(qb, alias, k.column));
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
  return qb.andWhere(sql, params.params);
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
