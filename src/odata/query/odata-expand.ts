// $expand (OData Part 2 §5.1.3; ABNF expand): navigation properties of the addressed set,
// each with nested $select, $filter, $orderby and $top separated by ';'. Nested options are
// parsed against the navigation's target set, so the same model checks apply inside.
// `*`, $ref/$count paths, nested $expand/$skip/$count/$levels are valid OData we answer 501.
import { EdmEntitySet, findNavigation, findProperty } from './edm-model';
import { ExpandItem, FilterAst } from './odata-ast';
import { clip, ODataNotImplementedError, ODataSyntaxError } from './odata-errors';
import { checkLength } from './odata-limits';
import { parseOrderBy } from './odata-orderby';
import { parseTop } from './odata-query-options';
import { parseSelect } from './odata-select';

const NAME_RE = /^[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Nd}\p{Mn}\p{Mc}\p{Pc}\p{Cf}]{0,127}$/u;
const UNSUPPORTED_NESTED = new Set(['$expand', '$skip', '$count', '$levels', '$search', '$apply', '$compute']);

/** Splits at `separator` outside quotes and parentheses; each part with its offset. */
export function splitTopLevel(text: string, separator: string, option: string): { part: string; offset: number }[] {
  const parts: { part: string; offset: number }[] = [];
  let depth = 0;
  let start = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === "'") quoted = false; // '' re-enters at once, which is the escape
    } else if (ch === "'") quoted = true;
    else if (ch === '(') depth++;
    else if (ch === ')') {
      if (--depth < 0) throw new ODataSyntaxError(`${option}: unbalanced ')' at position ${i}`, i);
    } else if (ch === separator && depth === 0) {
      parts.push({ part: text.slice(start, i), offset: start });
      start = i + 1;
    }
  }
  if (quoted) throw new ODataSyntaxError(`${option}: unterminated string literal at position ${text.length}`, text.length);
  if (depth !== 0) throw new ODataSyntaxError(`${option}: expected ')' at position ${text.length}`, text.length);
  parts.push({ part: text.slice(start), offset: start });
  return parts;
}

/** Re-throws an error of a nested option with the expand item's context and position. */
function nested<T>(navigation: string, offset: number, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof ODataSyntaxError) {
      throw new ODataSyntaxError(
        `$expand: ${navigation}: ${error.message.replace(/at position (\d+)$/, (_, p) => `at position ${offset + Number(p)}`)}`,
        offset + error.position,
      );
    }
    if (error instanceof ODataNotImplementedError) throw new ODataNotImplementedError(`$expand: ${navigation}: ${error.message}`);
    throw error;
  }
}

/**
 * Parses `$expand`. `parseFilter` is the $filter entry point (passed in, because the
 * option entry file depends on this one).
 */
export function parseExpand(text: string, set: EdmEntitySet | null, parseFilter: (text: string, set: EdmEntitySet) => FilterAst): ExpandItem[] {
  const option = '$expand';
  checkLength(option, text);
  const items: ExpandItem[] = [];
  for (const { part, offset } of splitTopLevel(text, ',', option)) {
    const open = part.indexOf('(');
    const name = open < 0 ? part : part.slice(0, open);
    if (name === '*' || name.startsWith('*/')) throw new ODataNotImplementedError('$expand: * is not supported; name the navigation properties');
    if (name.includes('/')) throw new ODataNotImplementedError(`$expand: paths ('${clip(name)}') are not supported`);
    if (!NAME_RE.test(name)) throw new ODataSyntaxError(`${option}: expected a navigation property at position ${offset}`, offset);
    if (!set) throw new ODataNotImplementedError('$expand: needs the service model');
    const nav = findNavigation(set, name);
    if (!nav) {
      const why = findProperty(set, name) ? 'is not a navigation property' : 'is not a navigation property of ' + set.entityType;
      throw new ODataSyntaxError(`${option}: '${clip(name)}' ${why} at position ${offset}`, offset);
    }
    if (items.some((i) => i.navigation === name)) throw new ODataSyntaxError(`${option}: '${name}' expanded twice at position ${offset}`, offset);
    const item: ExpandItem = { navigation: name, rawOptions: [] };
    items.push(item);
    if (open < 0) continue;
    if (!part.endsWith(')'))
      throw new ODataSyntaxError(`${option}: unexpected text after ')' at position ${offset + part.lastIndexOf(')') + 1}`, offset + part.lastIndexOf(')') + 1);
    const inner = part.slice(open + 1, -1);
    const innerOffset = offset + open + 1;
    if (inner === '') throw new ODataSyntaxError(`${option}: empty options for '${name}' at position ${innerOffset}`, innerOffset);
    const target = nav.target();
    const seen = new Set<string>();
    for (const { part: opt, offset: optOffset } of splitTopLevel(inner, ';', option)) {
      const at = innerOffset + optOffset;
      const eq = opt.indexOf('=');
      const key = (eq < 0 ? opt : opt.slice(0, eq)).toLowerCase();
      const value = opt.slice(eq + 1);
      if (UNSUPPORTED_NESTED.has(key)) throw new ODataNotImplementedError(`$expand: ${key} inside $expand is not supported`);
      if (eq < 0) throw new ODataSyntaxError(`${option}: expected a nested query option at position ${at}`, at);
      if (seen.has(key)) throw new ODataSyntaxError(`${option}: ${key} given twice for '${name}' at position ${at}`, at);
      seen.add(key);
      item.rawOptions.push([key, value]);
      const valueAt = at + eq + 1;
      if (!nav.collection && key !== '$select') {
        throw new ODataSyntaxError(`${option}: ${key} applies to collections; '${name}' is single-valued at position ${at}`, at);
      }
      switch (key) {
        case '$select':
          item.select = nested(name, valueAt, () => parseSelect(value, target));
          break;
        case '$filter':
          item.filter = nested(name, valueAt, () => parseFilter(value, target));
          break;
        case '$orderby':
          item.orderby = nested(name, valueAt, () => parseOrderBy(value, target));
          if (item.orderby.some((o) => o.expr))
            throw new ODataNotImplementedError('$expand: ordering an expanded collection by an expression is not supported');
          break;
        case '$top':
          item.top = nested(name, valueAt, () => parseTop(value));
          break;
        default:
          throw new ODataSyntaxError(`${option}: unknown nested query option '${clip(key)}' at position ${at}`, at);
      }
    }
  }
  return items;
}
