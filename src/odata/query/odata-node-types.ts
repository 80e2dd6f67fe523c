// The parser's view of AST nodes: which are boolean, which are literals, and the type
// category used for compatibility checks (e.g. a string property cannot be compared to 5).
import { EdmType, isNumericType } from './edm-model';
import { BoolExpr, Literal, ValueExpr } from './odata-ast';
import { clip } from './odata-errors';

export type Node = BoolExpr | ValueExpr;

/** Type category used for compatibility checks. */
export type Category = 'null' | 'numeric' | 'string' | 'boolean' | 'date' | 'dateTimeOffset' | 'guid' | 'untyped';

export function isBoolNode(node: Node): boolean {
  switch (node.kind) {
    case 'compare':
    case 'in':
    case 'match':
    case 'and':
    case 'or':
    case 'not':
    case 'lambda':
      return true;
    default:
      return false;
  }
}

export function isLiteral(node: Node): node is Literal {
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

export function categoryOfType(type: EdmType): Category {
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

export function categoryOf(node: Node): Category {
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
    case 'call':
    case 'arith':
    case 'neg':
      return node.type === null ? 'untyped' : categoryOfType(node.type);
    default:
      return 'boolean';
  }
}

export function describe(node: Node): string {
  if (node.kind === 'property') return `property '${clip(node.name)}'${node.type ? ` (${node.type})` : ''}`;
  if (isLiteral(node)) return `${node.kind} literal`;
  if (node.kind === 'case' || node.kind === 'datePart' || node.kind === 'call') return `${node.fn}()`;
  if (node.kind === 'arith') return `'${node.op}' expression`;
  if (node.kind === 'neg') return 'negation';
  return 'boolean expression';
}

/** The EDM type of a value node, or null when unknown (untyped or null). */
export function typeOf(node: Node): EdmType | null {
  switch (node.kind) {
    case 'property':
    case 'call':
    case 'arith':
    case 'neg':
      return node.type;
    case 'integer':
      return Number.isSafeInteger(Number(node.text)) && Math.abs(Number(node.text)) <= 2147483647 ? 'Edm.Int32' : 'Edm.Int64';
    case 'decimal':
      return 'Edm.Decimal';
    case 'double':
      return 'Edm.Double';
    case 'string':
    case 'case':
      return 'Edm.String';
    case 'datePart':
      return 'Edm.Int32';
    case 'date':
      return 'Edm.Date';
    case 'dateTimeOffset':
      return 'Edm.DateTimeOffset';
    case 'boolean':
      return 'Edm.Boolean';
    default:
      return null;
  }
}
