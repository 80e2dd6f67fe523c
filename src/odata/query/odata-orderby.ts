// $orderby (OData Part 2 §5.1.1.5.2 / ABNF orderby): comma-separated `expr [asc|desc]`, where
// expr is a property or a value expression (functions, arithmetic). Ordering by a boolean
// expression is valid OData we answer with 501.
import { EdmEntitySet } from './edm-model';
import { OrderByItem, ValueExpr } from './odata-ast';
import { ODataNotImplementedError } from './odata-errors';
import { ExpressionParser } from './odata-filter-expressions';
import { checkLength } from './odata-limits';
import { isBoolNode } from './odata-node-types';

/** Parses `$orderby`: comma-separated `Property [asc|desc]` items. */
export function parseOrderBy(text: string, set: EdmEntitySet | null): OrderByItem[] {
  const option = '$orderby';
  checkLength(option, text);
  const p = new ExpressionParser(text, set, option);
  const items: OrderByItem[] = [];
  for (;;) {
    p.skipWs();
    if (p.atEnd() || text[p.pos] === ',') p.fail('expected a property name');
    const start = p.pos;
    const node = p.parseOr();
    // Boolean expressions and lambda paths are valid OData we do not order by.
    if (isBoolNode(node) && node.kind !== 'property') throw new ODataNotImplementedError(`${option}: ordering by a boolean expression is not supported`);
    const expr = node.kind === 'property' && node.variable === undefined ? undefined : (node as ValueExpr);
    const name = node.kind === 'property' && !expr ? node.name : text.slice(start, p.pos);
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
    items.push(expr ? { property: name, direction, expr } : { property: name, direction });
    p.skipWs();
    if (p.atEnd()) return items;
    if (text[p.pos] !== ',') p.fail(`expected ',' or end of $orderby but found ${p.tokenAt(p.pos)}`);
    p.pos++;
  }
}
