// Paths in $filter: a lambda variable's property (`c/Year`) and the lambda operators any/all
// over a collection-valued navigation property (`Cashflows/any(c: c/Year ge 2040)`). Inside
// the predicate, plain property names still mean the addressed entity ($it), as in OData.
import { EdmEntitySet, EdmNavigation, findNavigation, findProperty } from './edm-model';
import { BoolExpr } from './odata-ast';
import { clip } from './odata-errors';
import type { ExpressionParser } from './odata-filter-expressions';
import { IDENT_RE } from './odata-cursor';
import { Node } from './odata-node-types';

/** A lambda variable in scope and the entity set it ranges over. */
export interface LambdaScope {
  variable: string;
  set: EdmEntitySet;
}

/** `variable/Property` inside a lambda, or `Navigation/any(...)` / `Navigation/all(...)`. */
export function parsePath(p: ExpressionParser, name: string, start: number): Node {
  const scope = [...p.scopes].reverse().find((s) => s.variable === name);
  if (scope) {
    p.pos++; // '/'
    const propStart = p.pos;
    const prop = p.match(IDENT_RE)?.[0];
    if (!prop) p.fail(`expected a property name after '${clip(name)}/'`);
    p.pos += prop.length;
    if (p.peek() === '/' || p.peek() === '(') p.notImplemented('paths beyond one property of a lambda variable');
    const found = findProperty(scope.set, prop);
    if (!found) p.fail(`unknown property '${clip(prop)}' of ${scope.set.entityType}`, propStart);
    return { kind: 'property', name: found.name, type: found.type, variable: name };
  }
  const nav = p.set ? findNavigation(p.set, name) : undefined;
  if (nav?.collection) return parseLambda(p, nav, start);
  if (p.set && !nav && !findProperty(p.set, name)) p.fail(`unknown property '${clip(name)}'`, start);
  return p.notImplemented('path expressions (single-valued navigation, complex properties, casts, annotations, $count)');
}

/** `Nav/any()`, `Nav/any(v: predicate)`, `Nav/all(v: predicate)` (ABNF lambdaPredicateExpr). */
function parseLambda(p: ExpressionParser, nav: EdmNavigation, start: number): Node {
  p.pos++; // '/'
  const word = p.match(/(any|all)\(/y)?.[1] as 'any' | 'all' | undefined;
  if (!word) {
    if (p.text.startsWith('$count', p.pos)) p.notImplemented(`'${nav.name}/$count'`);
    p.fail(`expected any(...) or all(...) after '${nav.name}/'`);
  }
  p.pos += word.length + 1;
  p.countNode(start);
  p.skipWs();
  if (p.peek() === ')') {
    if (word === 'all') p.fail("'all' needs a lambda variable and a predicate");
    p.pos++;
    return { kind: 'lambda', op: 'any', navigation: nav.name, variable: null, predicate: null };
  }
  const variable = p.match(IDENT_RE)?.[0];
  if (!variable) p.fail(`expected a lambda variable in '${nav.name}/${word}('`);
  if (p.scopes.some((s) => s.variable === variable)) p.fail(`lambda variable '${clip(variable)}' is already in use`);
  p.pos += variable.length;
  p.skipWs();
  if (p.peek() !== ':') p.fail(`expected ':' after the lambda variable but found ${p.tokenAt(p.pos)}`);
  p.pos++;
  p.skipWs();
  p.scopes.push({ variable, set: nav.target() });
  let predicate: BoolExpr;
  try {
    const predPos = p.pos;
    predicate = p.requireBoolean(p.parseOr(), predPos, 'lambda predicate');
  } finally {
    p.scopes.pop();
  }
  p.skipWs();
  if (p.peek() !== ')') p.fail(`expected ')' to close '${word}' but found ${p.tokenAt(p.pos)}`);
  p.pos++;
  return { kind: 'lambda', op: word, navigation: nav.name, variable, predicate };
}
