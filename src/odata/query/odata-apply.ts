// $apply (OData Data Aggregation 4.0): the transformations filter, groupby and aggregate
// with sum/min/max/average/countdistinct and `$count as`, as a chain of filters followed by
// at most one groupby or aggregate. Other transformations (topcount, compute, concat, ...),
// custom aggregates and transformations after a grouping are valid OData we answer 501.
import { EdmEntitySet, findProperty, isNumericType } from './edm-model';
import { AggregateExpr, AggregateMethod, ApplyAst, FilterAst } from './odata-ast';
import { clip, ODataNotImplementedError, ODataSyntaxError } from './odata-errors';
import { splitTopLevel } from './odata-expand';
import { checkLength } from './odata-limits';

/** What $metadata declares in Aggregation.ApplySupported. */
export const APPLY_TRANSFORMATIONS: readonly string[] = ['filter', 'groupby', 'aggregate'];
const METHODS: readonly AggregateMethod[] = ['sum', 'min', 'max', 'average', 'countdistinct'];
const OTHER_TRANSFORMATIONS = new Set([
  'topcount',
  'topsum',
  'toppercent',
  'bottomcount',
  'bottomsum',
  'bottompercent',
  'identity',
  'concat',
  'expand',
  'search',
  'compute',
  'nest',
  'ancestors',
  'descendants',
  'traverse',
  'orderby',
  'top',
  'skip',
  'join',
  'outerjoin',
]);
const IDENT = /^[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Nd}\p{Mn}\p{Mc}\p{Pc}\p{Cf}]{0,127}$/u;
const OPTION = '$apply';

function fail(message: string, position: number): never {
  throw new ODataSyntaxError(`${OPTION}: ${message} at position ${position}`, position);
}

/** `name(inner)` → [name, inner, offset of inner]; the parentheses are balanced already. */
function call(text: string, offset: number): [string, string, number] {
  const m = /^([A-Za-z_][A-Za-z0-9_.]*)\((.*)\)$/s.exec(text);
  if (!m) return fail(`expected a transformation such as filter(...), groupby(...) or aggregate(...), found '${clip(text)}'`, offset);
  return [m[1], m[2], offset + m[1].length + 1];
}

function aggregateExpr(set: EdmEntitySet, text: string, offset: number, taken: Set<string>): AggregateExpr {
  const count = /^\$count[ \t]+as[ \t]+(\S+)$/.exec(text);
  const m = count ? null : /^(\S+)[ \t]+with[ \t]+(\S+)[ \t]+as[ \t]+(\S+)$/.exec(text);
  if (!count && !m) {
    if (/^\S+[ \t]+as[ \t]+\S+$/.test(text) || /^\S+\(/.test(text))
      throw new ODataNotImplementedError(`${OPTION}: custom aggregates and aggregate expressions ('${clip(text)}') are not supported`);
    fail(`expected 'Property with method as Alias' or '$count as Alias', found '${clip(text)}'`, offset);
  }
  const alias = count ? count[1] : m![3];
  if (!IDENT.test(alias)) fail(`invalid alias '${clip(alias)}'`, offset);
  if (findProperty(set, alias) || taken.has(alias)) fail(`alias '${clip(alias)}' is already a property or alias`, offset);
  taken.add(alias);
  if (count) return { method: 'count', property: null, alias };
  const [, name, method] = m!;
  if (name.includes('/')) throw new ODataNotImplementedError(`${OPTION}: aggregating a path ('${clip(name)}') is not supported`);
  const prop = findProperty(set, name);
  if (!prop) fail(`unknown property '${clip(name)}'`, offset);
  if (!METHODS.includes(method as AggregateMethod)) {
    if (method.includes('.')) throw new ODataNotImplementedError(`${OPTION}: custom aggregation method '${clip(method)}' is not supported`);
    fail(`unknown aggregation method '${clip(method)}' (sum, min, max, average, countdistinct)`, offset);
  }
  if ((method === 'sum' || method === 'average') && !isNumericType(prop.type))
    fail(`'${method}' needs a numeric property, '${prop.name}' is ${prop.type}`, offset);
  if ((method === 'min' || method === 'max') && prop.type === 'Edm.Boolean') fail(`'${method}' of a boolean property`, offset);
  return { method: method as AggregateMethod, property: prop.name, alias };
}

function aggregateList(set: EdmEntitySet, inner: string, offset: number, taken: Set<string>): AggregateExpr[] {
  if (inner.trim() === '') fail('aggregate() needs at least one expression', offset);
  return splitTopLevel(inner, ',', OPTION).map(({ part, offset: at }) => aggregateExpr(set, part.trim(), offset + at, taken));
}

/** Parses `$apply`; `parseFilter` is passed in because the option entry file depends on this one. */
export function parseApply(text: string, set: EdmEntitySet | null, parseFilter: (text: string, set: EdmEntitySet) => FilterAst): ApplyAst {
  checkLength(OPTION, text);
  if (!set) throw new ODataNotImplementedError(`${OPTION}: needs the service model`);
  const result: ApplyAst = { filters: [], groupBy: null, aggregates: [] };
  let grouped = false;
  for (const { part, offset } of splitTopLevel(text, '/', OPTION)) {
    const [name, inner, innerOffset] = call(part, offset);
    if (grouped) throw new ODataNotImplementedError(`${OPTION}: transformations after groupby or aggregate are not supported`);
    switch (name) {
      case 'filter':
        try {
          result.filters.push(parseFilter(inner, set));
        } catch (error) {
          if (error instanceof ODataSyntaxError) fail(`filter: ${error.message}`, innerOffset + error.position);
          throw error;
        }
        break;
      case 'aggregate':
        result.aggregates = aggregateList(set, inner, innerOffset, new Set());
        grouped = true;
        break;
      case 'groupby': {
        const [first, ...rest] = splitTopLevel(inner, ',', OPTION);
        const list = /^\((.*)\)$/s.exec(first.part.trim());
        if (!list) fail('groupby needs a parenthesised list of properties, e.g. groupby((Year))', innerOffset);
        const props: string[] = [];
        for (const { part: p, offset: at } of splitTopLevel(list[1], ',', OPTION)) {
          const prop = p.trim();
          if (prop.includes('/')) throw new ODataNotImplementedError(`${OPTION}: grouping by a navigation path ('${clip(prop)}') is not supported`);
          if (prop.startsWith('rollup(')) throw new ODataNotImplementedError(`${OPTION}: rollup is not supported`);
          const found = findProperty(set, prop);
          if (!found) fail(`unknown property '${clip(prop)}' in groupby`, innerOffset + 1 + at);
          if (props.includes(found.name)) fail(`'${found.name}' grouped twice`, innerOffset + 1 + at);
          props.push(found.name);
        }
        result.groupBy = props;
        if (rest.length > 1) fail('groupby takes a property list and at most one aggregate(...)', innerOffset + rest[1].offset);
        if (rest.length === 1) {
          const [sub, subInner, subOffset] = call(rest[0].part.trim(), innerOffset + rest[0].offset);
          if (sub !== 'aggregate') throw new ODataNotImplementedError(`${OPTION}: '${clip(sub)}' inside groupby is not supported (only aggregate)`);
          result.aggregates = aggregateList(set, subInner, subOffset, new Set(props));
        }
        grouped = true;
        break;
      }
      default:
        if (OTHER_TRANSFORMATIONS.has(name) || name.includes('.'))
          throw new ODataNotImplementedError(`${OPTION}: the transformation '${clip(name)}' is not supported`);
        fail(`unknown transformation '${clip(name)}'`, offset);
    }
  }
  return result;
}
