// Navigation over the planning model (SPEC 5, 6): restricting a set to the entities related
// to one addressed entity (Projects(1)/Cashflows, Cashflows(...)/Project) and $expand of a
// page of rows. Memory stays bounded: an expanded collection holds at most
// EXPANDED_PAGE_SIZE rows per parent (cut in the database with ROW_NUMBER() OVER a
// partition per parent) and continues through its own nextLink, a navigation path paged
// with the same keyset $skiptoken as an entity set.
import { SelectQueryBuilder } from 'typeorm';
import { notFound } from '../core/errors/domain-error';
import { ODataErrorCode } from './query/odata-errors';
import { CsdlEntitySet } from './planning-model';
import { EdmEntitySet, EdmNavigation, findNavigation } from './query/edm-model';
import { ExpandItem } from './query/odata-ast';
import { orderKeysFor, orderKeysSql } from './query/odata-keyset';
import { columnSql } from './query/odata-sql';
import { applyFilter } from './query/odata-to-typeorm';
import { entityJson, selectedProperties } from './odata-json';
import { entityAddress, nextLinkQuery, Row, skipTokenAfter } from './odata-paging';

/** Rows of one expanded collection per parent; more continue via `Nav@odata.nextLink`. */
export const EXPANDED_PAGE_SIZE = 100;
/** Parents per page when a collection is expanded, so one page holds at most 100 x 100 nested rows. */
export const EXPANDING_PAGE_SIZE = 100;

export const ALIAS = 'e';

export type QueryFactory = (tenantId: number, set: EdmEntitySet) => SelectQueryBuilder<object>;

/** The entity a navigation path starts from: `Projects(1)` in `Projects(1)/Cashflows`. */
export interface NavigationSource {
  set: CsdlEntitySet;
  key: Record<string, number>;
  navigation: EdmNavigation;
}

function keyText(set: EdmEntitySet, key: Record<string, number>): string {
  return set.keys.length === 1 ? String(key[set.keys[0]]) : set.keys.map((k) => `${k}=${key[k]}`).join(',');
}

/** `Projects(1)/Cashflows`: the path nextLinks of a navigation collection point to. */
export function sourcePath(via: NavigationSource): string {
  return `${via.set.name}(${keyText(via.set, via.key)})/${via.navigation.name}`;
}

export class ODataNavigator {
  constructor(private readonly query: QueryFactory) {}

  /** One entity by key or a 404 naming it. */
  async entityRow(tenantId: number, set: EdmEntitySet, key: Record<string, number>): Promise<Row> {
    const qb = this.query(tenantId, set);
    set.keys.forEach((name, i) => {
      const prop = set.properties.find((p) => p.name === name)!;
      qb.andWhere(`${ALIAS}.${prop.column} = :odkey${i}`, { [`odkey${i}`]: key[name] });
    });
    const row = (await qb.getOne()) as Row | null;
    if (!row) throw notFound(ODataErrorCode.EntityNotFound, `${set.entityType} ${set.name}(${keyText(set, key)}) not found`);
    return row;
  }

  /** Restricts `qb` (over the navigation target) to the entities related to the source; 404 when the source does not exist. */
  async restrictToRelated(tenantId: number, via: NavigationSource, qb: SelectQueryBuilder<object>): Promise<void> {
    const source = await this.entityRow(tenantId, via.set, via.key);
    via.navigation.join.forEach(([from, to], i) => qb.andWhere(`${ALIAS}.${to} = :odnav${i}`, { [`odnav${i}`]: source[from] }));
  }

  /** The JSON of the expanded navigation properties of each row (aligned with `rows`). */
  async expand(tenantId: number, set: EdmEntitySet, rows: Row[], items: ExpandItem[], serviceRoot: string): Promise<Row[]> {
    const extra: Row[] = rows.map(() => ({}));
    for (const item of items) {
      const nav = findNavigation(set, item.navigation)!;
      if (nav.collection) await this.expandCollection(tenantId, set, nav, item, rows, extra, serviceRoot);
      else await this.expandSingle(tenantId, nav, item, rows, extra);
    }
    return extra;
  }

