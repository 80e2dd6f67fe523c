// $metadata describes the planning model (its validity against the OASIS edmx.xsd is checked
// by npm run test:conformance, test/conformance/metadata-xsd.conformance-spec.ts).
import request from 'supertest';
import { startTestApp, TestApp } from '../../support/test-app';
import { feedTenant, FeedTenant } from '../../support/odata-support';

describe('OData feed: $metadata', () => {
  let t: TestApp;
  let acme: FeedTenant;

  beforeAll(async () => {
    t = await startTestApp();
    acme = await feedTenant(t, 'acme');
  });
  afterAll(() => t.close());

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
