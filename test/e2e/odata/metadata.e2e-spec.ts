// $metadata is CSDL XML valid against the OASIS edmx.xsd (SPEC 5), checked with libxml2's
// schema validator (xmllint compiled to WebAssembly, so no system package is needed).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { validateXML } from 'xmllint-wasm';
import request from 'supertest';
import { startTestApp, TestApp } from '../../support/test-app';
import { feedTenant, FeedTenant } from '../../support/odata-support';

/** The nearest `shared/odata/` above this file (beside the repository root, also from a git worktree). */
function sharedOData(dir = __dirname): string {
  const candidate = path.join(dir, 'shared/odata');
  return existsSync(candidate) || path.dirname(dir) === dir ? candidate : sharedOData(path.dirname(dir));
}
const SCHEMAS = sharedOData();
const schemaFile = (name: string) => ({ fileName: name, contents: readFileSync(path.join(SCHEMAS, name), 'utf8') });

describe('OData feed: $metadata', () => {
  let t: TestApp;
  let acme: FeedTenant;

  beforeAll(async () => {
    t = await startTestApp();
    acme = await feedTenant(t, 'acme');
  });
  afterAll(() => t.close());

  it('is application/xml and valid against edmx.xsd', async () => {
    const res = await request(t.url)
      .get('/acme/odata/$metadata')
      .set('Authorization', acme.auth)
      .buffer(true)
      .parse((r, cb) => {
        let text = '';
        r.on('data', (c: Buffer) => (text += c.toString('utf8')));
        r.on('end', () => cb(null, text));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/xml/);
    expect(res.headers['odata-version']).toBe('4.0');
    // edmx.xsd imports edm.xsd by relative location: preloaded under that name.
    const result = await validateXML({
      xml: [{ fileName: 'metadata.xml', contents: res.body as string }],
      schema: [schemaFile('edmx.xsd')],
      preload: [schemaFile('edm.xsd')],
    });
    if (!result.valid) throw new Error(`$metadata is not valid against edmx.xsd:\n${result.rawOutput}\n--- document ---\n${res.body}`);
    expect(result.errors).toEqual([]);
  });

  it('describes the planning model: keys, types, facets and the container', async () => {
    const res = await request(t.url)
      .get('/acme/odata/$metadata')
      .set('Authorization', acme.auth)
      .buffer(true)
      .parse((r, cb) => {
        let text = '';
        r.on('data', (c: Buffer) => (text += c.toString('utf8')));
        r.on('end', () => cb(null, text));
      });
    const xml = res.body as string;
    expect(xml).toContain('<Schema xmlns="http://docs.oasis-open.org/odata/ns/edm" Namespace="IPS">');
    expect(xml).toMatch(/<EntityType Name="Project">\s*<Key><PropertyRef Name="Id"\/><\/Key>/);
    expect(xml).toMatch(/<EntityType Name="Cashflow">\s*<Key><PropertyRef Name="ProjectId"\/><PropertyRef Name="Year"\/><\/Key>/);
    expect(xml).toContain('<Property Name="Id" Type="Edm.Int32" Nullable="false"/>');
    expect(xml).toContain('<Property Name="Owner" Type="Edm.String" Nullable="true" MaxLength="200"/>');
    expect(xml).toContain('<Property Name="StartDate" Type="Edm.Date" Nullable="false"/>');
    expect(xml).toContain('<Property Name="Npv" Type="Edm.Decimal" Nullable="false" Precision="18" Scale="2"/>');
    expect(xml).toContain('<Property Name="UpdatedAt" Type="Edm.DateTimeOffset" Nullable="false" Precision="3"/>');
    expect(xml).toContain('<Property Name="NetCashflow" Type="Edm.Decimal" Nullable="false" Precision="18" Scale="2"/>');
    expect(xml).toMatch(/<EntitySet Name="Projects" EntityType="IPS.Project">\s*<NavigationPropertyBinding Path="Cashflows" Target="Cashflows"\/>/);
    expect(xml).toMatch(/<EntitySet Name="Cashflows" EntityType="IPS.Cashflow">\s*<NavigationPropertyBinding Path="Project" Target="Projects"\/>/);
  });

  it('declares the navigation properties with their referential constraint (SPEC 6)', async () => {
    const xml = (
      await request(t.url)
        .get('/acme/odata/$metadata')
        .set('Authorization', acme.auth)
        .buffer(true)
        .parse((r, cb) => {
          let text = '';
          r.on('data', (c: Buffer) => (text += c.toString('utf8')));
          r.on('end', () => cb(null, text));
        })
    ).body as string;
    expect(xml).toContain('<NavigationProperty Name="Cashflows" Type="Collection(IPS.Cashflow)" Partner="Project"/>');
    expect(xml).toContain(
      '<NavigationProperty Name="Project" Type="IPS.Project" Nullable="false" Partner="Cashflows"><ReferentialConstraint Property="ProjectId" ReferencedProperty="Id"/></NavigationProperty>',
    );
  });
});
