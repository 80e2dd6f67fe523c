// A second, independent OData client library (@odata/client, a V4 client with its own URL
// building, Basic credentials and response handling) reads the feed with $expand and nested
// options, a navigation path and a key; the results must equal direct SQL.
import { OData } from '@odata/client';
import { DataSource } from 'typeorm';
import { startTestApp, TestApp } from '../../support/test-app';
import { feedTenant, FeedTenant, loadProjects } from '../../support/odata-support';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('OData feed: @odata/client against direct SQL', () => {
  let t: TestApp;
  let acme: FeedTenant;
  let db: DataSource;
  let client: ReturnType<typeof OData.New4>;

  beforeAll(async () => {
    t = await startTestApp();
    acme = await feedTenant(t, 'acme');
    const other = await feedTenant(t, 'other');
    await loadProjects(t, acme.id, 1, 30, 60);
    await loadProjects(t, other.id, 100, 105, 60);
    db = t.app.get(DataSource);
    client = OData.New4({ serviceEndpoint: `${t.url}/acme/odata/`, credential: { username: 'FeedKey', password: acme.key } });
  });
  afterAll(() => t.close());

  it('reads Projects with $expand=Cashflows($filter=Year ge 2040;$select=Year,NetCashflow), equal to SQL', async () => {
    const options = client
      .newOptions()
      .select(['Id', 'Name'])
      .filter(client.newFilter().property('Region').eq('Permian'))
      .expand('Cashflows($filter=Year ge 2040;$select=Year,NetCashflow)');
    const projects: Json[] = await client.getEntitySet('Projects').query(options);
    const expected: Json[] = await db.query("SELECT `id`, `name` FROM `project` WHERE `tenantId` = ? AND `region` = 'Permian' ORDER BY `id`", [acme.id]);
    expect(expected.length).toBeGreaterThan(3);
    expect(projects.map((p) => [p.Id, p.Name])).toEqual(expected.map((e) => [Number(e.id), e.name]));
    const cashflows: Json[] = await db.query(
      "SELECT c.`projectId`, c.`year`, c.`netCashflow` FROM `cashflow` c JOIN `project` p ON p.`id` = c.`projectId` WHERE c.`tenantId` = ? AND p.`region` = 'Permian' AND c.`year` >= 2040 ORDER BY c.`projectId`, c.`year`",
      [acme.id],
    );
    const got = projects.flatMap((p) => p.Cashflows.map((c: Json) => `${p.Id}/${c.Year}:${c.NetCashflow}`));
    expect(got).toEqual(cashflows.map((c) => `${Number(c.projectId)}/${Number(c.year)}:${Number(c.netCashflow)}`));
    for (const p of projects) for (const c of p.Cashflows) expect(Object.keys(c)).toEqual(['Year', 'NetCashflow']);
  });

  it('reads a navigation path and an entity by key through the client', async () => {
    const [first] = await db.query('SELECT MIN(`id`) AS id FROM `project` WHERE `tenantId` = ?', [acme.id]);
    const id = Number(first.id);
    const rows: Json[] = await client
      .getEntitySet(`Projects(${id})/Cashflows`)
      .query(client.newOptions().filter(client.newFilter().property('Year').ge(2050)).select(['Year', 'Revenue']));
    const expected: Json[] = await db.query(
      'SELECT `year`, `revenue` FROM `cashflow` WHERE `tenantId` = ? AND `projectId` = ? AND `year` >= 2050 ORDER BY `year`',
      [acme.id, id],
    );
    expect(rows.map((r) => [r.Year, r.Revenue])).toEqual(expected.map((e) => [Number(e.year), Number(e.revenue)]));
    const project: Json = await client.getEntitySet('Projects').retrieve(id);
    expect(project).toMatchObject({ Id: id, Name: 'Field 00001' });
  });

  it('counts with the client, equal to COUNT(*)', async () => {
    const n = await client.getEntitySet('Cashflows').count(client.newFilter().property('Year').ge(2040));
    const [e] = await db.query('SELECT COUNT(*) AS n FROM `cashflow` WHERE `tenantId` = ? AND `year` >= 2040', [acme.id]);
    expect(n).toBe(Number(e.n));
  });
});
