/**
 * Recursive-descent parser for the OData v4 system query options we support:
 * $filter, $orderby, $select, $top, $skip, $count, $format, $skiptoken.
 *
 * Design notes
 * - Every parse function takes the entity set. Passing `null` selects a
 *   "syntax-only" mode (used by the OASIS conformance test, whose test cases
 *   use a foreign model): any simple identifier is accepted as an untyped
 *   property and type checks involving it are skipped. The translator never
 *   accepts such an AST because it re-resolves every property in the model.
 * - Errors: ODataSyntaxError (400) for invalid input, ODataNotImplementedError
 *   (501) for valid OData we deliberately do not support. Messages name the
 *   option and the position, and echo at most a short clip of the input.
 * - Operator precedence follows OData Part 2 §5.1.1.15:
 *   not > (gt ge lt le in has) > (eq ne) > and > or. Operator keywords are
 *   matched case-insensitively (OData 4.01 ABNF); function names, literals
 *   (true/false/null) and property names are case-sensitive.
 * - Limits (max length, nesting depth, node count) keep recursion bounded and
 *   the generated SQL well below SQLite's expression depth limit.
 */
import { EdmEntitySet, EdmType, findProperty, isNumericType } from './edm-model';
import {
  BoolExpr,
  CaseCall,
  ComparisonOperator,
  DatePartCall,
  FilterAst,
  Literal,
  ODataQueryOptions,
  OrderByItem,
  PropertyRef,
  SelectAst,
  StringOperand,
  ValueExpr,
} from './odata-ast';
import { clip, ODataNotImplementedError, ODataSyntaxError } from './odata-errors';

/** Maximum length of a single (decoded) option value. */
export const MAX_OPTION_LENGTH = 8000;
/** Maximum length of the raw query string (percent-encoding may triple it). */
export const MAX_QUERY_STRING_LENGTH = 3 * MAX_OPTION_LENGTH;
/** Maximum nesting depth (parentheses, `not`, function arguments). */
export const MAX_DEPTH = 100;
/** Maximum number of operators/comparisons in one $filter. */
export const MAX_NODES = 400;

type Node = BoolExpr | ValueExpr;

/** Type category used for compatibility checks. */
type Category = 'null' | 'numeric' | 'string' | 'boolean' | 'date' | 'dateTimeOffset' | 'guid' | 'untyped';

const COMPARISON_OPS: readonly string[] = ['eq', 'ne', 'gt', 'ge', 'lt', 'le'];
const ARITHMETIC_OPS: readonly string[] = ['add', 'sub', 'mul', 'div', 'divby', 'mod'];
/** Built-in OData functions that exist but are not supported (→ 501). */
const UNSUPPORTED_FUNCTIONS: ReadonlySet<string> = new Set([
  'concat',
  'indexof',
  'length',
  'substring',
  'matchesPattern',
  'trim',
  'date',
  'time',
  'hour',
  'minute',
  'second',
  'fractionalseconds',
  'totalseconds',
  'totaloffsetminutes',
  'maxdatetime',
  'mindatetime',
  'now',
  'round',
  'floor',
  'ceiling',
  'cast',
  'isof',
  'hassubset',
  'hassubsequence',
  'case',
]);
/** Prefixes of typed literals (`duration'P1D'`, `geography'...'`, ...). */
const UNSUPPORTED_LITERAL_PREFIXES: ReadonlySet<string> = new Set(['duration', 'binary', 'geography', 'geometry']);

// Sticky regexes used at the current position.
const IDENT_RE = /[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Nd}\p{Mn}\p{Mc}\p{Pc}\p{Cf}]{0,127}/uy;
const GUID_RE = /[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}/y;
const DATE_RE = /(\d{4})-(\d{2})-(\d{2})/y;
const TIME_TAIL_RE = /T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,12}))?)?(Z|[+-]\d{2}:\d{2})/y;
const TIME_OF_DAY_RE = /\d{2}:\d{2}/y;
const NUMBER_RE = /-?\d+(\.\d+)?([eE][+-]?\d+)?/y;
const WS_RE = /[ \t]/;

function isIdentChar(ch: string | undefined): boolean {
  return ch !== undefined && /[\p{L}\p{Nl}\p{Nd}\p{Mn}\p{Mc}\p{Pc}\p{Cf}]/u.test(ch);
}

function isBoolNode(node: Node): boolean {
  switch (node.kind) {
    case 'compare':
    case 'in':
    case 'match':
    case 'and':
    case 'or':
    case 'not':
      return true;
    default:
      return false;
  }
}

