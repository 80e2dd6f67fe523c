// Arithmetic operators and negation with OData's type rules (Part 2 §5.1.1.2): numeric
// operands only (Date/Duration arithmetic needs duration literals, which are 501); the
// result is Double if either side is, else Decimal if either side is, else the wider
// integer. `div` of two integers is integer division, `divby` always decimal division,
// `mod` only of integers (SQLite's % truncates decimals).
import { EdmType } from './edm-model';
import { Arithmetic, ArithmeticOperator, Negation, ValueExpr } from './odata-ast';
import { ExpressionCursor } from './odata-cursor';
import { categoryOf, describe, isBoolNode, Node, typeOf } from './odata-node-types';

const INTEGER: readonly (EdmType | null)[] = ['Edm.Int32', 'Edm.Int64'];

function numericOperand(c: ExpressionCursor, node: Node, pos: number, what: string): ValueExpr {
  const cat = categoryOf(node);
  if (cat === 'date' || cat === 'dateTimeOffset') c.notImplemented(`${what} of dates and times (durations)`);
  if (isBoolNode(node) || (cat !== 'numeric' && cat !== 'untyped')) c.fail(`${what} needs numeric operands, found ${describe(node)}`, pos);
  return node as ValueExpr;
}

/** The result type of a binary numeric operation (null when an operand is untyped). */
function resultType(op: ArithmeticOperator, a: EdmType | null, b: EdmType | null): EdmType | null {
  if (a === null || b === null) return null;
  if (a === 'Edm.Double' || b === 'Edm.Double') return 'Edm.Double';
  if (a === 'Edm.Decimal' || b === 'Edm.Decimal' || op === 'divby') return 'Edm.Decimal';
  return a === 'Edm.Int64' || b === 'Edm.Int64' ? 'Edm.Int64' : 'Edm.Int32';
}

export function arithmetic(c: ExpressionCursor, op: ArithmeticOperator, l: Node, r: Node, opPos: number, rightPos: number): Arithmetic {
  const left = numericOperand(c, l, opPos, `'${op}'`);
  const right = numericOperand(c, r, rightPos, `'${op}'`);
  const type = resultType(op, typeOf(left), typeOf(right));
  if (op === 'mod' && type !== null && !INTEGER.includes(type)) c.notImplemented("'mod' of non-integer values");
  return { kind: 'arith', op, left, right, type };
}

export function negation(c: ExpressionCursor, operand: Node, pos: number): Negation {
  const value = numericOperand(c, operand, pos, 'negation');
  return { kind: 'neg', operand: value, type: typeOf(value) };
}
