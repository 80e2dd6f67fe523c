// $metadata as CSDL JSON (OData CSDL JSON 4.01) on an explicit $format=json: the same model as
// the XML document, element for element, written by the JSON representation's rules; and
// two independent consumers (the OASIS XML-to-JSON converter odata-csdl, and odata-openapi)
// read it as we mean it. Accept alone never selects it (Power Query, SPEC 9).
import { gunzipSync } from 'node:zlib';
import { DOMParser } from '@xmldom/xmldom';
import { startTestApp, TestApp } from '../../support/test-app';
import { destroyAgent, feedTenant, FeedTenant, headerCount, POWER_QUERY_HEADERS, rawGet } from '../../support/odata-support';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any
type Options = { strict?: boolean; messages?: unknown[] };
// Independent consumers of CSDL (CommonJS, without type declarations): the OASIS TC's XML-to-JSON
// converter and its CSDL JSON-to-OpenAPI translator.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { xml2json } = require('odata-csdl') as { xml2json: (xml: string, options: Options) => Json };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { csdl2openapi } = require('odata-openapi') as { csdl2openapi: (csdl: Json, options: Options) => Json };

const EDM = 'http://docs.oasis-open.org/odata/ns/edm';
const EDMX = 'http://docs.oasis-open.org/odata/ns/edmx';

const children = (parent: Element, name: string, ns = EDM): Element[] =>
  Array.from(parent.childNodes as unknown as ArrayLike<Node>).filter(
    (n): n is Element => n.nodeType === 1 && (n as Element).localName === name && (n as Element).namespaceURI === ns,
  );
const optionalNumber = (e: Element, name: string) => (e.hasAttribute(name) ? Number(e.getAttribute(name)) : undefined);
const withoutUndefined = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

const elements = (parent: Element): Element[] => Array.from(parent.childNodes as unknown as ArrayLike<Node>).filter((n): n is Element => n.nodeType === 1);

/** A constant as CSDL JSON writes it: Bool and Int as JSON literals, an enumeration member by its name. */
function constant(kind: string, text: string): Json {
  if (kind === 'Bool') return text === 'true';
  if (kind === 'Int') return Number(text);
  if (kind === 'EnumMember') return text.split('/')[1];
  return text;
}

/** An expression element (`<String>`, `<Collection>`, `<Record>`, ...) as CSDL JSON writes it (§14.3-14.4). */
function expression(e: Element): Json {
  if (e.localName === 'Collection') return elements(e).map(expression);
  if (e.localName === 'Record') return Object.fromEntries(children(e, 'PropertyValue').map((p) => [p.getAttribute('Property'), carried(p)]));
  return constant(e.localName, e.textContent ?? '');
}

/** The value an Annotation or PropertyValue carries, in attribute or element notation. */
function carried(e: Element): Json {
  for (const kind of ['Bool', 'String', 'Int', 'EnumMember']) if (e.hasAttribute(kind)) return constant(kind, e.getAttribute(kind)!);
  return expression(elements(e)[0]);
}

/** `@Term` members the JSON form of an element's XML annotations must have. */
const xmlAnnotations = (e: Element) => Object.fromEntries(children(e, 'Annotation').map((a) => [`@${a.getAttribute('Term')}`, carried(a)]));
const jsonAnnotations = (o: Json) => Object.fromEntries(Object.entries(o as object).filter(([k]) => k.startsWith('@')));
const jsonChildren = (o: Json) => Object.keys(o as object).filter((k) => !k.startsWith('$') && !k.startsWith('@'));

