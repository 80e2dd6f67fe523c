// $metadata describes the planning model (its validity against the OASIS edmx.xsd is checked
// by npm run test:conformance, test/conformance/metadata-xsd.conformance-spec.ts).
import { startTestApp, TestApp } from '../../support/test-app';
import { destroyAgent, feedTenant, FeedTenant, rawGet } from '../../support/odata-support';

describe('OData feed: $metadata', () => {
  let t: TestApp;
  let acme: FeedTenant;
  let xml: string;

  beforeAll(async () => {
    t = await startTestApp();
    acme = await feedTenant(t, 'acme');
    xml = (await rawGet(`${t.url}/acme/odata/$metadata`, { Authorization: acme.auth })).text;
  });
  afterAll(async () => {
    destroyAgent();
    await t.close();
  });

  it('describes the planning model: keys, types, facets and the container', () => {
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

  it('declares the navigation properties with their referential constraint (SPEC 6)', () => {
    expect(xml).toContain('<NavigationProperty Name="Cashflows" Type="Collection(IPS.Cashflow)" Partner="Project"/>');
    expect(xml).toContain(
      '<NavigationProperty Name="Project" Type="IPS.Project" Nullable="false" Partner="Cashflows"><ReferentialConstraint Property="ProjectId" ReferencedProperty="Id"/></NavigationProperty>',
    );
  });
});
