// Answers OData requests over the planning data: parses the query options against the EDM
// model, translates them into tenant-restricted TypeORM queries, pages with keyset tokens
// and shapes the JSON (odata.metadata=minimal). Never loads more than one page of rows
// (and, with $expand, at most EXPANDED_PAGE_SIZE related rows per row of the page).
import { Injectable } from '@nestjs/common';
import { SelectQueryBuilder } from 'typeorm';
import { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { ApplyValueTransformers } from 'typeorm/util/ApplyValueTransformers';
import { notFound } from '../core/errors/domain-error';
import { ProjectsService } from '../projects/projects.service';
import { renderCsdlJson } from './csdl-json';
import { describeService } from './csdl-model';
import { renderCsdlXml } from './csdl-xml';
import { CsdlEntitySet, ENTITY_SETS, PROJECTS_SET } from './planning-model';
import { ODataAggregator } from './odata-aggregation';
import { ODataPrefetch } from './odata-prefetch';
import { contextUrl, entityJson, selectedProperties } from './odata-json';
import { ALIAS, EXPANDING_PAGE_SIZE, NavigationSource, ODataNavigator, sourcePath } from './odata-navigation';
import { nextLinkQuery, orderingFingerprint, Row } from './odata-paging';
import { APPLY_TRANSFORMATIONS } from './query/odata-apply';
import { ODataQueryOptions } from './query/odata-ast';
import { ODataErrorCode, ODataNotImplementedError, ODataSyntaxError } from './query/odata-errors';
import { metadataFormat } from './odata-request';
import { parseQueryOptions } from './query/odata-parser';
import { applyKeyset, applyOrderBy, decodeSkipToken, encodeSkipToken, OrderKey, orderKeysFor } from './query/odata-keyset';
import { applyFilter } from './query/odata-to-typeorm';

/** Options the nextLink carries over from the client's request ($skip and $top are handled apart). */
const CARRIED_OPTIONS = ['$filter', '$select', '$expand', '$orderby', '$count', '$format'];
/** Options that make no sense on a single entity (OData Part 2 §5.1: $select/$expand/$format only). */
const COLLECTION_ONLY: (keyof ODataQueryOptions)[] = ['filter', 'orderby', 'top', 'skip', 'count', 'skiptoken', 'apply'];

export interface CollectionRequest {
  tenantId: number;
  set: CsdlEntitySet;
  /** The entity the collection is reached from (`Projects(1)/Cashflows`), if any. */
  via?: NavigationSource;
  /** Raw query string as received (percent-encoded, without '?'). */
  rawQuery: string;
  /** Absolute service root ending in '/', e.g. http://host/acme/odata/ */
  serviceRoot: string;
  pageSize: number;
  /** Who asks (user and credential, see callerKey): a page read ahead is kept for this caller only. */
  caller: string;
}

/** What a collection request asks for, once its options are parsed and its $skiptoken checked. */
interface PagePlan {
  set: CsdlEntitySet;
  options: ODataQueryOptions;
  keys: OrderKey[];
  fingerprint: string;
  /** The sort-key values of the last row before this page ($skiptoken), or null on the first page. */
  after: unknown[] | null;
  pageSize: number;
  morePossible: boolean;
  limit: number;
}

export interface MetadataDocument {
  format: 'xml' | 'json';
  text: string;
}

/**
 * Column types whose hydrated value is the driver's value passed through the column's
 * transformer: TypeORM's prepareHydratedValue does nothing else for them, on either driver.
 */
const PLAIN_COLUMN_TYPES = new Set(['integer', 'int', 'decimal', 'varchar']);

/**
 * The metadata of a column that is also a relation's join column (Cashflow.tenantId, .projectId)
 * has the type `Number`, although its @PrimaryColumn says 'integer'; both drivers'
 * prepareHydratedValue read such a value as `!isNaN(+value) ? parseInt(value) : value`, as this
 * does. Without this case the raw path below was not taken for Cashflows: every export page was
 * hydrated by TypeORM (a --cpu-prof of scenario 7 on MariaDB, 2026-12-02).
 */
const isJoinNumber = (column: ColumnMetadata) => column.type === Number;
function hydratedNumber(value: unknown): unknown {
  if (typeof value === 'number') return Number.isInteger(value) ? value : parseInt(String(value), 10);
  return typeof value === 'string' && !isNaN(Number(value)) ? parseInt(value, 10) : value;
}

/** Splits a raw query string into decoded [lower-case name, value] pairs (already validated by the parser). */
function rawOptions(rawQuery: string): [string, string][] {
  return rawQuery
    .split('&')
    .filter((s) => s !== '')
    .map((segment) => {
      const eq = segment.indexOf('=');
      const name = decodeURIComponent(eq < 0 ? segment : segment.slice(0, eq)).toLowerCase();
      return [name, eq < 0 ? '' : decodeURIComponent(segment.slice(eq + 1))];
    });
}

@Injectable()
export class ODataService {
  /** $metadata in both representations, rendered once from one description. */
  private readonly metadataDocuments: Record<MetadataDocument['format'], string>;
  private readonly navigator: ODataNavigator;
  private readonly aggregator = new ODataAggregator();

  constructor(
    private readonly projects: ProjectsService,
    private readonly prefetch: ODataPrefetch,
  ) {
    const service = describeService({ applyTransformations: APPLY_TRANSFORMATIONS });
    this.metadataDocuments = { xml: renderCsdlXml(service), json: renderCsdlJson(service) };
    this.navigator = new ODataNavigator((tenantId, set) => this.query(tenantId, set));
  }

  serviceDocument(serviceRoot: string): object {
    return {
      '@odata.context': `${serviceRoot}$metadata`,
      value: ENTITY_SETS.map((s) => ({ name: s.name, kind: 'EntitySet', url: s.name })),
    };
  }

  /** CSDL XML; CSDL JSON only on an explicit $format=json or application/json (never by Accept). */
  metadata(rawQuery: string): MetadataDocument {
    const format = metadataFormat(rawQuery);
    return { format, text: this.metadataDocuments[format] };
  }

  /**
   * One page of an entity set or navigation collection, with @odata.count and
   * @odata.nextLink as asked; `pageSize` is what was applied (smaller when a collection is expanded).
   */
  async collection(req: CollectionRequest): Promise<{ body: object; pageSize: number }> {
    const { set, serviceRoot } = req;
    const options = parseQueryOptions(req.rawQuery, set);
    if (options.apply) return this.aggregate(req, options);
    const plan = this.pagePlan(req, options);
    const { keys, fingerprint, pageSize } = plan;

    const qb = await this.filteredQuery(req.tenantId, req.set, req.via, options);
    const count = options.count ? await this.countOf(qb) : undefined;
    // A page read ahead is taken only here, after the guard and every check above have run
    // for this request; its rows are what pageRows would read now (see ODataPrefetch.take).
    const prefetchable = req.via === undefined;
    const prefetched = prefetchable ? await this.prefetch.take(this.prefetchKey(req)) : null;
    const rows = prefetched ?? (await this.pageRows(qb, plan));
    const hasNext = plan.morePossible && rows.length > pageSize;
    const page = hasNext ? rows.slice(0, pageSize) : rows;
    let nextLink: string | undefined;
    if (hasNext) {
      const last = page[page.length - 1];
      const token = encodeSkipToken([fingerprint, ...keys.map((k) => last[k.column])]);
      const carried = rawOptions(req.rawQuery).filter(([name]) => CARRIED_OPTIONS.includes(name));
      const path = req.via ? sourcePath(req.via) : set.name;
      nextLink = `${serviceRoot}${path}?${nextLinkQuery(carried, options.top, pageSize, token)}`;
      // From the second page on: a client that asked for a nextLink is walking the set, one
      // that only read the first page (a preview, a load test) would leave the read unused.
      if (prefetchable && options.skiptoken !== undefined) this.readAhead({ ...req, rawQuery: nextLink.slice(nextLink.indexOf('?') + 1) });
    }
    const body: Record<string, unknown> = { '@odata.context': contextUrl(serviceRoot, set, options.select) };
    if (count !== undefined) body['@odata.count'] = count;
    body.value = await this.entitiesJson(req.tenantId, set, page, options, serviceRoot);
    if (nextLink) body['@odata.nextLink'] = nextLink;
    return { body, pageSize };
  }

  /** Reads the rows of `next` (the request a nextLink makes) the way collection() would, kept for it. */
  private readAhead(next: CollectionRequest): void {
    this.prefetch.start(next.tenantId, this.prefetchKey(next), async () => {
      const options = parseQueryOptions(next.rawQuery, next.set);
      return this.pageRows(await this.filteredQuery(next.tenantId, next.set, next.via, options), this.pagePlan(next, options));
    });
  }

  private prefetchKey(req: CollectionRequest): string {
    return ODataPrefetch.key(req.tenantId, req.caller, req.pageSize, req.set.name, req.rawQuery);
  }

  /** Page size, ordering and position of a collection request (the $skiptoken checked against the ordering). */
  private pagePlan(req: CollectionRequest, options: ODataQueryOptions): PagePlan {
    const { set } = req;
    const pageSize = this.pageSizeFor(req, options);
    const keys = orderKeysFor(set, options.orderby);
    const fingerprint = orderingFingerprint(set, keys);
    let after: unknown[] | null = null;
    if (options.skiptoken !== undefined) {
      const values = decodeSkipToken(options.skiptoken, keys.length + 1);
      if (values[0] !== fingerprint) throw new ODataSyntaxError('$skiptoken: token does not match this query at position 0', 0);
      after = values.slice(1);
    }
    // Without $top every page may have a successor; with $top only while more than a page is left.
    const morePossible = options.top === undefined || options.top > pageSize;
    const limit = options.top === undefined ? pageSize : Math.min(pageSize, options.top);
    return { set, options, keys, fingerprint, after, pageSize, morePossible, limit };
  }

  private pageSizeFor(req: CollectionRequest, options: ODataQueryOptions): number {
    const expandsCollection = options.expand?.some((i) => req.set.navigations?.find((n) => n.name === i.navigation)?.collection) ?? false;
    return expandsCollection ? Math.min(req.pageSize, EXPANDING_PAGE_SIZE) : req.pageSize;
  }

  /** The tenant's rows of the set (or of the navigation path) that match $filter. */
  private async filteredQuery(
    tenantId: number,
    set: CsdlEntitySet,
    via: NavigationSource | undefined,
    options: ODataQueryOptions,
  ): Promise<SelectQueryBuilder<object>> {
    const qb = this.query(tenantId, set);
    if (via) await this.navigator.restrictToRelated(tenantId, via, qb);
    if (options.filter) applyFilter(qb, ALIAS, set, options.filter);
    return qb;
  }

  /** The page's rows, and one more when a successor is possible. */
  private async pageRows(qb: SelectQueryBuilder<object>, plan: PagePlan): Promise<Row[]> {
    const { options, after, pageSize, morePossible, limit } = plan;
    if (limit <= 0) return [];
    const ordered = applyOrderBy(qb, ALIAS, plan.set, options.orderby);
    if (after) applyKeyset(qb, ALIAS, ordered, after);
    else if (options.skip) qb.offset(options.skip);
    return this.rowsWithOrderValues(qb.limit(morePossible ? pageSize + 1 : limit), ordered);
  }

  /** `$apply`: one page of groups (or the one aggregate row), computed in the database. */
  private async aggregate(req: CollectionRequest, options: ODataQueryOptions): Promise<{ body: object; pageSize: number }> {
    const pageSize = this.pageSizeFor(req, options);
    const qb = this.query(req.tenantId, req.set);
    if (req.via) await this.navigator.restrictToRelated(req.tenantId, req.via, qb);
    const page = await this.aggregator.page(qb, req.set, options, rawOptions(req.rawQuery), pageSize);
    const apply = options.apply!;
    const properties = [...(apply.groupBy ?? []), ...apply.aggregates.map((a) => a.alias)];
    const body: Record<string, unknown> = { '@odata.context': `${req.serviceRoot}$metadata#${req.set.name}(${properties.join(',')})`, value: page.rows };
    if (page.next) body['@odata.nextLink'] = `${req.serviceRoot}${req.via ? sourcePath(req.via) : req.set.name}?${page.next}`;
    return { body, pageSize };
  }

  /** `/Set/$count` or `Projects(1)/Cashflows/$count`: rows matching $filter ($top/$skip/$orderby do not apply). */
  async count(tenantId: number, set: CsdlEntitySet, rawQuery: string, via?: NavigationSource): Promise<number> {
    const options = parseQueryOptions(rawQuery, set);
    if (options.apply) throw new ODataNotImplementedError('$apply on /$count is not supported; use aggregate($count as N)');
    return this.countOf(await this.filteredQuery(tenantId, set, via, options));
  }

  /** `Set(key)`: one entity or a 404. */
  async entity(tenantId: number, set: CsdlEntitySet, key: Record<string, number>, rawQuery: string, serviceRoot: string): Promise<object> {
    const options = this.singleEntityOptions(rawQuery, set);
    const row = await this.navigator.entityRow(tenantId, set, key);
    return this.singleJson(tenantId, set, row, options, serviceRoot);
  }

  /** `Cashflows(ProjectId=1,Year=2030)/Project`: the entity a single-valued navigation leads to, or a 404. */
  async related(tenantId: number, set: CsdlEntitySet, via: NavigationSource, rawQuery: string, serviceRoot: string): Promise<object> {
    const options = this.singleEntityOptions(rawQuery, set);
    const qb = this.query(tenantId, set);
    await this.navigator.restrictToRelated(tenantId, via, qb);
    const row = (await qb.getOne()) as Row | null;
    if (!row) throw notFound(ODataErrorCode.ResourceNotFound, `${sourcePath(via)} not found`);
    return this.singleJson(tenantId, set, row, options, serviceRoot);
  }

  private singleEntityOptions(rawQuery: string, set: CsdlEntitySet): ODataQueryOptions {
    const options = parseQueryOptions(rawQuery, set);
    const misplaced = COLLECTION_ONLY.find((o) => options[o] !== undefined);
    if (misplaced) throw new ODataSyntaxError(`$${misplaced} cannot be applied to a single entity at position 0`, 0);
    return options;
  }

  private async singleJson(tenantId: number, set: CsdlEntitySet, row: Row, options: ODataQueryOptions, serviceRoot: string): Promise<object> {
    const [json] = await this.entitiesJson(tenantId, set, [row], options, serviceRoot);
    return { '@odata.context': `${contextUrl(serviceRoot, set, options.select)}/$entity`, ...json };
  }

  /** The selected properties of each row, followed by its expanded navigation properties. */
  private async entitiesJson(tenantId: number, set: CsdlEntitySet, rows: Row[], options: ODataQueryOptions, serviceRoot: string): Promise<Row[]> {
    const properties = selectedProperties(set, options.select);
    const json = rows.map((row) => entityJson(properties, row));
    if (!options.expand?.length) return json;
    const expanded = await this.navigator.expand(tenantId, set, rows, options.expand, serviceRoot);
    return json.map((j, i) => ({ ...j, ...expanded[i] }));
  }

  /** The page's entities; an expression sort key's value (selected under its alias) is copied onto each row for the token. */
  private async rowsWithOrderValues(qb: SelectQueryBuilder<object>, keys: OrderKey[]): Promise<Row[]> {
    const computed = keys.filter((k) => k.expr);
    if (computed.length === 0) return this.entityRows(qb);
    const { raw, entities } = await qb.getRawAndEntities();
    return (entities as Row[]).map((row, i) => {
      for (const k of computed) row[k.column] = (raw[i] as Row)[k.column];
      return row;
    });
  }

  /**
   * The rows as entities would hold them. A query of one table whose columns are all plain
   * (Cashflows) is read raw and mapped here: TypeORM's hydration (grouping rows by key,
   * building entities) was a fifth of the server's CPU in the export (npm run bench
   * scenario 7 on MariaDB, profiled). Anything else goes through getMany().
   */
  private async entityRows(qb: SelectQueryBuilder<object>): Promise<Row[]> {
    const { mainAlias, joinAttributes } = qb.expressionMap;
    const columns = mainAlias?.hasMetadata ? mainAlias.metadata.columns : [];
    if (joinAttributes.length > 0 || columns.length === 0 || !columns.every((c) => isJoinNumber(c) || PLAIN_COLUMN_TYPES.has(String(c.type)))) {
      return (await qb.getMany()) as Row[];
    }
    const fields = columns.map((c) => ({
      property: c.propertyName,
      alias: `${qb.alias}_${c.databaseName}`,
      transformer: c.transformer,
      number: isJoinNumber(c),
    }));
    const raw = await qb.getRawMany<Row>();
    return raw.map((r) => {
      const row: Row = {};
      for (const f of fields) {
        const value = f.number ? hydratedNumber(r[f.alias]) : r[f.alias];
        row[f.property] = f.transformer ? ApplyValueTransformers.transformFrom(f.transformer, value) : value;
      }
      return row;
    });
  }

  private query(tenantId: number, set: CsdlEntitySet): SelectQueryBuilder<object> {
    return set === PROJECTS_SET ? this.projects.projectsQuery(tenantId) : this.projects.cashflowsQuery(tenantId);
  }

  private async countOf(qb: SelectQueryBuilder<object>): Promise<number> {
    const raw = await qb.clone().select('COUNT(*)', 'n').getRawOne<{ n: number | string }>();
    return Number(raw?.n ?? 0);
  }
}
