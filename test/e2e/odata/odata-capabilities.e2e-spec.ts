// $metadata declares what the feed supports (SPEC 5), and the declaration is true: every
// function listed in Capabilities.FilterFunctions is accepted, every other canonical OData
// function is a 501 (Power Query reads the list to decide what to fold).
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { validateXML } from 'xmllint-wasm';
import { startTestApp, TestApp } from '../../support/test-app';
import { destroyAgent, feedTenant, FeedTenant, loadProjects, POWER_QUERY_HEADERS, rawGet } from '../../support/odata-support';

/** One well-typed use of each canonical function of OData 4.01 Part 2 §5.1.1.5-11 on Projects. */
const EXAMPLES: Record<string, string> = {
  contains: "contains(Name,'Deep')",
  startswith: "startswith(Name,'Field')",
  endswith: "endswith(Name,'Deep')",
  tolower: "tolower(Region) eq 'permian'",
  toupper: "toupper(Region) eq 'PERMIAN'",
  year: 'year(StartDate) ge 2010',
  month: 'month(StartDate) eq 3',
  day: 'day(StartDate) lt 10',
  length: 'length(Name) gt 10',
  indexof: "indexof(Name,'Deep') ge 0",
  substring: "substring(Name,6) eq '00001'",
  concat: "concat(Region,'!') eq 'Permian!'",
  trim: 'trim(Name) eq Name',
  matchesPattern: "matchesPattern(Name,'^Field')",
  date: 'date(UpdatedAt) ge 2020-01-01',
  time: 'time(UpdatedAt) ge 00:00:00',
  hour: 'hour(UpdatedAt) ge 0',
  minute: 'minute(UpdatedAt) ge 0',
  second: 'second(UpdatedAt) ge 0',
  fractionalseconds: 'fractionalseconds(UpdatedAt) ge 0',
  totaloffsetminutes: 'totaloffsetminutes(UpdatedAt) eq 0',
  totalseconds: "totalseconds(duration'PT1S') eq 1",
  now: 'UpdatedAt lt now()',
  maxdatetime: 'UpdatedAt lt maxdatetime()',
  mindatetime: 'UpdatedAt gt mindatetime()',
  round: 'round(Capex) ge 0',
  floor: 'floor(Capex) ge 0',
  ceiling: 'ceiling(Capex) ge 0',
  cast: "cast(Capex,'Edm.Int64') ge 0",
  isof: "isof('IPS.Project')",
  hassubset: "hassubset(['a'],['a'])",
  hassubsequence: "hassubsequence(['a'],['a'])",
  'geo.distance': "geo.distance(geography'POINT(0 0)',geography'POINT(0 0)') eq 0",
  'geo.length': "geo.length(geography'LINESTRING(0 0,1 1)') gt 0",
  'geo.intersects': "geo.intersects(geography'POINT(0 0)',geography'POLYGON((0 0,1 0,1 1,0 0))')",
};

function sharedOData(dir = __dirname): string {
  const candidate = path.join(dir, 'shared/odata');
  return existsSync(candidate) || path.dirname(dir) === dir ? candidate : sharedOData(path.dirname(dir));
}

describe('OData feed: declared capabilities', () => {
  let t: TestApp;
  let a: FeedTenant;
  let xml: string;

  beforeAll(async () => {
    t = await startTestApp();
    a = await feedTenant(t, 'acme');
    await loadProjects(t, a.id, 1, 10, 2);
    xml = (await rawGet(`${t.url}/acme/odata/$metadata`, { ...POWER_QUERY_HEADERS, Authorization: a.auth })).text;
  });
  afterAll(async () => {
    destroyAgent();
    await t.close();
  });

  const declared = () =>
    [.../<Annotation Term="Capabilities.FilterFunctions"><Collection>(.*?)<\/Collection>/.exec(xml)![1].matchAll(/<String>([^<]+)<\/String>/g)].map(
      (m) => m[1],
    );

  it('references the vocabularies it uses and stays valid against edmx.xsd', async () => {
    for (const ns of ['Org.OData.Core.V1', 'Org.OData.Capabilities.V1', 'Org.OData.Aggregation.V1']) {
      expect(xml).toContain(`<edmx:Include Namespace="${ns}" Alias="${ns.split('.')[2]}"/>`);
    }
    const schemaFile = (name: string) => ({ fileName: name, contents: readFileSync(path.join(sharedOData(), name), 'utf8') });
    const result = await validateXML({
      xml: [{ fileName: 'metadata.xml', contents: xml }],
      schema: [schemaFile('edmx.xsd')],
      preload: [schemaFile('edm.xsd')],
    });
    expect(result.errors).toEqual([]);
  });

  it('declares paging, counting, sorting, expanding, key access, no batch and a read-only feed', () => {
    expect(xml).toContain('<Annotation Term="Capabilities.BatchSupported" Bool="false"/>');
    for (const set of ['Projects', 'Cashflows']) {
      const block = new RegExp(`<EntitySet Name="${set}"[^>]*>([\\s\\S]*?)</EntitySet>`).exec(xml)![1];
      expect(block).toContain('<Annotation Term="Capabilities.TopSupported" Bool="true"/>');
      expect(block).toContain('<Annotation Term="Capabilities.SkipSupported" Bool="true"/>');
      expect(block).toContain('<Annotation Term="Capabilities.IndexableByKey" Bool="true"/>');
      expect(block).toContain(
        '<Annotation Term="Capabilities.CountRestrictions"><Record><PropertyValue Property="Countable" Bool="true"/></Record></Annotation>',
      );
      expect(block).toContain(
        '<Annotation Term="Capabilities.SortRestrictions"><Record><PropertyValue Property="Sortable" Bool="true"/></Record></Annotation>',
      );
      expect(block).toContain('<PropertyValue Property="Expandable" Bool="true"/>');
      expect(block).toContain('<PropertyValue Property="Insertable" Bool="false"/>');
      expect(block).toContain('<PropertyValue Property="Updatable" Bool="false"/>');
      expect(block).toContain('<PropertyValue Property="Deletable" Bool="false"/>');
    }
  });

  it('accepts every declared filter function and answers 501 for every other canonical one', async () => {
    const functions = declared();
    expect(functions.length).toBeGreaterThanOrEqual(8);
    for (const fn of functions) expect([fn, fn in EXAMPLES]).toEqual([fn, true]);
    for (const [fn, filter] of Object.entries(EXAMPLES)) {
      const res = await rawGet(`${t.url}/acme/odata/Projects?$select=Id&$filter=${encodeURIComponent(filter)}`, {
        ...POWER_QUERY_HEADERS,
        Authorization: a.auth,
      });
      expect([fn, res.status]).toEqual([fn, functions.includes(fn) ? 200 : 501]);
    }
  });
});