function isLiteral(node: Node): node is Literal {
  switch (node.kind) {
    case 'null':
    case 'boolean':
    case 'integer':
    case 'decimal':
    case 'double':
    case 'string':
    case 'date':
    case 'dateTimeOffset':
    case 'guid':
      return true;
    default:
      return false;
  }
}

function categoryOfType(type: EdmType): Category {
  if (isNumericType(type)) return 'numeric';
  switch (type) {
    case 'Edm.String':
      return 'string';
    case 'Edm.Boolean':
      return 'boolean';
    case 'Edm.Date':
      return 'date';
    default:
      return 'dateTimeOffset';
  }
}

function categoryOf(node: Node): Category {
  switch (node.kind) {
    case 'null':
      return 'null';
    case 'boolean':
      return 'boolean';
    case 'integer':
    case 'decimal':
    case 'double':
      return 'numeric';
    case 'string':
      return 'string';
    case 'date':
      return 'date';
    case 'dateTimeOffset':
      return 'dateTimeOffset';
    case 'guid':
      return 'guid';
    case 'property':
      return node.type === null ? 'untyped' : categoryOfType(node.type);
    case 'case':
      return 'string';
    case 'datePart':
      return 'numeric';
    default:
      return 'boolean';
  }
}

function describe(node: Node): string {
  if (node.kind === 'property') return `property '${clip(node.name)}'${node.type ? ` (${node.type})` : ''}`;
  if (isLiteral(node)) return `${node.kind} literal`;
  if (node.kind === 'case' || node.kind === 'datePart') return `${node.fn}()`;
  return 'boolean expression';
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isValidDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return d <= (m === 2 && leap ? 29 : DAYS_IN_MONTH[m - 1]);
}

class ExpressionParser {
  pos = 0;
  private depth = 0;
  private nodes = 0;

  constructor(
    readonly text: string,
    readonly set: EdmEntitySet | null,
    readonly option: string,
  ) {}

  /* ------------------------------------------------------------- helpers */

  fail(message: string, pos: number = this.pos): never {
    throw new ODataSyntaxError(`${this.option}: ${message} at position ${pos}`, pos);
  }

  notImplemented(message: string): never {
    throw new ODataNotImplementedError(`${this.option}: ${message} is not supported`);
  }

  private peek(offset = 0): string | undefined {
    return this.text[this.pos + offset];
  }

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  skipWs(): number {
    const start = this.pos;
    while (this.pos < this.text.length && WS_RE.test(this.text[this.pos])) this.pos++;
    return this.pos - start;
  }

  private match(re: RegExp): RegExpExecArray | null {
    re.lastIndex = this.pos;
    return re.exec(this.text);
  }

  /** Fails unless the whole input has been consumed. */
  expectEnd(): void {
    if (this.atEnd()) return;
    const wsPos = this.pos;
    this.skipWs();
    if (this.atEnd()) this.fail('unexpected trailing whitespace', wsPos);
    this.fail(`unexpected ${this.tokenAt(this.pos)}`);
  }

  /** Describes the token at `pos` for error messages. */
  tokenAt(pos: number): string {
    if (pos >= this.text.length) return 'end of input';
    const m = /[^ \t(),]+|./y;
    m.lastIndex = pos;
    return `'${clip(m.exec(this.text)?.[0] ?? '')}'`;
  }

  private countNode(pos: number): void {
    if (++this.nodes > MAX_NODES) this.fail(`expression too complex (more than ${MAX_NODES} operations)`, pos);
  }

  /**
   * If the next token (after at least one whitespace) is one of `words`
   * (case-insensitive) followed by whitespace or one of `followers`,
   * consumes it and returns it in lower case; otherwise restores the position.
   */
  private tryOperator(words: readonly string[], followers = ''): string | null {
    const save = this.pos;
    if (this.skipWs() === 0) {
      this.pos = save;
      return null;
    }
    const m = /[A-Za-z]+/y;
    m.lastIndex = this.pos;
    const word = m.exec(this.text)?.[0];
    if (word) {
      const lower = word.toLowerCase();
      const next = this.text[this.pos + word.length];
      if (words.includes(lower) && (next === undefined || WS_RE.test(next) || followers.includes(next))) {
        this.pos += word.length;
        return lower;
      }
    }
    this.pos = save;
    return null;
  }

