// Built-in functions of $filter (OData Part 2 §5.1.1.5ff): which names are supported,
// which are valid OData we answer with 501, and the argument typing of each supported one.
// The argument expressions themselves are parsed by the filter expression parser.
import { findProperty } from './edm-model';
import { CaseCall, DatePartCall, StringOperand } from './odata-ast';
import { ExpressionCursor } from './odata-cursor';
import { clip } from './odata-errors';
import { categoryOf, describe, Node } from './odata-node-types';

/** Functions the parser accepts and the translator turns into SQL. */
export const SUPPORTED_FUNCTIONS: readonly string[] = ['contains', 'startswith', 'endswith', 'tolower', 'toupper', 'year', 'month', 'day'];

/** Built-in OData functions that exist but are not supported (→ 501). */
export const UNSUPPORTED_FUNCTIONS: ReadonlySet<string> = new Set([
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

export interface CallArgument {
  node: Node;
  pos: number;
}

/** Fails (400 or 501) unless `name(` starts a call of a supported function. */
export function checkCallable(c: ExpressionCursor, name: string, start: number): void {
  if (SUPPORTED_FUNCTIONS.includes(name)) return;
  if (UNSUPPORTED_FUNCTIONS.has(name)) c.notImplemented(`function '${name}'`);
  if (name === 'any' || name === 'all') c.fail(`lambda operator '${name}' requires a collection path`, start + name.length);
  if (name.includes('.')) c.notImplemented(`function '${clip(name)}'`);
  if (!c.set) c.notImplemented(`function or key access '${clip(name)}(...)'`);
  if (findProperty(c.set, name)) c.fail(`property '${clip(name)}' cannot be followed by '('`, c.pos);
  c.fail(`unknown function '${clip(name)}'`, start);
}

function stringOperand(c: ExpressionCursor, node: Node, pos: number, fn: string): StringOperand {
  if (node.kind === 'case') return node;
  if (node.kind === 'property') {
    if (node.type === null || node.type === 'Edm.String') return node;
    c.fail(`function '${fn}' requires string arguments, found ${describe(node)}`, pos);
  }
  if (node.kind === 'string') c.notImplemented(`a string literal as first argument of '${fn}'`);
  return c.fail(`function '${fn}' requires string arguments, found ${describe(node)}`, pos);
}

/** The typed AST node of a call to a supported function with parsed `args`. */
export function typedCall(c: ExpressionCursor, name: string, start: number, args: CallArgument[]): Node {
  const expectArgs = (n: number): void => {
    if (args.length !== n) c.fail(`function '${name}' expects ${n} argument(s), got ${args.length}`, start);
  };
  switch (name) {
    case 'contains':
    case 'startswith':
    case 'endswith': {
      expectArgs(2);
      const target = stringOperand(c, args[0].node, args[0].pos, name);
      const pattern = args[1].node;
      if (pattern.kind === 'string') return { kind: 'match', fn: name, target, pattern: pattern.value };
      if (pattern.kind === 'null') c.fail(`function '${name}' needs a non-null string pattern`, args[1].pos);
      const cat = categoryOf(pattern);
      if (cat === 'string' || cat === 'untyped') c.notImplemented(`a non-literal second argument of '${name}'`);
      return c.fail(`function '${name}' requires string arguments, found ${describe(pattern)}`, args[1].pos);
    }
    case 'tolower':
    case 'toupper': {
      expectArgs(1);
      const call: CaseCall = { kind: 'case', fn: name, arg: stringOperand(c, args[0].node, args[0].pos, name) };
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
        c.fail(`function '${fn}' requires an Edm.Date or Edm.DateTimeOffset property, found ${describe(arg)}`, args[0].pos);
      }
      if (arg.kind === 'date' || arg.kind === 'dateTimeOffset') c.notImplemented(`'${fn}' of a literal`);
      return c.fail(`function '${fn}' requires an Edm.Date or Edm.DateTimeOffset property, found ${describe(arg)}`, args[0].pos);
    }
  }
}