  /**
   * Restricts `qb` to the targets of `rows`: join pairs whose value is the same for every
   * row (the tenant) become equalities, the one pair left an IN list.
   */
  private restrictToTargets(qb: SelectQueryBuilder<object>, nav: EdmNavigation, rows: Row[]): [string, string] {
    const varying = nav.join.filter(([from]) => new Set(rows.map((r) => String(r[from]))).size > 1);
    const fixed = nav.join.filter((pair) => !varying.includes(pair));
    fixed.forEach(([from, to], i) => qb.andWhere(`${ALIAS}.${to} = :odfix${i}`, { [`odfix${i}`]: rows[0][from] }));
    if (varying.length > 1) throw new Error(`Navigation ${nav.name} joins on more than one varying column`);
    const pair = varying[0] ?? fixed[fixed.length - 1];
    if (varying.length === 1) qb.andWhere(`${ALIAS}.${pair[1]} IN (:...odin)`, { odin: [...new Set(rows.map((r) => r[pair[0]]))] });
    return pair;
  }

  private async expandSingle(tenantId: number, nav: EdmNavigation, item: ExpandItem, rows: Row[], extra: Row[]): Promise<void> {
    const target = nav.target();
    if (rows.length === 0) return;
    const qb = this.query(tenantId, target);
    const [from, to] = this.restrictToTargets(qb, nav, rows);
    const byKey = new Map<string, Row>();
    for (const row of (await qb.getMany()) as Row[]) byKey.set(String(row[to]), row);
    const properties = selectedProperties(target, item.select);
    rows.forEach((row, i) => {
      const related = byKey.get(String(row[from]));
      extra[i][nav.name] = related ? entityJson(properties, related) : null;
    });
  }

  private async expandCollection(
    tenantId: number,
    set: EdmEntitySet,
    nav: EdmNavigation,
    item: ExpandItem,
    rows: Row[],
    extra: Row[],
    serviceRoot: string,
  ): Promise<void> {
    const target = nav.target();
    const limit = item.top === undefined ? EXPANDED_PAGE_SIZE : Math.min(item.top, EXPANDED_PAGE_SIZE);
    const morePossible = item.top === undefined || item.top > EXPANDED_PAGE_SIZE;
    const groups = new Map<string, Row[]>();
    let from = nav.join[nav.join.length - 1][0];
    if (rows.length > 0 && limit > 0) {
      const inner = this.query(tenantId, target);
      const [pairFrom, to] = this.restrictToTargets(inner, nav, rows);
      from = pairFrom;
      if (item.filter) applyFilter(inner, ALIAS, target, item.filter);
      const keys = orderKeysFor(target, item.orderby);
      // Column names from the model only; the cut is a bound parameter.
      inner.addSelect(`ROW_NUMBER() OVER (PARTITION BY ${columnSql(inner, ALIAS, to)} ORDER BY ${orderKeysSql(inner, ALIAS, keys)})`, 'od_rn');
      const outer = inner.connection
        .createQueryBuilder()
        .select('*')
        .from(`(${inner.getQuery()})`, 'od_x')
        .where('od_x.od_rn <= :odcut')
        .setParameters({ ...inner.getParameters(), odcut: morePossible ? limit + 1 : limit })
        .orderBy('od_x.od_rn', 'ASC');
      const metadata = inner.expressionMap.mainAlias!.metadata;
      const driver = inner.connection.driver;
      const columns = target.properties.map((p) => {
        const column = metadata.findColumnWithPropertyPath(p.column)!;
        return { name: p.column, column, raw: `${ALIAS}_${column.databaseName}` };
      });
      const toColumn = metadata.findColumnWithPropertyPath(to)!;
      for (const raw of await outer.getRawMany<Row>()) {
        const row: Row = {};
        for (const c of columns) row[c.name] = driver.prepareHydratedValue(raw[c.raw], c.column);
        const parentKey = String(driver.prepareHydratedValue(raw[`${ALIAS}_${toColumn.databaseName}`], toColumn));
        const group = groups.get(parentKey) ?? [];
        group.push(row);
        groups.set(parentKey, group);
      }
      const properties = selectedProperties(target, item.select);
      rows.forEach((row, i) => {
        const group = groups.get(String(row[from])) ?? [];
        const hasNext = morePossible && group.length > limit;
        const page = hasNext ? group.slice(0, limit) : group;
        extra[i][nav.name] = page.map((r) => entityJson(properties, r));
        if (hasNext) {
          const token = skipTokenAfter(target, keys, page[page.length - 1]);
          extra[i][`${nav.name}@odata.nextLink`] =
            `${serviceRoot}${entityAddress(set, row)}/${nav.name}?${nextLinkQuery(item.rawOptions, item.top, limit, token)}`;
        }
      });
      return;
    }
    rows.forEach((_, i) => (extra[i][nav.name] = []));
  }
}
