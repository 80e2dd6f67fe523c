// Answers OData requests over the planning data: parses the query options against the EDM
// model, translates them into tenant-restricted TypeORM queries, pages with keyset tokens
// and shapes the JSON (odata.metadata=minimal). Never loads more than one page of rows.
import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { SelectQueryBuilder } from 'typeorm';
import { notFound } from '../common/domain-error';
import { ProjectsService } from '../projects/projects.service';
import { buildCsdl } from './csdl-document';
import { CsdlEntitySet, ENTITY_SETS, PROJECTS_SET } from './planning-model';
import { EdmProperty } from './query/edm-model';
import { ODataQueryOptions } from './query/odata-ast';
import { ODataNotImplementedError, ODataSyntaxError } from './query/odata-errors';
import { metadataFormat } from './odata-request';
import { parseQueryOptions } from './query/odata-parser';
import { applyFilter, applyKeyset, applyOrderBy, decodeSkipToken, encodeSkipToken, OrderKey, orderKeysFor } from './query/odata-to-typeorm';

export enum ODataErrorCode {
  EntityNotFound = 'entity-not-found',
  ResourceNotFound = 'resource-not-found',
}

const ALIAS = 'e';
/** Options the nextLink carries over from the client's request ($skip and $top are handled apart). */
const CARRIED_OPTIONS = ['$filter', '$select', '$orderby', '$count', '$format'];
/** Options that make no sense on a single entity (OData Part 2 §5.1: $select/$expand/$format only). */
const COLLECTION_ONLY: (keyof ODataQueryOptions)[] = ['filter', 'orderby', 'top', 'skip', 'count', 'skiptoken'];

export interface CollectionRequest {
  tenantId: number;
  set: CsdlEntitySet;
  /** Raw query string as received (percent-encoded, without '?'). */
  rawQuery: string;
  /** Absolute service root ending in '/', e.g. http://host/acme/odata/ */
  serviceRoot: string;
  pageSize: number;
}

type Row = Record<string, unknown>;

/** JSON value of a hydrated column (decimals are numbers already, via the entity transformer). */
function jsonValue(prop: EdmProperty, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (prop.type) {
    case 'Edm.DateTimeOffset':
      return (value instanceof Date ? value : new Date(String(value))).toISOString();
    case 'Edm.Date':
      return value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10);
    case 'Edm.Decimal':
    case 'Edm.Double':
    case 'Edm.Int32':
      return Number(value);
    default:
      return value;
  }
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

/** A token binds to the ordering it was made for, so a changed $orderby is a 400, not a wrong page. */
function orderingFingerprint(set: CsdlEntitySet, keys: OrderKey[]): string {
  const text = `${set.name}|${keys.map((k) => `${k.property}:${k.direction}`).join(',')}`;
  return createHash('sha256').update(text).digest('base64url').slice(0, 12);
}

@Injectable()
export class ODataService {
  private readonly csdl = buildCsdl();

  constructor(private readonly projects: ProjectsService) {}

  serviceDocument(serviceRoot: string): object {
    return {
      '@odata.context': `${serviceRoot}$metadata`,
      value: ENTITY_SETS.map((s) => ({ name: s.name, kind: 'EntitySet', url: s.name })),
    };
  }

  /** CSDL XML; JSON CSDL only on an explicit $format=application/json (never by Accept). */
  metadata(rawQuery: string): string {
    if (metadataFormat(rawQuery) === 'json') {
      throw new ODataNotImplementedError('$metadata: JSON CSDL is not supported; $metadata is served as XML');
    }
    return this.csdl;
  }

  /** One page of an entity set, with @odata.count and @odata.nextLink as asked. */
  async collection(req: CollectionRequest): Promise<object> {
    const { set, serviceRoot, pageSize } = req;
    const options = parseQueryOptions(req.rawQuery, set);
    const keys = orderKeysFor(set, options.orderby);
    const fingerprint = orderingFingerprint(set, keys);
    let after: unknown[] | null = null;
    if (options.skiptoken !== undefined) {
      const values = decodeSkipToken(options.skiptoken, keys.length + 1);
      if (values[0] !== fingerprint) throw new ODataSyntaxError('$skiptoken: token does not match this query at position 0', 0);
      after = values.slice(1);
    }

    const qb = this.query(req.tenantId, set);
    if (options.filter) applyFilter(qb, ALIAS, set, options.filter);
    const count = options.count ? await this.countOf(qb) : undefined;

    // Without $top every page may have a successor; with $top only while more than a page is left.
    const morePossible = options.top === undefined || options.top > pageSize;
    const limit = options.top === undefined ? pageSize : Math.min(pageSize, options.top);
    let rows: Row[] = [];
    if (limit > 0) {
      applyOrderBy(qb, ALIAS, set, options.orderby);
      if (after) applyKeyset(qb, ALIAS, keys, after);
      else if (options.skip) qb.offset(options.skip);
      rows = (await qb.limit(morePossible ? pageSize + 1 : limit).getMany()) as Row[];
    }
    const hasNext = morePossible && rows.length > pageSize;
    const page = hasNext ? rows.slice(0, pageSize) : rows;
    const selected = this.selectedProperties(set, options);

    const body: Record<string, unknown> = { '@odata.context': this.contextUrl(serviceRoot, set, options) };
    if (count !== undefined) body['@odata.count'] = count;
    body.value = page.map((row) => this.entityJson(selected, row));
    if (hasNext) {
      const last = page[page.length - 1];
      const token = encodeSkipToken([fingerprint, ...keys.map((k) => last[k.column])]);
      body['@odata.nextLink'] = this.nextLink(req, options, token);
    }
    return body;
  }