  private requireBoolean(node: Node, pos: number, what: string): BoolExpr {
    if (isBoolNode(node)) return node as BoolExpr;
    if (node.kind === 'boolean') return node;
    if (node.kind === 'property' && (node.type === null || node.type === 'Edm.Boolean')) return node;
    return this.fail(`${what} must be a boolean expression, found ${describe(node)}`, pos);
  }

  private requireValue(node: Node): ValueExpr {
    if (isBoolNode(node)) return this.notImplemented('comparing the result of a boolean expression');
    return node as ValueExpr;
  }

  /* ---------------------------------------------------------- grammar */

  /** boolCommonExpr / commonExpr entry point: an `or` chain of `and` chains. */
  parseOr(): Node {
    return this.parseChain('or', () => this.parseAnd());
  }

  private parseAnd(): Node {
    return this.parseChain('and', () => this.parseEquality());
  }

  /** `operand (RWS op RWS operand)*`; a single operand is returned as it is. */
  private parseChain(op: 'or' | 'and', parseOperand: () => Node): Node {
    const start = this.pos;
    const first = parseOperand();
    if (this.peekOperator([op]) === null) return first;
    const what = `operand of '${op}'`;
    const operands: BoolExpr[] = [this.requireBoolean(first, start, what)];
    while (this.tryOperator([op])) {
      this.expectRws(`'${op}'`);
      const pos = this.pos;
      this.countNode(pos);
      operands.push(this.requireBoolean(parseOperand(), pos, what));
    }
    return { kind: op, operands };
  }

  private peekOperator(words: readonly string[]): string | null {
    const save = this.pos;
    const op = this.tryOperator(words);
    this.pos = save;
    return op;
  }

  private expectRws(after: string): void {
    if (this.atEnd()) this.fail(`unexpected end of input after ${after}`);
    if (this.skipWs() === 0) this.fail(`expected whitespace after ${after}`);
  }

  private parseEquality(): Node {
    let left = this.parseRelational();
    for (;;) {
      const opPos = this.pos;
      const op = this.tryOperator(['eq', 'ne']);
      if (!op) return left;
      this.expectRws(`'${op}'`);
      const rightPos = this.pos;
      const right = this.parseRelational();
      left = this.comparison(op as ComparisonOperator, left, right, opPos + 1, rightPos);
    }
  }

  private parseRelational(): Node {
    let left = this.parseArithmetic();
    for (;;) {
      const opPos = this.pos;
      const op = this.tryOperator(['gt', 'ge', 'lt', 'le', 'in', 'has'], '(');
      if (!op) return left;
      if (op === 'has') this.notImplemented("the 'has' operator (enumerations)");
      if (op === 'in') {
        left = this.parseInList(left, opPos + 1);
        continue;
      }
      this.expectRws(`'${op}'`);
      const rightPos = this.pos;
      const right = this.parseArithmetic();
      left = this.comparison(op as ComparisonOperator, left, right, opPos + 1, rightPos);
    }
  }

  /** Arithmetic operators are recognised only to report them as unsupported. */
  private parseArithmetic(): Node {
    const operand = this.parseUnary();
    const op = this.peekOperator(ARITHMETIC_OPS);
    if (op) this.notImplemented(`arithmetic operator '${op}'`);
    return operand;
  }

