// $apply in the database (SPEC 5): filters become WHERE, groupby a GROUP BY, aggregates SQL
// aggregate functions, one page of groups at a time with a keyset $skiptoken over the
// grouping properties. Decimal sums are exact on both databases: MySQL/MariaDB sum DECIMAL
// exactly; SQLite stores DECIMAL columns as REAL, so there the sum is taken over integer
// units of the column's scale (ROUND(x * 10^scale)) and scaled back as decimal text.
import { SelectQueryBuilder } from 'typeorm';
import { EdmEntitySet, EdmProperty, findProperty } from './query/edm-model';
import { AggregateExpr, ODataQueryOptions } from './query/odata-ast';
import { ODataNotImplementedError, ODataSyntaxError } from './query/odata-errors';
import { applyKeyset, decodeSkipToken, encodeSkipToken, OrderKey } from './query/odata-keyset';
import { columnSql, dialectOf } from './query/odata-sql';
import { applyFilter } from './query/odata-to-typeorm';
import { jsonValue } from './odata-json';
import { nextLinkQuery, orderingFingerprint, Row } from './odata-paging';
import { ALIAS } from './odata-navigation';

/** Options that may accompany $apply (evaluated over its result). */
const WITH_APPLY: (keyof ODataQueryOptions)[] = ['apply', 'orderby', 'top', 'skip', 'skiptoken', 'format'];

export interface AggregatePage {
  rows: Row[];
  /** Query string of the next page (without '?'), if there is one. */
  next?: string;
}

/** `units` (an integer count of 10^-scale) as an exact decimal number. */
function scaled(units: unknown, scale: number): number {
  const text = BigInt(typeof units === 'string' ? units.split('.')[0] : Math.round(Number(units))).toString();
  const negative = text.startsWith('-');
  const digits = (negative ? text.slice(1) : text).padStart(scale + 1, '0');
  const decimal = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return Number(`${negative ? '-' : ''}${decimal}`);
}

export class ODataAggregator {
  /** The page of groups for `options.apply` over `qb` (already tenant- and path-restricted). */
  async page(
    qb: SelectQueryBuilder<object>,
    set: EdmEntitySet,
    options: ODataQueryOptions,
    rawOptions: [string, string][],
    pageSize: number,
  ): Promise<AggregatePage> {
    const apply = options.apply!;
    const misplaced = (Object.keys(options) as (keyof ODataQueryOptions)[]).find((o) => options[o] !== undefined && !WITH_APPLY.includes(o));
    if (misplaced) throw new ODataNotImplementedError(`$${misplaced} together with $apply is not supported`);
    for (const filter of apply.filters) applyFilter(qb, ALIAS, set, filter);
    const groupBy = apply.groupBy ?? [];
    const keys = this.orderKeys(set, groupBy, options);
    const fingerprint = orderingFingerprint({ ...set, name: `${set.name}/$apply` }, keys);
    if (options.skiptoken !== undefined) {
      const values = decodeSkipToken(options.skiptoken, keys.length + 1);
      if (values[0] !== fingerprint || keys.length === 0) throw new ODataSyntaxError('$skiptoken: token does not match this query at position 0', 0);
      applyKeyset(qb, ALIAS, keys, values.slice(1));
    }

    const dialect = dialectOf(qb);
    qb.select([]);
    groupBy.forEach((name, i) => {
      const sql = columnSql(qb, ALIAS, findProperty(set, name)!.column);
      qb.addSelect(sql, `g${i}`).addGroupBy(sql);
    });
    apply.aggregates.forEach((agg, i) => this.selectAggregate(qb, set, agg, i, dialect === 'sqlite'));
    for (const key of keys) qb.addOrderBy(`${ALIAS}.${key.column}`, key.direction);

    // Without groupby the result is one row; with it, pages of groups like any collection.
    const morePossible = groupBy.length > 0 && (options.top === undefined || options.top > pageSize);
    const limit = options.top === undefined ? pageSize : Math.min(pageSize, options.top);
    if (groupBy.length > 0) {
      if (options.skip && options.skiptoken === undefined) qb.offset(options.skip);
      qb.limit(morePossible ? pageSize + 1 : limit);
    }
    let raw = limit > 0 || groupBy.length === 0 ? await qb.getRawMany<Row>() : [];
    if (groupBy.length === 0 && (options.skip || options.top === 0)) raw = raw.slice(options.skip ?? 0, options.top === 0 ? 0 : undefined);
    const hasNext = morePossible && raw.length > pageSize;
    const page = hasNext ? raw.slice(0, pageSize) : raw;

    const metadata = qb.expressionMap.mainAlias!.metadata;
    const driver = qb.connection.driver;
    const groupValue = (name: string, value: unknown): unknown => {
      const prop = findProperty(set, name)!;
      return driver.prepareHydratedValue(value, metadata.findColumnWithPropertyPath(prop.column)!);
    };
    const rows = page.map((r) => {
      const row: Row = {};
      groupBy.forEach((name, i) => (row[name] = jsonValue(findProperty(set, name)!, groupValue(name, r[`g${i}`]))));
      apply.aggregates.forEach((agg, i) => (row[agg.alias] = this.aggregateValue(set, agg, r, i, dialect === 'sqlite', groupValue)));
      return row;
    });
    if (!hasNext) return { rows };
    const last = page[page.length - 1];
    const token = encodeSkipToken([fingerprint, ...keys.map((k) => groupValue(k.property!, last[`g${groupBy.indexOf(k.property!)}`]))]);
    return {
      rows,
      next: nextLinkQuery(
        rawOptions.filter(([n]) => n === '$apply' || n === '$orderby' || n === '$format'),
        options.top,
        pageSize,
        token,
      ),
    };
  }