  /** `/Set/$count`: the number of rows matching $filter ($top/$skip/$orderby do not apply). */
  async count(tenantId: number, set: CsdlEntitySet, rawQuery: string): Promise<number> {
    const options = parseQueryOptions(rawQuery, set);
    const qb = this.query(tenantId, set);
    if (options.filter) applyFilter(qb, ALIAS, set, options.filter);
    return this.countOf(qb);
  }

  /** `Set(key)`: one entity or a 404. */
  async entity(tenantId: number, set: CsdlEntitySet, key: Record<string, number>, rawQuery: string, serviceRoot: string): Promise<object> {
    const options = parseQueryOptions(rawQuery, set);
    const misplaced = COLLECTION_ONLY.find((o) => options[o] !== undefined);
    if (misplaced) throw new ODataSyntaxError(`$${misplaced} cannot be applied to a single entity at position 0`, 0);
    const qb = this.query(tenantId, set);
    set.keys.forEach((name, i) => {
      const prop = set.properties.find((p) => p.name === name)!;
      qb.andWhere(`${ALIAS}.${prop.column} = :odkey${i}`, { [`odkey${i}`]: key[name] });
    });
    const row = (await qb.getOne()) as Row | null;
    if (!row) {
      const keyText = set.keys.length === 1 ? String(key[set.keys[0]]) : set.keys.map((k) => `${k}=${key[k]}`).join(',');
      throw notFound(ODataErrorCode.EntityNotFound, `${set.entityType} ${set.name}(${keyText}) not found`);
    }
    const context = this.contextUrl(serviceRoot, set, options) + '/$entity';
    return { '@odata.context': context, ...this.entityJson(this.selectedProperties(set, options), row) };
  }

  private query(tenantId: number, set: CsdlEntitySet): SelectQueryBuilder<object> {
    return (set === PROJECTS_SET ? this.projects.projectsQuery(tenantId) : this.projects.cashflowsQuery(tenantId)) as SelectQueryBuilder<object>;
  }

  private async countOf(qb: SelectQueryBuilder<object>): Promise<number> {
    const raw = await qb.clone().select('COUNT(*)', 'n').getRawOne<{ n: number | string }>();
    return Number(raw?.n ?? 0);
  }

  private selectedProperties(set: CsdlEntitySet, options: ODataQueryOptions): EdmProperty[] {
    const select = options.select;
    if (!select || select.kind === 'all') return set.properties;
    return set.properties.filter((p) => select.properties.includes(p.name));
  }

  /** `$metadata#Set` or `$metadata#Set(A,B)`: the only forms Power Query accepts for collections. */
  private contextUrl(serviceRoot: string, set: CsdlEntitySet, options: ODataQueryOptions): string {
    const select = options.select;
    const projection = select?.kind === 'properties' ? `(${[...new Set(select.properties)].join(',')})` : '';
    return `${serviceRoot}$metadata#${set.name}${projection}`;
  }

  private entityJson(properties: EdmProperty[], row: Row): Row {
    const json: Row = {};
    for (const p of properties) json[p.name] = jsonValue(p, row[p.column]);
    return json;
  }

  /** The client's options plus the token; $skip applied to the first page only, $top reduced. */
  private nextLink(req: CollectionRequest, options: ODataQueryOptions, token: string): string {
    const params = rawOptions(req.rawQuery)
      .filter(([name]) => CARRIED_OPTIONS.includes(name))
      .map(([name, value]) => `${name}=${encodeURIComponent(value)}`);
    if (options.top !== undefined) params.push(`$top=${options.top - req.pageSize}`);
    params.push(`$skiptoken=${token}`);
    return `${req.serviceRoot}${req.set.name}?${params.join('&')}`;
  }
}