  private parseUnary(): Node {
    if (++this.depth > MAX_DEPTH) this.fail(`expression nested too deeply (max ${MAX_DEPTH})`);
    try {
      const start = this.pos;
      // `not` followed by whitespace or '(' (the latter is a common client spelling).
      const m = /not(?=[ \t(])/iy;
      m.lastIndex = this.pos;
      if (m.exec(this.text)) {
        this.pos += 3;
        this.skipWs();
        this.countNode(start);
        const operandPos = this.pos;
        const operand = this.parseUnary();
        return { kind: 'not', operand: this.requireBoolean(operand, operandPos, "operand of 'not'") };
      }
      if (this.peek() === '-' && !/[0-9I]/.test(this.peek(1) ?? '')) {
        if (this.peek(1) === undefined) this.fail('unexpected end of input after "-"', this.pos + 1);
        this.notImplemented('the negation operator');
      }
      return this.parsePrimary();
    } finally {
      this.depth--;
    }
  }

  private parsePrimary(): Node {
    const start = this.pos;
    const ch = this.peek();
    if (ch === undefined) this.fail('unexpected end of input, expected an expression');
    if (ch === '(') {
      this.pos++;
      this.skipWs();
      const inner = this.parseOr();
      this.skipWs();
      if (this.peek() !== ')') this.fail(`expected ')' but found ${this.tokenAt(this.pos)}`);
      this.pos++;
      return inner;
    }
    if (ch === "'") return this.parseString();
    if (ch === '[' || ch === '{') this.notImplemented('JSON array/object literals');
    if (ch === '@') this.notImplemented('parameter aliases and annotations');
    if (ch === '$') {
      const m = /\$[A-Za-z]+/y;
      m.lastIndex = this.pos;
      const word = m.exec(this.text)?.[0];
      if (word === '$it' || word === '$this' || word === '$root' || word === '$count') this.notImplemented(`'${word}'`);
      this.fail(`unexpected ${this.tokenAt(start)}`, start);
    }
    const guid = this.match(GUID_RE);
    if (guid && !isIdentChar(this.text[this.pos + guid[0].length])) {
      this.pos += guid[0].length;
      return { kind: 'guid', value: guid[0].toLowerCase() };
    }
    if (ch === '-' || (ch >= '0' && ch <= '9')) return this.parseNumberOrDate();
    if (this.match(IDENT_RE)) return this.parseIdentifierExpression();
    return this.fail(`unexpected ${this.tokenAt(start)}`, start);
  }

  private parseString(): Literal {
    const start = this.pos;
    let value = '';
    this.pos++; // opening quote
    for (;;) {
      const next = this.text.indexOf("'", this.pos);
      if (next < 0) this.fail('unterminated string literal', start);
      value += this.text.slice(this.pos, next);
      if (this.text[next + 1] === "'") {
        value += "'";
        this.pos = next + 2;
      } else {
        this.pos = next + 1;
        return { kind: 'string', value };
      }
    }
  }

  private parseNumberOrDate(): Literal {
    const start = this.pos;
    if (this.text.startsWith('-INF', this.pos)) this.notImplemented('INF/NaN literals');
    const date = this.match(DATE_RE);
    if (date) {
      const [y, m, d] = [Number(date[1]), Number(date[2]), Number(date[3])];
      if (!isValidDate(y, m, d)) this.fail(`invalid date '${clip(date[0])}'`, start);
      this.pos += date[0].length;
      if (this.peek() !== 'T') {
        this.checkLiteralEnd(start);
        return { kind: 'date', value: date[0] };
      }
      const tail = this.match(TIME_TAIL_RE);
      if (!tail) this.fail('invalid DateTimeOffset literal (expected e.g. 2030-01-01T00:00:00Z)', start);
      const [hh, mm, ss] = [Number(tail[1]), Number(tail[2]), Number(tail[3] ?? '0')];
      const offset = tail[5];
      const offOk = offset === 'Z' || (Number(offset.slice(1, 3)) <= 23 && Number(offset.slice(4, 6)) <= 59);
      if (hh > 23 || mm > 59 || ss > 59 || !offOk) this.fail('invalid time in DateTimeOffset literal', start);
      this.pos += tail[0].length;
      this.checkLiteralEnd(start);
      const text = this.text.slice(start, this.pos);
      const ms = (tail[4] ?? '').padEnd(3, '0').slice(0, 3); // sub-millisecond digits are truncated
      const iso = `${date[0]}T${tail[1]}:${tail[2]}:${tail[3] ?? '00'}.${ms}${offset === 'Z' ? 'Z' : offset}`;
      const instant = new Date(iso);
      if (Number.isNaN(instant.getTime())) this.fail('invalid DateTimeOffset literal', start);
      return { kind: 'dateTimeOffset', text, utc: instant.toISOString() };
    }
    if (this.match(TIME_OF_DAY_RE)) this.notImplemented('TimeOfDay literals');
    const num = this.match(NUMBER_RE);
    if (!num) return this.fail(`invalid number ${this.tokenAt(start)}`, start);
    this.pos += num[0].length;
    this.checkLiteralEnd(start);
    if (num[2]) {
      if (!Number.isFinite(Number(num[0]))) this.fail(`number out of range '${clip(num[0])}'`, start);
      return { kind: 'double', text: num[0] };
    }
    if (num[1]) return { kind: 'decimal', text: num[0] };
    return { kind: 'integer', text: num[0] };
  }

  /** A literal must not run straight into an identifier (e.g. `2x4`, `1.5M`). */
  private checkLiteralEnd(start: number): void {
    const next = this.peek();
    if (next !== undefined && (isIdentChar(next) || next === '.' || next === "'")) {
      this.fail(`invalid literal ${this.tokenAt(start)}`, start);
    }
  }

  /** Reads `Name` or a qualified `Namespace.Name`. */
  private readQualifiedName(): string {
    let name = this.match(IDENT_RE)![0];
    this.pos += name.length;
    while (this.peek() === '.' && this.match(/\.[\p{L}\p{Nl}_]/uy)) {
      this.pos++;
      const part = this.match(IDENT_RE)![0];
      this.pos += part.length;
      name += `.${part}`;
    }
    return name;
  }

  private parseIdentifierExpression(): Node {
    const start = this.pos;
    const name = this.readQualifiedName();
    const qualified = name.includes('.');
    const next = this.peek();
    if (!qualified) {
      if (name === 'true' || name === 'false') {
        this.checkNotFollowed(name);
        return { kind: 'boolean', value: name === 'true' };
      }
      if (name === 'null') {
        this.checkNotFollowed(name);
        return { kind: 'null' };
      }
      if (name === 'INF' || name === 'NaN') this.notImplemented('INF/NaN literals');
    }
    if (next === "'") {
      if (qualified) this.notImplemented('enumeration literals');
      if (UNSUPPORTED_LITERAL_PREFIXES.has(name)) this.notImplemented(`${name} literals`);
      this.fail(`unknown literal prefix '${clip(name)}'`, start);
    }
    if (next === '(') return this.parseCall(name, start);
    if (qualified) this.fail(`expected '(' after qualified name '${clip(name)}'`);
    if (next === '/') {
      if (this.set && !findProperty(this.set, name)) this.fail(`unknown property '${clip(name)}'`, start);
      this.notImplemented('path expressions (navigation, complex properties, casts, annotations, $count)');
    }
    return this.propertyRef(name, start);
  }

  private checkNotFollowed(name: string): void {
    const next = this.peek();
    if (next === '(' || next === '/') this.fail(`unexpected ${this.tokenAt(this.pos)} after '${name}'`);
  }

  private propertyRef(name: string, start: number): PropertyRef {
    if (!this.set) return { kind: 'property', name, type: null };
    const prop = findProperty(this.set, name);
    if (!prop) this.fail(`unknown property '${clip(name)}'`, start);
    return { kind: 'property', name: prop.name, type: prop.type };
  }

  private parseCall(name: string, start: number): Node {
    const isSupported = ['contains', 'startswith', 'endswith', 'tolower', 'toupper', 'year', 'month', 'day'].includes(name);
    if (!isSupported) {
      if (UNSUPPORTED_FUNCTIONS.has(name)) this.notImplemented(`function '${name}'`);
      if (name === 'any' || name === 'all') this.fail(`lambda operator '${name}' requires a collection path`, start + name.length);
      if (name.includes('.')) this.notImplemented(`function '${clip(name)}'`);
      if (!this.set) this.notImplemented(`function or key access '${clip(name)}(...)'`);
      if (findProperty(this.set, name)) this.fail(`property '${clip(name)}' cannot be followed by '('`, this.pos);
      this.fail(`unknown function '${clip(name)}'`, start);
    }
    this.countNode(start);
    // Arguments
    this.pos++; // '('
    this.skipWs();
    const args: { node: Node; pos: number }[] = [];
    if (this.peek() !== ')') {
      for (;;) {
        const pos = this.pos;
        args.push({ node: this.parseOr(), pos });
        this.skipWs();
        if (this.peek() === ',') {
          this.pos++;
          this.skipWs();
          continue;
        }
        break;
      }
    }
    if (this.peek() !== ')') this.fail(`expected ',' or ')' but found ${this.tokenAt(this.pos)}`);
    this.pos++;
    const expectArgs = (n: number): void => {
      if (args.length !== n) this.fail(`function '${name}' expects ${n} argument(s), got ${args.length}`, start);
    };
    switch (name) {
      case 'contains':
      case 'startswith':
      case 'endswith': {
        expectArgs(2);
        const target = this.stringOperand(args[0].node, args[0].pos, name);
        const pattern = args[1].node;
        if (pattern.kind === 'string') return { kind: 'match', fn: name, target, pattern: pattern.value };
        if (pattern.kind === 'null') this.fail(`function '${name}' needs a non-null string pattern`, args[1].pos);
        const cat = categoryOf(pattern);
        if (cat === 'string' || cat === 'untyped') this.notImplemented(`a non-literal second argument of '${name}'`);
        return this.fail(`function '${name}' requires string arguments, found ${describe(pattern)}`, args[1].pos);
      }
      case 'tolower':
      case 'toupper': {
        expectArgs(1);
        const call: CaseCall = { kind: 'case', fn: name, arg: this.stringOperand(args[0].node, args[0].pos, name) };
        return call;
      }
      default: {
        expectArgs(1);
        const fn = name as 'year' | 'month' | 'day';
        const arg = args[0].node;
        if (arg.kind === 'property') {
          if (arg.type === null || arg.type === 'Edm.Date' || arg.type === 'Edm.DateTimeOffset') {
            const call: DatePartCall = { kind: 'datePart', fn, arg };
            return call;
          }
          this.fail(`function '${fn}' requires an Edm.Date or Edm.DateTimeOffset property, found ${describe(arg)}`, args[0].pos);
        }
        if (arg.kind === 'date' || arg.kind === 'dateTimeOffset') this.notImplemented(`'${fn}' of a literal`);
        return this.fail(`function '${fn}' requires an Edm.Date or Edm.DateTimeOffset property, found ${describe(arg)}`, args[0].pos);
      }
    }
  }

  private stringOperand(node: Node, pos: number, fn: string): StringOperand {
    if (node.kind === 'case') return node;
    if (node.kind === 'property') {
      if (node.type === null || node.type === 'Edm.String') return node;
      this.fail(`function '${fn}' requires string arguments, found ${describe(node)}`, pos);
    }
    if (node.kind === 'string') this.notImplemented(`a string literal as first argument of '${fn}'`);
    return this.fail(`function '${fn}' requires string arguments, found ${describe(node)}`, pos);
  }

  private checkCompatible(left: ValueExpr, right: ValueExpr, pos: number): void {
    const a = categoryOf(left);
    const b = categoryOf(right);
    if (a === 'null' || b === 'null' || a === 'untyped' || b === 'untyped' || a === b) return;
    this.fail(`cannot compare ${describe(left)} with ${describe(right)}`, pos);
  }

  private comparison(op: ComparisonOperator, l: Node, r: Node, opPos: number, rightPos: number): Node {
    if (!COMPARISON_OPS.includes(op)) this.fail(`unknown operator '${op}'`, opPos);
    this.countNode(opPos);
    const left = this.requireValue(l);
    const right = this.requireValue(r);
    this.checkCompatible(left, right, rightPos);
    return { kind: 'compare', op, left, right };
  }

  /** `operand in (lit, lit, ...)`; called after the `in` keyword. */
  private parseInList(left: Node, opPos: number): Node {
    this.countNode(opPos);
    const operand = this.requireValue(left);
    this.skipWs();
    if (this.peek() !== '(') {
      if (this.peek() === '[') this.notImplemented('JSON array literals');
      if (this.atEnd()) this.fail("expected '(' after 'in'");
      this.notImplemented("'in' with a non-list right operand");
    }
    this.pos++;
    this.skipWs();
    const values: Literal[] = [];
    if (this.peek() !== ')') {
      for (;;) {
        const pos = this.pos;
        const item = this.parseOr();
        this.skipWs();
        if (!isLiteral(item)) {
          // `x in (Expr)` is a parenthesised single expression (OData 4.01), not a list.
          if (values.length === 0 && this.peek() === ')') this.notImplemented("'in' with a non-list right operand");
          this.fail("'in' list may contain only literals", values.length === 0 ? this.pos : pos);
        }
        this.checkCompatible(operand, item, pos);
        values.push(item);
        if (this.peek() === ',') {
          this.pos++;
          this.skipWs();
          continue;
        }
        break;
      }
    }
    if (this.peek() !== ')') this.fail(`expected ',' or ')' in 'in' list but found ${this.tokenAt(this.pos)}`);
    this.pos++;
    return { kind: 'in', operand, values };
  }
}

/* ================================================================ options */

function checkLength(option: string, text: string): void {
  if (text.length > MAX_OPTION_LENGTH) {
    throw new ODataSyntaxError(`${option}: value too long (max ${MAX_OPTION_LENGTH} characters) at position ${MAX_OPTION_LENGTH}`, MAX_OPTION_LENGTH);
  }
}

/**
 * Parses a $filter value (already percent-decoded). `set = null` selects the
 * syntax-only mode described at the top of this file.
 */
export function parseFilter(text: string, set: EdmEntitySet | null): FilterAst {
  const option = '$filter';
  checkLength(option, text);
  const p = new ExpressionParser(text, set, option);
  if (text.length === 0) p.fail('empty expression', 0);
  // The ABNF has no whitespace before/after the expression (e.g. `$filter= true` is invalid).
  if (WS_RE.test(text[0])) p.fail('unexpected whitespace', 0);
  const node = p.parseOr();
  p.expectEnd();
  if (isBoolNode(node) || node.kind === 'boolean' || node.kind === 'property') {
    if (node.kind === 'property' && node.type !== null && node.type !== 'Edm.Boolean') {
      p.fail(`expression must be boolean, found ${describe(node)}`, 0);
    }
    return node as BoolExpr;
  }
  return p.fail(`expression must be boolean, found ${describe(node)}`, 0);
}

/**
 * Parses any common expression (not necessarily boolean). Exposed for the
 * conformance tests of the `commonExpr` rule; the server uses parseFilter.
 */
export function parseCommonExpr(text: string, set: EdmEntitySet | null, option = '$filter'): BoolExpr | ValueExpr {
  checkLength(option, text);
  const p = new ExpressionParser(text, set, option);
  if (text.length === 0) p.fail('empty expression', 0);
  if (WS_RE.test(text[0])) p.fail('unexpected whitespace', 0);
  const node = p.parseOr();
  p.expectEnd();
  return node;
}

/** Parses `$orderby`: comma-separated `Property [asc|desc]` items. */
export function parseOrderBy(text: string, set: EdmEntitySet | null): OrderByItem[] {
  const option = '$orderby';
  checkLength(option, text);
  const p = new ExpressionParser(text, set, option);
  const items: OrderByItem[] = [];
  for (;;) {
    p.skipWs();
    const start = p.pos;
    if (p.atEnd() || text[p.pos] === ',') p.fail('expected a property name');
    const node = p.parseOr();
    if (node.kind !== 'property') {
      if (isLiteral(node) || node.kind === 'match' || node.kind === 'case' || node.kind === 'datePart' || isBoolNode(node)) {
        throw new ODataNotImplementedError(`${option}: ordering by an expression (only properties) is not supported`);
      }
      return p.fail('expected a property name', start);
    }
    let direction: 'asc' | 'desc' = 'asc';
    const save = p.pos;
    if (p.skipWs() > 0) {
      const m = /(asc|desc)(?![\p{L}\p{Nd}_])/iuy;
      m.lastIndex = p.pos;
      const dir = m.exec(text)?.[0];
      if (dir) {
        direction = dir.toLowerCase() as 'asc' | 'desc';
        p.pos += dir.length;
      } else {
        p.pos = save;
      }
    }
    items.push({ property: node.name, direction });
    p.skipWs();
    if (p.atEnd()) return items;
    if (text[p.pos] !== ',') p.fail(`expected ',' or end of $orderby but found ${p.tokenAt(p.pos)}`);
    p.pos++;
  }
}

/** Parses `$select`: `*` or a comma-separated list of property names. */
export function parseSelect(text: string, set: EdmEntitySet | null): SelectAst {
  const option = '$select';
  checkLength(option, text);
  const p = new ExpressionParser(text, set, option);
  const names: string[] = [];
  let all = false;
  for (;;) {
    p.skipWs();
    const start = p.pos;
    const ch = text[p.pos];
    if (ch === '*') {
      all = true;
      p.pos++;
    } else if (ch === '@') {
      throw new ODataNotImplementedError(`${option}: selecting annotations is not supported`);
    } else if (ch !== undefined && /[\p{L}\p{Nl}_]/u.test(ch)) {
      const m = /[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Nd}\p{Mn}\p{Mc}\p{Pc}\p{Cf}]{0,127}/uy;
      m.lastIndex = p.pos;
      const name = m.exec(text)![0];
      p.pos += name.length;
      const next = text[p.pos];
      if (next === '.' || next === '/' || next === '(') {
        if (set && next !== '.' && !findProperty(set, name)) p.fail(`unknown property '${clip(name)}'`, start);
        throw new ODataNotImplementedError(
          `${option}: qualified names, paths, nested options and operations in $select are not supported`,
        );
      }
      if (set) {
        const prop = findProperty(set, name);
        if (!prop) p.fail(`unknown property '${clip(name)}'`, start);
      }
      if (!names.includes(name)) names.push(name);
    } else {
      p.fail(ch === undefined || ch === ',' ? 'expected a property name or *' : `unexpected ${p.tokenAt(start)}`);
    }
    p.skipWs();
    if (p.atEnd()) break;
    if (text[p.pos] !== ',') p.fail(`expected ',' or end of $select but found ${p.tokenAt(p.pos)}`);
    p.pos++;
  }
  return all ? { kind: 'all' } : { kind: 'properties', properties: names };
}

