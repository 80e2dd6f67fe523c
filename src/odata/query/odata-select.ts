// $select (ABNF select): `*` or a comma-separated list of property names. Paths, qualified
// names and nested options are valid OData we answer with 501.
import { EdmEntitySet, findProperty } from './edm-model';
import { SelectAst } from './odata-ast';
import { ExpressionCursor } from './odata-cursor';
import { clip, ODataNotImplementedError } from './odata-errors';
import { checkLength } from './odata-limits';

/** Parses `$select`: `*` or a comma-separated list of property names. */
export function parseSelect(text: string, set: EdmEntitySet | null): SelectAst {
  const option = '$select';
  checkLength(option, text);
  const p = new ExpressionCursor(text, set, option);
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
        throw new ODataNotImplementedError(`${option}: qualified names, paths, nested options and operations in $select are not supported`);
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