describe('OData feed: $metadata as CSDL JSON', () => {
  let t: TestApp;
  let a: FeedTenant;
  let xml: string;
  let csdl: Json;

  beforeAll(async () => {
    t = await startTestApp();
    a = await feedTenant(t, 'acme');
    xml = (await rawGet(`${t.url}/acme/odata/$metadata`, { Authorization: a.auth })).text;
    const res = await rawGet(`${t.url}/acme/odata/$metadata?$format=application/json`, { Authorization: a.auth });
    expect(res.status).toBe(200);
    csdl = JSON.parse(res.text);
  });
  afterAll(async () => {
    destroyAgent();
    await t.close();
  });

  it('answers an explicit $format=json with application/json, OData-Version 4.0, and one document for every spelling', async () => {
    const spellings = [
      '$format=application/json',
      '$format=json',
      '$format=JSON',
      '%24format=application%2Fjson',
      '$format=application/json;odata.metadata=minimal',
    ];
    for (const query of spellings) {
      const res = await rawGet(`${t.url}/acme/odata/$metadata?${query}`, { ...POWER_QUERY_HEADERS, Authorization: a.auth });
      expect([query, res.status]).toEqual([query, 200]);
      expect(res.headers['content-type']).toMatch(/^application\/json(;|$)/);
      expect(headerCount(res, 'OData-Version')).toBe(1);
      expect(res.headers['odata-version']).toBe('4.0');
      expect(res.json()).toEqual(csdl);
    }
    const gzipped = await rawGet(`${t.url}/acme/odata/$metadata?$format=json`, { Authorization: a.auth, 'Accept-Encoding': 'gzip' });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(gzipped.body).toString('utf8'))).toEqual(csdl);
  });

  it('stays XML for an Accept header alone, even application/json', async () => {
    for (const accept of ['application/json', POWER_QUERY_HEADERS.Accept]) {
      const res = await rawGet(`${t.url}/acme/odata/$metadata`, { Accept: accept, Authorization: a.auth });
      expect(res.headers['content-type']).toMatch(/^application\/xml/);
      expect(res.text).toBe(xml);
    }
  });

  it('has every entity type, key, property facet, navigation property and constraint of the XML document', () => {
    const schema = new DOMParser().parseFromString(xml, 'text/xml').getElementsByTagNameNS(EDM, 'Schema')[0];
    const namespace = schema.getAttribute('Namespace')!;
    const types = children(schema, 'EntityType');
    expect(types.length).toBe(2);
    for (const type of types) {
      const name = type.getAttribute('Name')!;
      const json = csdl[namespace][name];
      expect([name, json.$Kind]).toEqual([name, 'EntityType']);
      const key = children(children(type, 'Key')[0], 'PropertyRef').map((r) => r.getAttribute('Name'));
      expect([name, json.$Key]).toEqual([name, key]);
      const properties = children(type, 'Property');
      const navigations = children(type, 'NavigationProperty');
      expect(jsonChildren(json).sort()).toEqual([...properties, ...navigations].map((p) => p.getAttribute('Name')).sort());
      for (const p of properties) {
        // XML: Nullable absent means true; JSON: $Nullable absent means false, $Type absent means Edm.String.
        const nullable = p.getAttribute('Nullable') !== 'false';
        const expected = withoutUndefined({
          $Type: p.getAttribute('Type') === 'Edm.String' ? undefined : p.getAttribute('Type'),
          $Nullable: nullable ? true : undefined,
          $MaxLength: optionalNumber(p, 'MaxLength'),
          $Precision: optionalNumber(p, 'Precision'),
          $Scale: optionalNumber(p, 'Scale'),
        });
        expect([name, p.getAttribute('Name'), json[p.getAttribute('Name')!]]).toEqual([name, p.getAttribute('Name'), expected]);
      }
      for (const n of navigations) {
        const type = n.getAttribute('Type')!;
        const collection = /^Collection\((.*)\)$/.exec(type);
        const constraints = children(n, 'ReferentialConstraint');
        const expected = withoutUndefined({
          $Kind: 'NavigationProperty',
          $Type: collection ? collection[1] : type,
          $Collection: collection ? true : undefined,
          $Nullable: !collection && n.getAttribute('Nullable') !== 'false' ? true : undefined,
          $Partner: n.getAttribute('Partner') ?? undefined,
          $ReferentialConstraint: constraints.length
            ? Object.fromEntries(constraints.map((c) => [c.getAttribute('Property'), c.getAttribute('ReferencedProperty')]))
            : undefined,
        });
        expect([name, n.getAttribute('Name'), json[n.getAttribute('Name')!]]).toEqual([name, n.getAttribute('Name'), expected]);
      }
    }
    // SPEC 6: Cashflow.Project with ProjectId → Id, so a change that dropped it from both forms still fails here.
    expect(csdl.IPS.Cashflow.Project.$ReferentialConstraint).toEqual({ ProjectId: 'Id' });
  });

  it('has the container, its entity sets, their bindings and every capability annotation of the XML document', () => {
    const doc = new DOMParser().parseFromString(xml, 'text/xml');
    const schema = doc.getElementsByTagNameNS(EDM, 'Schema')[0];
    const container = children(schema, 'EntityContainer')[0];
    const name = container.getAttribute('Name')!;
    expect(csdl.$EntityContainer).toBe(`${schema.getAttribute('Namespace')}.${name}`);
    const json = csdl.IPS[name];
    expect(json.$Kind).toBe('EntityContainer');
    expect(jsonAnnotations(json)).toEqual(xmlAnnotations(container));
    expect(json['@Capabilities.FilterFunctions']).toContain('contains');
    const sets = children(container, 'EntitySet');
    expect(jsonChildren(json).sort()).toEqual(sets.map((s) => s.getAttribute('Name')).sort());
    for (const set of sets) {
      const entry = json[set.getAttribute('Name')!];
      const bindings = children(set, 'NavigationPropertyBinding');
      expect(entry).toEqual({
        $Collection: true,
        $Type: set.getAttribute('EntityType'),
        $NavigationPropertyBinding: Object.fromEntries(bindings.map((b) => [b.getAttribute('Path'), b.getAttribute('Target')])),
        ...xmlAnnotations(set),
      });
      expect(Object.keys(jsonAnnotations(entry)).length).toBeGreaterThanOrEqual(12);
      expect(entry['@Capabilities.InsertRestrictions']).toEqual({ Insertable: false });
      expect(entry['@Aggregation.ApplySupported']).toEqual({ Transformations: ['filter', 'groupby', 'aggregate'], Rollup: 'None' });
    }
    // Every vocabulary reference, pointing to the JSON form OASIS publishes beside the XML one.
    const references = Array.from(doc.getElementsByTagNameNS(EDMX, 'Reference') as unknown as ArrayLike<Element>);
    expect(Object.keys(csdl.$Reference).length).toBe(references.length);
    for (const r of references) {
      const include = children(r, 'Include', EDMX)[0];
      expect(csdl.$Reference[r.getAttribute('Uri')!.replace(/\.xml$/, '.json')]).toEqual({
        $Include: [{ $Namespace: include.getAttribute('Namespace'), $Alias: include.getAttribute('Alias') }],
      });
    }
  });

  it('follows the JSON representation rules: defaults omitted, alias-qualified terms, $Version of the service', () => {
    expect(csdl.$Version).toBe('4.0');
    const aliases = Object.values(csdl.$Reference as Record<string, Json>).flatMap((r) => r.$Include.map((i: Json) => i.$Alias as string));
    const visit = (node: Json, path: string) => {
      for (const [member, value] of Object.entries(node as object)) {
        const at = `${path}/${member}`;
        if (member.startsWith('@')) {
          // CSDL JSON §3.2: alias-qualified names where an alias is declared.
          expect([at, aliases.includes(member.slice(1).split('.')[0])]).toEqual([at, true]);
          continue;
        }
        if (member === '$Nullable' || member === '$Collection') expect([at, value]).toEqual([at, true]);
        if (member === '$Type') expect([at, value]).not.toEqual([at, 'Edm.String']);
        if (member === '$Kind') expect([at, value]).not.toEqual([at, 'Property']);
        if (value && typeof value === 'object' && !Array.isArray(value)) visit(value, at);
      }
    };
    visit(csdl, '');
    expect(csdl.IPS.Project.Owner).toEqual({ $Nullable: true, $MaxLength: 200 });
    expect(csdl.IPS.Project.Name).toEqual({ $MaxLength: 200 });
    expect(csdl.IPS.Project.UpdatedAt).toEqual({ $Type: 'Edm.DateTimeOffset', $Precision: 3 });
  });

  it('is what the OASIS converter (odata-csdl) makes of the XML document', () => {
    const messages: unknown[] = [];
    expect(csdl).toEqual(xml2json(xml, { strict: true, messages }));
    expect(messages).toEqual([]);
  });

  it('reads in odata-openapi as a read-only feed with the declared query options', () => {
    const messages: unknown[] = [];
    const openapi = csdl2openapi(csdl, { messages });
    expect(messages).toEqual([]);
    expect(Object.keys(openapi.paths)).toEqual(expect.arrayContaining(['/Projects', '/Cashflows', '/Projects({Id})/Cashflows']));
    // Insert/Update/DeleteRestrictions: GET only; SearchRestrictions: no $search.
    for (const path of Object.values(openapi.paths as Record<string, Json>)) expect(Object.keys(path).filter((k) => k !== 'parameters')).toEqual(['get']);
    const parameters = JSON.stringify(openapi.paths['/Projects'].get.parameters);
    expect(parameters).toContain('top');
    expect(parameters).toContain('$filter');
    expect(parameters).not.toContain('search');
    const project = openapi.components.schemas['IPS.Project'].properties;
    expect(project.Owner.nullable).toBe(true);
    expect(project.Name.nullable).toBeUndefined();
    expect(project.Capex.multipleOf).toBe(0.01);
  });
});