function parseNonNegativeInteger(option: string, text: string): number {
  if (!/^\d{1,16}$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw new ODataSyntaxError(`${option}: expected a non-negative integer, got '${clip(text)}' at position 0`, 0);
  }
  return Number(text);
}

export function parseTop(text: string): number {
  return parseNonNegativeInteger('$top', text);
}

export function parseSkip(text: string): number {
  return parseNonNegativeInteger('$skip', text);
}

/** Accepts json / application/json[;odata.metadata=minimal] (case-insensitive). */
function parseFormat(text: string): 'json' {
  const parts = text
    .toLowerCase()
    .split(';')
    .map((s) => s.trim());
  if (parts[0] === '') throw new ODataSyntaxError('$format: empty value at position 0', 0);
  const params = parts.slice(1);
  if (parts[0] === 'json' && params.length === 0) return 'json';
  if (parts[0] === 'application/json' && params.every((x) => x === 'odata.metadata=minimal')) return 'json';
  throw new ODataNotImplementedError(`$format: format '${clip(text)}' is not supported (only json)`);
}

/** System query options that are valid OData but deliberately unsupported. */
const UNSUPPORTED_OPTIONS: ReadonlySet<string> = new Set([
  '$expand',
  '$apply',
  '$search',
  '$compute',
  '$levels',
  '$index',
  '$schemaversion',
  '$deltatoken',
  '$id',
]);

