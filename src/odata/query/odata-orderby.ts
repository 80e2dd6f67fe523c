// $orderby (OData Part 2 §5.1.1.5.2 / ABNF orderby): comma-separated `Property [asc|desc]`.
// Ordering by an expression is valid OData we answer with 501.
import { EdmEntitySet } from './edm-model';
import { OrderByItem } from './odata-ast';
import { ODataNotImplementedError } from './odata-errors';
import { ExpressionParser } from './odata-filter-expressions';
import { checkLength } from './odata-limits';

/** Parses `$orderby`: comma-separated `Property [asc|desc]` items. */
export function parseOrderBy(text: string, set: EdmEntitySet | null): OrderByItem[] {
  const option = '$orderby';
  checkLength(option, text);
  const p = new ExpressionParser(text, set, option);
  const items: OrderByItem[] = [];
  for (;;) {
    p.skipWs();
    if (p.atEnd() || text[p.pos] === ',') p.fail('expected a property name');
    const node = p.parseOr();
    if (node.kind !== 'property' || node.variable !== undefined) {
      // Any other expression parsed: valid OData, but keyset paging orders by columns only.
      throw new ODataNotImplementedError(`${option}: ordering by an expression (only properties) is not supported`);
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
