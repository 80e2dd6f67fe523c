/**
 * The expression grammar of $filter (OData Part 2 §5.1.1; ABNF commonExpr/boolCommonExpr):
 * a recursive-descent parser producing the typed AST of odata-ast.ts.
 *
 * - Every parse takes the entity set. `null` selects a "syntax-only" mode (used by the
 *   OASIS conformance test, whose cases use a foreign model): any simple identifier is an
 *   untyped property and type checks involving it are skipped. The translator never
 *   accepts such an AST because it re-resolves every property in the model.
 * - Operator precedence follows Part 2 §5.1.1.15:
 *   not > (gt ge lt le in has) > (eq ne) > and > or. Operator keywords are matched
 *   case-insensitively (OData 4.01 ABNF); function names, literals (true/false/null) and
 *   property names are case-sensitive.
 */
import { findProperty } from './edm-model';
import { ArithmeticOperator, BoolExpr, ComparisonOperator, Literal, PropertyRef, ValueExpr } from './odata-ast';
import { arithmetic, negation } from './odata-arithmetic';
import { ExpressionCursor, IDENT_RE } from './odata-cursor';
import { clip } from './odata-errors';
import { CallArgument, checkCallable, typedCall } from './odata-functions';
import { LambdaScope, parsePath } from './odata-lambda';
import { MAX_DEPTH } from './odata-limits';
import { parseNumberOrDate, parseStringLiteral, tryParseGuid, UNSUPPORTED_LITERAL_PREFIXES } from './odata-literals';
import { categoryOf, describe, isBoolNode, isLiteral, Node } from './odata-node-types';

const COMPARISON_OPS: readonly string[] = ['eq', 'ne', 'gt', 'ge', 'lt', 'le'];

export class ExpressionParser extends ExpressionCursor {
  private depth = 0;
  /** Lambda variables in scope, innermost last. */
  readonly scopes: LambdaScope[] = [];

  requireBoolean(node: Node, pos: number, what: string): BoolExpr {
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

  /** additive: `mul-expr ((add|sub) mul-expr)*`, left-associative (Part 2 §5.1.1.15). */
  private parseArithmetic(): Node {
    return this.parseArithmeticLevel(['add', 'sub'], () => this.parseMultiplicative());
  }

  private parseMultiplicative(): Node {
    return this.parseArithmeticLevel(['mul', 'div', 'divby', 'mod'], () => this.parseUnary());
  }

  private parseArithmeticLevel(ops: readonly string[], parseOperand: () => Node): Node {
    let left = parseOperand();
    for (;;) {
      const opPos = this.pos + 1;
      const op = this.tryOperator(ops);
      if (!op) return left;
      this.expectRws(`'${op}'`);
      const rightPos = this.pos;
      const right = parseOperand();
      this.countNode(opPos);
      left = arithmetic(this, op as ArithmeticOperator, left, right, opPos, rightPos);
    }
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
        this.pos++;
        this.skipWs();
        this.countNode(start);
        const operandPos = this.pos;
        return negation(this, this.parseUnary(), operandPos);
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
    if (ch === "'") return parseStringLiteral(this);
    if (ch === '[' || ch === '{') this.notImplemented('JSON array/object literals');
    if (ch === '@') this.notImplemented('parameter aliases and annotations');
    if (ch === '$') {
      const m = /\$[A-Za-z]+/y;
      m.lastIndex = this.pos;
      const word = m.exec(this.text)?.[0];
      if (word === '$it' || word === '$this' || word === '$root' || word === '$count') this.notImplemented(`'${word}'`);
      this.fail(`unexpected ${this.tokenAt(start)}`, start);
    }
    const guid = tryParseGuid(this);
    if (guid) return guid;
    if (ch === '-' || (ch >= '0' && ch <= '9')) return parseNumberOrDate(this);
    if (this.match(IDENT_RE)) return this.parseIdentifierExpression();
    return this.fail(`unexpected ${this.tokenAt(start)}`, start);
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
    if (next === '/') return parsePath(this, name, start);
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
    checkCallable(this, name, start);
    this.countNode(start);
    this.pos++; // '('
    this.skipWs();
    const args: CallArgument[] = [];
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
    return typedCall(this, name, start, args);
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