  /** $orderby over the grouping properties (aliases are 501), then the remaining grouping properties. */
  private orderKeys(set: EdmEntitySet, groupBy: string[], options: ODataQueryOptions): OrderKey[] {
    const keys: OrderKey[] = [];
    const add = (prop: EdmProperty, direction: 'ASC' | 'DESC') => {
      if (!keys.some((k) => k.property === prop.name))
        keys.push({ column: prop.column, direction, property: prop.name, nullable: prop.nullable, type: prop.type });
    };
    for (const item of options.orderby ?? []) {
      if (!groupBy.includes(item.property))
        throw new ODataNotImplementedError(`$orderby with $apply: only grouping properties can be ordered by ('${item.property}' is not one)`);
      add(findProperty(set, item.property)!, item.direction === 'desc' ? 'DESC' : 'ASC');
    }
    for (const name of groupBy) add(findProperty(set, name)!, 'ASC');
    return keys;
  }

  private selectAggregate(qb: SelectQueryBuilder<object>, set: EdmEntitySet, agg: AggregateExpr, i: number, sqlite: boolean): void {
    if (agg.method === 'count') {
      qb.addSelect('COUNT(*)', `a${i}`);
      return;
    }
    const prop = findProperty(set, agg.property!)!;
    const col = columnSql(qb, ALIAS, prop.column);
    const exactUnits = prop.type === 'Edm.Decimal' && sqlite;
    // Column SQL from the model; the scale multiplier is a literal from the model too.
    const summand = exactUnits ? `CAST(ROUND(${col} * ${10 ** (prop.scale ?? 0)}) AS INTEGER)` : col;
    switch (agg.method) {
      case 'sum':
        qb.addSelect(`SUM(${summand})`, `a${i}`);
        break;
      case 'average':
        qb.addSelect(`SUM(${summand})`, `a${i}`).addSelect(`COUNT(${col})`, `n${i}`);
        break;
      case 'min':
        qb.addSelect(`MIN(${col})`, `a${i}`);
        break;
      case 'max':
        qb.addSelect(`MAX(${col})`, `a${i}`);
        break;
      case 'countdistinct':
        qb.addSelect(`COUNT(DISTINCT ${col})`, `a${i}`);
        break;
    }
  }

  private aggregateValue(
    set: EdmEntitySet,
    agg: AggregateExpr,
    r: Row,
    i: number,
    sqlite: boolean,
    groupValue: (name: string, v: unknown) => unknown,
  ): unknown {
    const value = r[`a${i}`];
    if (agg.method === 'count' || agg.method === 'countdistinct') return Number(value);
    if (value === null || value === undefined) return null;
    const prop = findProperty(set, agg.property!)!;
    const scale = prop.scale ?? 0;
    const exactUnits = prop.type === 'Edm.Decimal' && sqlite;
    switch (agg.method) {
      case 'sum':
        return exactUnits ? scaled(value, scale) : Number(value);
      case 'average': {
        const count = Number(r[`n${i}`]);
        const sum = exactUnits ? scaled(value, scale) : Number(value);
        return count === 0 ? null : sum / count;
      }
      default:
        return jsonValue(prop, groupValue(prop.name, value));
    }
  }
}
