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
import { EntityMetadata } from 'typeorm';
import { EdmEntitySet, EdmProperty, EdmType, findNavigation, findProperty } from './edm-model';
import { Arithmetic, BoolExpr, CallFunction, ComparisonOperator, DatePartCall, FilterAst, Lambda, Literal, PropertyRef, ValueExpr } from './odata-ast';
import { clip, ODataSyntaxError } from './odata-errors';
import { typeOf } from './odata-node-types';
import {
  AnyQueryBuilder,
  columnSql,
  dialectOf,
  escapeLike,
  FALSE_SQL,
  metadataColumnSql,
  ParamAllocator,
  SqlDialect,
  toSqliteUtc,
  TRUE_SQL,
} from './odata-sql';

const isIntegerType = (type: EdmType | null) => type === 'Edm.Int32' || type === 'Edm.Int64';

interface Operand {
  sql: string;
  /** Whether the value can be NULL at runtime. */
  nullable: boolean;
}

const SQL_OPS: Record<ComparisonOperator, string> = { eq: '=', ne: '<>', gt: '>', ge: '>=', lt: '<', le: '<=' };

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

  private datePartSql(fn: DatePartCall['fn'], col: string): string {
    if (this.dialect === 'mysql') return `${fn.toUpperCase()}(${col})`;
    const fmt = { year: '%Y', month: '%m', day: '%d', hour: '%H', minute: '%M', second: '%S' }[fn];
    return `CAST(strftime('${fmt}', ${col}) AS INTEGER)`;
  }

  /** SQL of the other canonical functions; the same meaning on SQLite and MySQL/MariaDB. */
  private callSql(fn: CallFunction, args: string[]): string {
    const mysql = this.dialect === 'mysql';
    switch (fn) {
      case 'length':
        return mysql ? `CHAR_LENGTH(${args[0]})` : `length(${args[0]})`;
      case 'indexof': // zero-based, -1 when absent
        return mysql ? `(LOCATE(${args[1]}, ${args[0]}) - 1)` : `(instr(${args[0]}, ${args[1]}) - 1)`;
      case 'substring': {
        const from = `(${args[1]} + 1)`;
        const f = mysql ? 'SUBSTRING' : 'substr';
        return args.length === 3 ? `${f}(${args[0]}, ${from}, ${args[2]})` : `${f}(${args[0]}, ${from})`;
      }
      case 'concat':
        return mysql ? `CONCAT(${args[0]}, ${args[1]})` : `(${args[0]} || ${args[1]})`;
      case 'trim':
        return `TRIM(${args[0]})`;
      case 'round':
        return `ROUND(${args[0]})`;
      case 'floor':
        return `FLOOR(${args[0]})`;
      case 'ceiling':
        return `CEILING(${args[0]})`;
      case 'date':
        return mysql ? `DATE(${args[0]})` : `date(${args[0]})`;
      case 'now':
        return this.bindLiteral({ kind: 'dateTimeOffset', text: '', utc: new Date().toISOString() });
    }
  }

  private arithmeticSql(node: Arithmetic, l: string, r: string): string {
    const integers = isIntegerType(typeOf(node.left)) && isIntegerType(typeOf(node.right));
    switch (node.op) {
      case 'add':
        return `(${l} + ${r})`;
      case 'sub':
        return `(${l} - ${r})`;
      case 'mul':
        return `(${l} * ${r})`;
      case 'mod':
        return `(${l} % ${r})`;
      case 'div':
      case 'divby':
        // SQLite divides integers as integers, and DECIMAL columns may hold integers: make
        // decimal division explicit there. MySQL's / is decimal division, DIV integer division.
        if (node.op === 'div' && integers) return this.dialect === 'mysql' ? `(${l} DIV ${r})` : `(${l} / ${r})`;
        return this.dialect === 'mysql' ? `(${l} / ${r})` : `(CAST(${l} AS REAL) / ${r})`;
    }
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
      case 'call': {
        const args = node.args.map((a) => this.nullableValue(a));
        return {
          sql: this.callSql(
            node.fn,
            args.map((a) => a.sql),
          ),
          nullable: args.some((a) => a.nullable),
        };
      }
      case 'arith': {
        const l = this.nullableValue(node.left);
        const r = this.nullableValue(node.right);
        // Division and modulo by zero are NULL on both databases: guard them like nulls.
        const byZero = node.op === 'div' || node.op === 'divby' || node.op === 'mod';
        return { sql: this.arithmeticSql(node, l.sql, r.sql), nullable: l.nullable || r.nullable || byZero };
      }
      case 'neg': {
        const inner = this.nullableValue(node.operand);
        // The space matters: TypeORM only expands a parameter preceded by a space, '=' or '('.
        return { sql: `(- ${inner.sql})`, nullable: inner.nullable };
      }
      default:
        return { sql: this.bindLiteral(node), nullable: false };
    }
  }

  /** A value operand that may be the null literal (inside functions and arithmetic). */
  private nullableValue(node: ValueExpr): Operand {
    return node.kind === 'null' ? { sql: 'NULL', nullable: true } : this.value(node);
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

/** SQL of a value expression (an $orderby key) with its parameters. */
export function translateValue(
  qb: AnyQueryBuilder,
  alias: string,
  set: EdmEntitySet,
  expr: ValueExpr,
  dialect: SqlDialect = dialectOf(qb),
): { sql: string; params: Record<string, unknown> } {
  const t = new FilterTranslator(qb, alias, set, dialect);
  const sql = expr.kind === 'null' ? 'NULL' : t.value(expr).sql;
  return { sql, params: t.params.params };
}

/** Adds `AND (<filter>)` to the query builder. */
export function applyFilter(qb: AnyQueryBuilder, alias: string, set: EdmEntitySet, filter: FilterAst, dialect: SqlDialect = dialectOf(qb)): AnyQueryBuilder {
  const { sql, params } = translateFilter(qb, alias, set, filter, dialect);
  return qb.andWhere(sql, params);
}