function decodeComponent(text: string, offset: number): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new ODataSyntaxError(`malformed percent-encoding in query string at position ${offset}`, offset);
  }
}

/**
 * Splits and parses a raw query string (with or without leading `?`).
 * Names and values are percent-decoded after splitting on `&` and `=`;
 * `+` is a literal plus (OData does not use form encoding).
 * System option names are matched case-insensitively (OData 4.01);
 * custom options (no `$`) are ignored; `@` parameter aliases are 501.
 */
export function parseQueryOptions(rawQueryString: string, set: EdmEntitySet | null): ODataQueryOptions {
  let raw = rawQueryString;
  let base = 0;
  if (raw.startsWith('?')) {
    raw = raw.slice(1);
    base = 1;
  }
  if (raw.length > MAX_QUERY_STRING_LENGTH) {
    throw new ODataSyntaxError(`query string too long (max ${MAX_QUERY_STRING_LENGTH} characters) at position 0`, 0);
  }
  const hash = raw.indexOf('#');
  if (hash >= 0) throw new ODataSyntaxError(`unencoded '#' in query string at position ${base + hash}`, base + hash);

  const result: ODataQueryOptions = {};
  const seen = new Set<string>();
  let offset = base;
  for (const segment of raw.split('&')) {
    const segOffset = offset;
    offset += segment.length + 1;
    if (segment === '') continue;
    const eq = segment.indexOf('=');
    const rawName = eq < 0 ? segment : segment.slice(0, eq);
    const name = decodeComponent(rawName, segOffset);
    if (name.startsWith('@')) throw new ODataNotImplementedError(`parameter aliases ('${clip(name)}') are not supported`);
    if (!name.startsWith('$')) continue; // custom query option: ignored
    const key = name.toLowerCase();
    if (eq < 0) throw new ODataSyntaxError(`${clip(name)}: missing '=' and value at position ${segOffset + rawName.length}`, segOffset + rawName.length);
    const value = decodeComponent(segment.slice(eq + 1), segOffset + eq + 1);
    if (UNSUPPORTED_OPTIONS.has(key)) throw new ODataNotImplementedError(`${key} is not supported`);
    if (seen.has(key)) throw new ODataSyntaxError(`${key}: duplicate system query option at position ${segOffset}`, segOffset);
    seen.add(key);
    switch (key) {
      case '$filter':
        result.filter = parseFilter(value, set);
        break;
      case '$orderby':
        result.orderby = parseOrderBy(value, set);
        break;
      case '$select':
        result.select = parseSelect(value, set);
        break;
      case '$top':
        result.top = parseTop(value);
        break;
      case '$skip':
        result.skip = parseSkip(value);
        break;
      case '$count': {
        const v = value.toLowerCase();
        if (v !== 'true' && v !== 'false') {
          throw new ODataSyntaxError(`$count: expected true or false, got '${clip(value)}' at position 0`, 0);
        }
        result.count = v === 'true';
        break;
      }
      case '$format':
        result.format = parseFormat(value);
        break;
      case '$skiptoken':
        checkLength('$skiptoken', value);
        result.skiptoken = value;
        break;
      default:
        throw new ODataSyntaxError(`unknown system query option '${clip(name)}' at position ${segOffset}`, segOffset);
    }
  }
  return result;
}
