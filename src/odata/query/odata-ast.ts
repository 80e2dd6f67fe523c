import type { EdmType } from './edm-model';

/* ------------------------------------------------------------------ literals */

export interface NullLiteral {
  kind: 'null';
}
export interface BooleanLiteral {
  kind: 'boolean';
  value: boolean;
}
/** Integer literal; `text` is the exact digits (may exceed 2^53). */
export interface IntegerLiteral {
  kind: 'integer';
  text: string;
}
/** Decimal literal without exponent, e.g. `1.50`; exact text kept. */
export interface DecimalLiteral {
  kind: 'decimal';
  text: string;
}
/** Double literal with exponent, e.g. `1e3` or `2.5E-2`; exact text kept. */
export interface DoubleLiteral {
  kind: 'double';
  text: string;
}
export interface StringLiteral {
  kind: 'string';
  /** Unescaped value ('' already turned into '). */
  value: string;
}
/** `YYYY-MM-DD`, validated as a real calendar date. */
export interface DateLiteral {
  kind: 'date';
  value: string;
}
export interface DateTimeOffsetLiteral {
  kind: 'dateTimeOffset';
  /** Literal as written, e.g. `2030-01-01T10:00:00+02:00`. */
  text: string;
  /** The instant in UTC, ISO-8601 with milliseconds (`...Z`); sub-millisecond digits are truncated. */
  utc: string;
}
export interface GuidLiteral {
  kind: 'guid';
  value: string;
}

export type Literal =
  NullLiteral | BooleanLiteral | IntegerLiteral | DecimalLiteral | DoubleLiteral | StringLiteral | DateLiteral | DateTimeOffsetLiteral | GuidLiteral;

/* --------------------------------------------------------------- value nodes */

export interface PropertyRef {
  kind: 'property';
  /** OData property name (validated against the model). */
  name: string;
  /** EDM type, or null when parsed in syntax-only mode (no model). */
  type: EdmType | null;
  /** The lambda variable whose entity holds the property (`c/Year`); absent for the addressed entity. */
  variable?: string;
}

/** tolower/toupper: string -> string. */
export interface CaseCall {
  kind: 'case';
  fn: 'tolower' | 'toupper';
  arg: StringOperand;
}

/** year/month/day (Date or DateTimeOffset) and hour/minute/second (DateTimeOffset) of a property: -> Int32. */
export interface DatePartCall {
  kind: 'datePart';
  fn: 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second';
  arg: PropertyRef;
}

export type CallFunction = 'length' | 'indexof' | 'substring' | 'concat' | 'trim' | 'round' | 'floor' | 'ceiling' | 'date' | 'now';

/** The other canonical functions (Part 2 §5.1.1.7ff), typed by the parser. */
export interface FunctionCall {
  kind: 'call';
  fn: CallFunction;
  args: ValueExpr[];
  /** Result type; null when an argument is untyped (syntax-only mode). */
  type: EdmType | null;
}

export type ArithmeticOperator = 'add' | 'sub' | 'mul' | 'div' | 'divby' | 'mod';

/** Numeric arithmetic (Part 2 §5.1.1.2); `div` of two integers is integer division. */
export interface Arithmetic {
  kind: 'arith';
  op: ArithmeticOperator;
  left: ValueExpr;
  right: ValueExpr;
  type: EdmType | null;
}

export interface Negation {
  kind: 'neg';
  operand: ValueExpr;
  type: EdmType | null;
}

/** A string-valued expression usable as the first argument of contains & co. */
export type StringOperand = PropertyRef | CaseCall | FunctionCall;

/** Anything that can appear as an operand of a comparison. */
export type ValueExpr = Literal | PropertyRef | CaseCall | DatePartCall | FunctionCall | Arithmetic | Negation;

/* ------------------------------------------------------------- boolean nodes */

export type ComparisonOperator = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';

export interface Comparison {
  kind: 'compare';
  op: ComparisonOperator;
  left: ValueExpr;
  right: ValueExpr;
}

/** `operand in (literal, ...)`; the list may be empty (always false). */
export interface InList {
  kind: 'in';
  operand: ValueExpr;
  values: Literal[];
}

/** contains/startswith/endswith(stringExpr, 'literal'). */
export interface StringMatch {
  kind: 'match';
  fn: 'contains' | 'startswith' | 'endswith';
  target: StringOperand;
  pattern: string;
}

/** N-ary and/or (flattened, so long chains do not create deep trees). */
export interface Logical {
  kind: 'and' | 'or';
  operands: BoolExpr[];
}

export interface Not {
  kind: 'not';
  operand: BoolExpr;
}

/**
 * `Cashflows/any(c: c/Year ge 2040)`, `Cashflows/all(c: ...)`, `Cashflows/any()`: over a
 * collection-valued navigation property of the addressed entity set.
 */
export interface Lambda {
  kind: 'lambda';
  op: 'any' | 'all';
  navigation: string;
  /** Null only for `any()` without a predicate. */
  variable: string | null;
  predicate: BoolExpr | null;
}

/**
 * A boolean expression: the type of a whole $filter. A bare property is only
 * allowed when it is Edm.Boolean (or untyped in syntax-only mode), a bare
 * literal only when it is true/false.
 */
export type BoolExpr = Comparison | InList | StringMatch | Logical | Not | Lambda | PropertyRef | BooleanLiteral;

export type FilterAst = BoolExpr;

/* ------------------------------------------------------ $orderby and $select */

export interface OrderByItem {
  /** OData property name, or the expression's text when `expr` is set. */
  property: string;
  direction: 'asc' | 'desc';
  /** An expression to order by (`length(Name)`, `Capex sub Npv`); absent for a plain property. */
  expr?: ValueExpr;
}

export type SelectAst = { kind: 'all' } | { kind: 'properties'; properties: string[] };

/* ----------------------------------------------------------------- $expand */

/** One expanded navigation property with its nested options (collection-valued only: filter/orderby/top). */
export interface ExpandItem {
  navigation: string;
  /** The nested options as received (decoded name, value), for the nested nextLink. */
  rawOptions: [string, string][];
  select?: SelectAst;
  filter?: FilterAst;
  orderby?: OrderByItem[];
  top?: number;
}

/* ------------------------------------------------------------------ $apply */

export type AggregateMethod = 'sum' | 'min' | 'max' | 'average' | 'countdistinct' | 'count';

/** `Prop with method as Alias`, or `$count as Alias` (method 'count', no property). */
export interface AggregateExpr {
  method: AggregateMethod;
  property: string | null;
  alias: string;
}

/** `filter(...)/.../groupby((A,B),aggregate(...))` or `.../aggregate(...)`: filters, then at most one grouping. */
export interface ApplyAst {
  filters: FilterAst[];
  /** Grouping properties; null without groupby. */
  groupBy: string[] | null;
  aggregates: AggregateExpr[];
}

/* ------------------------------------------------------- all query options */

export interface ODataQueryOptions {
  filter?: FilterAst;
  orderby?: OrderByItem[];
  select?: SelectAst;
  expand?: ExpandItem[];
  apply?: ApplyAst;
  top?: number;
  skip?: number;
  count?: boolean;
  /** Only JSON is supported; present when $format was given. */
  format?: 'json';
  /** Opaque, validated later by decodeSkipToken. */
  skiptoken?: string;
}
