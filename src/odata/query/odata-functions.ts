// Built-in functions of $filter (OData Part 2 §5.1.1.5ff): which names are supported,
// which are valid OData we answer with 501, and the argument typing of each supported one.
// The argument expressions themselves are parsed by the filter expression parser.
import { EdmType, findProperty } from './edm-model';
import { CallFunction, CaseCall, DatePartCall, FunctionCall, StringOperand, ValueExpr } from './odata-ast';
import { ExpressionCursor } from './odata-cursor';
import { clip } from './odata-errors';
import { categoryOf, describe, isBoolNode, Node, typeOf } from './odata-node-types';

/** Functions the parser accepts and the translator turns into SQL ($metadata declares exactly these). */
export const SUPPORTED_FUNCTIONS: readonly string[] = [
  'contains',
  'startswith',
  'endswith',
  'length',
  'indexof',
  'substring',
  'tolower',
  'toupper',
  'trim',
  'concat',
  'year',
  'month',
  'day',
  'hour',
  'minute',
  'second',
  'date',
  'now',
  'round',
  'floor',
  'ceiling',
];

/** Built-in OData functions that exist but are not supported (→ 501). */
export const UNSUPPORTED_FUNCTIONS: ReadonlySet<string> = new Set([
  'matchesPattern',
  'time',
  'fractionalseconds',
  'totalseconds',
  'totaloffsetminutes',
  'maxdatetime',
  'mindatetime',
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
  if (node.kind === 'call' && (node.type === null || node.type === 'Edm.String')) return node;
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
    case 'year':
    case 'month':
    case 'day':
    case 'hour':
    case 'minute':
    case 'second': {
      expectArgs(1);
      const fn = name;
      const timeOnly = fn === 'hour' || fn === 'minute' || fn === 'second';
      const what = timeOnly ? 'an Edm.DateTimeOffset property' : 'an Edm.Date or Edm.DateTimeOffset property';
      const arg = args[0].node;
      if (arg.kind === 'property') {
        if (arg.type === null || arg.type === 'Edm.DateTimeOffset' || (!timeOnly && arg.type === 'Edm.Date')) {
          const call: DatePartCall = { kind: 'datePart', fn, arg };
          return call;
        }
        c.fail(`function '${fn}' requires ${what}, found ${describe(arg)}`, args[0].pos);
      }
      if (arg.kind === 'date' || arg.kind === 'dateTimeOffset') c.notImplemented(`'${fn}' of a literal`);
      return c.fail(`function '${fn}' requires ${what}, found ${describe(arg)}`, args[0].pos);
    }
    default:
      return typedValueCall(c, name as CallFunction, start, args, expectArgs);
  }
}

const INTEGER_TYPES: readonly (EdmType | null)[] = ['Edm.Int32', 'Edm.Int64'];

/** The value an argument must be, with OData's type rules: 400 for a wrong type or a null literal. */
function argument(c: ExpressionCursor, fn: string, arg: CallArgument, want: 'string' | 'integer' | 'numeric' | 'dateTimeOffset'): ValueExpr {
  const node = arg.node;
  const cat = categoryOf(node);
  const type = typeOf(node);
  const ok =
    cat === 'untyped' ||
    (want === 'string' && cat === 'string') ||
    (want === 'integer' && INTEGER_TYPES.includes(type)) ||
    (want === 'numeric' && cat === 'numeric') ||
    (want === 'dateTimeOffset' && cat === 'dateTimeOffset');
  if (isBoolNode(node) || !ok)
    c.fail(`function '${fn}' requires ${want === 'dateTimeOffset' ? 'an Edm.DateTimeOffset' : `a ${want}`} argument, found ${describe(node)}`, arg.pos);
  return node as ValueExpr;
}

function typedValueCall(c: ExpressionCursor, fn: CallFunction, start: number, args: CallArgument[], expectArgs: (n: number) => void): FunctionCall {
  const call = (values: ValueExpr[], type: EdmType): FunctionCall => ({ kind: 'call', fn, args: values, type });
  switch (fn) {
    case 'length':
      expectArgs(1);
      return call([argument(c, fn, args[0], 'string')], 'Edm.Int32');
    case 'indexof':
      expectArgs(2);
      return call([argument(c, fn, args[0], 'string'), argument(c, fn, args[1], 'string')], 'Edm.Int32');
    case 'substring':
      if (args.length !== 2 && args.length !== 3) c.fail(`function 'substring' expects 2 or 3 arguments, got ${args.length}`, start);
      return call([argument(c, fn, args[0], 'string'), ...args.slice(1).map((a) => argument(c, fn, a, 'integer'))], 'Edm.String');
    case 'concat':
      expectArgs(2);
      return call([argument(c, fn, args[0], 'string'), argument(c, fn, args[1], 'string')], 'Edm.String');
    case 'trim':
      expectArgs(1);
      return call([argument(c, fn, args[0], 'string')], 'Edm.String');
    case 'round':
    case 'floor':
    case 'ceiling': {
      expectArgs(1);
      const value = argument(c, fn, args[0], 'numeric');
      return { kind: 'call', fn, args: [value], type: typeOf(value) };
    }
    case 'date':
      expectArgs(1);
      return call([argument(c, fn, args[0], 'dateTimeOffset')], 'Edm.Date');
    case 'now':
      expectArgs(0);
      return call([], 'Edm.DateTimeOffset');
  }
}
